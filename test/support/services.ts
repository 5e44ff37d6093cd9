import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { dropDatabase } from '../../bench/support.js';

/**
 * Access to the real services that `npm test` provisions (scripts/test.sh). A test that needs one
 * fails with a message saying how to get it, rather than skipping: a skipped test proves nothing.
 */
function required(name: string, purpose: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: ${purpose}. Run the tests with \`npm test\`, which provisions it.`);
  return value;
}

/** Workers log every state change at INFO; the tests keep warnings and errors only. */
function quietWorkerLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier test file.
  }
}

/**
 * Up to three starts of a Temporal server. The SDK gives a server 5 s to answer; the dev server
 * also exits at once when a port it drew at random was taken before it bound it. Either is worth
 * another start, not a failed suite.
 */
async function startWithRetries(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3) throw error;
      process.stderr.write(`Temporal server did not start (attempt ${attempt} of 3): ${(error as Error).message}\n`);
    }
  }
}

/** A Temporal dev server (the Temporal CLI built by scripts/ensure-temporal-cli.sh). */
export function startDevServer(): Promise<TestWorkflowEnvironment> {
  quietWorkerLogs();
  const path = process.env.TEMPORAL_CLI_PATH;
  return startWithRetries(() => TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      ...(path ? { executable: { type: 'existing-path', path } } : {}),
      extraArgs: ['--log-level', 'error'],
    },
  }));
}

/** The Java time-skipping test server, through the launcher of scripts/ensure-temporal-test-server.sh. */
export function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = required('TEMPORAL_TEST_SERVER_PATH', 'the launcher of the Java time-skipping test server');
  quietWorkerLogs();
  return startWithRetries(() => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } }));
}

/** A new, empty database on the tests' PostgreSQL; drop it when done. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = required('TEST_DATABASE_URL', 'a PostgreSQL database for the tests');
  const name = `metrology_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropDatabase(base, name),
  };
}
