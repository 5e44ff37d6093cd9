/**
 * Running the engine's real processes from a harness (the fault run, the HTTP benchmark, the soak):
 * free ports, one managed child process that can be killed and started again under the same name,
 * the Temporal dev server with its state in a file (so that it survives a restart), and waits.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, log } from './support.js';

/**
 * `count` distinct free ports on 127.0.0.1. All are held at once before any is released: ports
 * taken one after another may coincide, and two processes would then fight for one port.
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<Server>((listening, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => listening(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  return ports;
}

export const freePort = async (): Promise<number> => (await freePorts(1))[0];

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 200 ms until it answers true; fails after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

export async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolveOpen) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

/**
 * The live JS heap, in bytes, after a full collection, of a process started with
 * `--inspect=127.0.0.1:<inspectPort>` (through bench/heap-probe.ts). The collection pauses it briefly.
 */
export async function retainedHeap(inspectPort: number): Promise<number> {
  const targets = (await fetch(`http://127.0.0.1:${inspectPort}/json/list`).then((r) => r.json())) as { webSocketDebuggerUrl: string }[];
  const { stdout } = await promisify(execFile)(process.execPath, ['--experimental-websocket', join(ROOT, 'dist', 'bench', 'heap-probe.js'), targets[0].webSocketDebuggerUrl]);
  const bytes = Number(stdout.trim());
  if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`the heap probe answered "${stdout.trim()}"`);
  return bytes;
}

/** Resident memory of a process in bytes (Linux: /proc/<pid>/status, VmRSS). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb[1]) * 1024;
}

/**
 * One child process under a fixed name: started, killed (any signal) and started again with the
 * same command and environment. Its standard error is shown prefixed with the name (standard output
 * carries routine logs and is dropped); an exit the harness did not ask for is logged.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  private expectingExit = false;
  starts = 0;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly quiet: RegExp | undefined = undefined,
  ) {}

  /** A process of the engine from dist/src (main.js or worker.js). */
  static engine(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): ManagedProcess {
    // Connection errors while PostgreSQL, Temporal or the other processes are being killed are expected; the first line says enough.
    // BENCH_CPU_PROFILE_DIR=<dir>: each process writes a V8 CPU profile there when it stops.
    const dir = process.env.BENCH_CPU_PROFILE_DIR;
    const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
    return new ManagedProcess(name, process.execPath, [...profile, ...nodeArgs, join(ROOT, 'dist', 'src', script)], env);
  }

  get pid(): number | undefined {
    return this.alive ? this.child?.pid : undefined;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.alive) return;
    this.expectingExit = false;
    this.starts += 1;
    const child = spawn(this.command, this.args, { env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const show = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() && !(this.quiet && this.quiet.test(line))) process.stderr.write(`  [${this.name}] ${line.slice(0, 400)}\n`);
      }
    };
    // The engine logs JSON lines on standard output: shown when LOG_LEVEL keeps only errors.
    if (this.env.LOG_LEVEL === 'error') child.stdout!.on('data', show);
    else child.stdout!.resume();
    child.stderr!.on('data', show);
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) log(`${this.name} exited unexpectedly (${signal ?? code})`);
    });
  }

  /** Sends `signal` and resolves once the process has exited (SIGKILL after `graceMs`). */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child || !this.alive) return;
    this.expectingExit = true;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The Temporal CLI's dev server with its state in `dbFile`: a restart (SIGTERM, then the same
 * command) keeps every workflow.
 */
export function temporalDevServer(cliPath: string, port: number, dbFile: string): ManagedProcess {
  return new ManagedProcess(
    'temporal',
    cliPath,
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', dbFile, '--log-level', 'error'],
    {},
    // The dev server logs every refused connection during its own restart; not worth a line each.
    /unable to|connection refused|context canceled|Update workflow execution operation failed/i,
  );
}

/**
 * Starts the Temporal dev server and waits until its gRPC port answers. The dev server picks its
 * HTTP, metrics and cluster-membership ports at random and releases them before binding them, so
 * another process can take one in between; it then exits at once ("failed listening ..."). Such an
 * early exit is retried with a fresh draw, up to `attempts` starts.
 */
export async function startTemporal(temporal: ManagedProcess, port: number, what = 'the Temporal dev server', timeoutMs = 120_000, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    temporal.start();
    const deadline = Date.now() + timeoutMs;
    while (temporal.alive && !(await portOpen(port))) {
      if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
      await sleep(200);
    }
    if (temporal.alive) return;
    if (attempt >= attempts) throw new Error(`${what} exited while starting, ${attempts} times; its errors are above`);
    log(`${what} exited while starting (attempt ${attempt} of ${attempts}); starting it again`);
  }
}

/**
 * `concurrency` loops sending `request` back to back for `durationMs`; counts the requests that
 * ended within the time and their client-side latencies (ms). A request that answers an unexpected
 * status fails the measure.
 */
export async function closedLoop(concurrency: number, durationMs: number, request: (lane: number, n: number) => Promise<void>): Promise<{ count: number; seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  const end = started + durationMs;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (performance.now() < end) {
        const t = performance.now();
        await request(lane, n++);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { count: latencies.length, seconds: (performance.now() - started) / 1000, latencies };
}
