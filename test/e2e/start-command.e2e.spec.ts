import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { freePorts } from '../../bench/system.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signToken } from '../../src/identity/jwt.js';
import { TEST_CALENDAR_DIR } from '../support/app.js';

/**
 * The README's first command, as a user runs it: `npm start` brings the whole system up on the
 * embedded SQLite store and a local Temporal dev server, Ctrl-C stops every process it started,
 * and a second start resumes with the same data.
 */
const ROOT = resolve(import.meta.dirname, '../..');

const listening = () =>
  new Promise<Server>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done(server));
  });

async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before becoming healthy`);
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url}/health did not answer 200 within ${timeoutMs / 1000} s`);
}

const exited = (child: ChildProcess) => new Promise<number | null>((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code))));
const groupMembers = (pgid: number) => spawnSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' }).stdout.trim();

/** Processes get the launcher's grace period (10 s) to finish cleanly before it kills them. */
async function groupGone(pgid: number, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (groupMembers(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  const left = groupMembers(pgid);
  return left ? spawnSync('ps', ['-o', 'pid,stat,args', '-g', String(pgid)], { encoding: 'utf8' }).stdout : '';
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'metrology-start-'));
  const started: ChildProcess[] = [];
  afterAll(() => {
    for (const child of started) if (child.pid && groupMembers(child.pid)) process.kill(-child.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start() {
    const [port, temporalPort, uiPort] = await freePorts(3);
    const env: NodeJS.ProcessEnv = { ...process.env, CALENDAR_DIR: TEST_CALENDAR_DIR, DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort), LOG_LEVEL: 'warn' };
    for (const inherited of ['JWT_SECRET', 'EVENT_STORE_URL', 'TEMPORAL_ADDRESS']) delete env[inherited];
    // Its own process group, like a terminal's foreground job: Ctrl-C reaches every member.
    const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    started.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, child).catch((error) => {
      throw new Error(`${(error as Error).message}\n${stderr}`);
    });
    // The launcher prints the addresses once it has seen the API healthy itself.
    for (let i = 0; i < 40 && !stderr.includes('Ctrl-C stops everything'); i++) await new Promise((r) => setTimeout(r, 250));
    return { child, url, stderr: () => stderr };
  }

  it('starts everything, stops everything on Ctrl-C, and keeps the data for the next start', async () => {
    const first = await start();
    expect(first.stderr()).toMatch(/Swagger UI\s+http:\/\/localhost:\d+\/api\/docs/);
    // The web console, built by npm start and served by the API at `/`, with its development sign-in.
    expect(first.stderr()).toMatch(/Console\s+http:\/\/localhost:\d+\//);
    const page = await fetch(`${first.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).toContain('"devUsers":[');
    expect((await fetch(`${first.url}/api/v1/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sub":"demo-auditor"}' })).status).toBe(200);
    const secret = readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    const token = signToken({ sub: 'engineer-1', roles: ['institution'], institutionId: 'inst-1' }, secret);
    const created = await fetch(`${first.url}/api/v1/assessment-cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ kind: 'NEW', standard: { name: 'Pressure gauge standard', category: 'PUBLIC', measurand: 'pressure' } }),
    });
    expect(created.status).toBe(201);
    const { caseId } = (await created.json()) as { caseId: string };

    process.kill(-first.child.pid!, 'SIGINT');
    await exited(first.child);
    const left = await groupGone(first.child.pid!);
    expect(left ? `${left}\n${first.stderr()}` : '').toBe('');

    const second = await start();
    const read = await fetch(`${second.url}/api/v1/assessment-cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ caseId, status: 'SUBMITTED' });

    // SIGTERM to the launcher alone (as a service manager sends it) also stops its children.
    process.kill(second.child.pid!, 'SIGTERM');
    await exited(second.child);
    expect(await groupGone(second.child.pid!)).toBe('');
  });

  it('refuses to start, naming the port, when another program already listens on it', async () => {
    // Another program on the API's port would otherwise answer in its place.
    const squatter = await listening();
    const port = (squatter.address() as AddressInfo).port;
    try {
      const [temporalPort, uiPort] = await freePorts(2);
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), TEMPORAL_DEV_PORT: String(temporalPort), TEMPORAL_UI_PORT: String(uiPort) };
      for (const inherited of ['EVENT_STORE_URL', 'TEMPORAL_ADDRESS']) delete env[inherited];
      const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      started.push(child);
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      expect(await exited(child)).toBe(1);
      expect(stderr).toContain(`port ${port} is already in use by another program`);
      expect(stderr).not.toContain('Ctrl-C stops everything');
      expect(await groupGone(child.pid!)).toBe('');
    } finally {
      await new Promise((done) => squatter.close(done));
    }
  });
});
