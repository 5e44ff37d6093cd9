import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';

/**
 * The workflow code lives in workflows/, next to src/. Resolved from this file so that it works
 * both from the compiled dist/ (index.js) and from TypeScript sources under the test runner.
 */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`../../workflows/index${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** Open workflows kept in memory between their tasks; undefined: the SDK's default. */
  maxCachedWorkflows?: number;
}

/** One Temporal worker for every workflow of the engine, with the application's activities. */
export function createMetrologyWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: options.activities,
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
}

/** Connects to Temporal, retrying while it starts (a dev server can take a few seconds). */
export async function connectWithRetry(address: string, timeoutMs = 60_000): Promise<NativeConnection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await NativeConnection.connect({ address });
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not answer within ${timeoutMs / 1000} s: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
