/**
 * HTTP benchmark: `npm run bench -- http` (scripts/bench.sh builds, provisions PostgreSQL and the
 * Temporal CLI, and sets BENCH_DATABASE_URL and TEMPORAL_CLI_PATH).
 *
 * One API process (dist/src/main.js, NODE_ENV=production) on a fresh PostgreSQL database and a
 * Temporal dev server, started with BENCH_BASELINE_ROUTES=1 so that the same process also serves
 * the bare endpoints of src/operations/bench-baseline.module.ts. This process is the client, with
 * 32 connections sending requests back to back (closed loop):
 *
 * - http.command: authenticated commands per second through the whole API (a bearer token, DTO
 *   validation, the command bus, the decider, an append with its hash chain; the projections run
 *   in the same process): new assessment applications (POST /api/v1/assessment-cases), each a new
 *   case. Baseline: POST /api/bench/baseline/insert with the same body, one raw INSERT of it.
 * - http.query.*: the main read models (GET /api/v1/assessment-cases: the list of 200 cases;
 *   GET /api/v1/assessment-cases/:id; GET /api/v1/inbox of the secretariat) against one raw SELECT of
 *   the same rows of the read model's table (GET /api/bench/baseline/documents/...).
 *
 * Each pair alternates in A-B-B-A segments of BENCH_HTTP_SEGMENT_S seconds (default 8) after a
 * warm-up, so that load from outside falls on both alike. `ratio = value / baseline` (requests per
 * second); latency rows give p50 and p99 with the baseline's, ratio = baseline / value.
 * Writes bench/results/http.json (rows as event-store.json) and http.machine.json.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../src/identity/jwt.js';
import type { Role } from '../src/identity/roles.js';
import { closedLoop, freePort, ManagedProcess, startTemporal, temporalDevServer, waitFor } from './system.js';
import {
  createBenchDatabase,
  elapsedSeconds,
  log,
  machineFacts,
  median,
  onCleanup,
  percentile,
  RESULTS_DIR,
  ROOT,
  round,
  RUN,
  runBenchmark,
  writeAtomically,
  type Row,
} from './support.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SEGMENT_MS = Number(process.env.BENCH_HTTP_SEGMENT_S ?? 8) * 1000;
const WARMUP_MS = 5000;
const ONLY = process.env.BENCH_HTTP_ONLY;
const QUERY_CASES = 200;
const COMMAND_TARGET = 0.5;
const JWT_SECRET = `bench-secret-${RUN}-that-is-long-enough-for-hs256`;
const APPLICANT = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
const token = (role: Role, sub: string, institutionId?: string) => signToken({ sub, roles: [role], institutionId }, JWT_SECRET, 4 * 3600);
const tokens = { admin: token('admin', 'bench-admin'), institution: token('institution', 'bench-engineer', APPLICANT.uscc), secretariat: token('secretariat', 'bench-officer') };

export interface ApiUnderTest {
  base: string;
  api: ManagedProcess;
  databaseVersion: string;
}

/**
 * A Temporal dev server and one API process with the baseline routes, on a fresh database; with a
 * worker when asked, and the API's inspector on `apiInspectPort` when one is given.
 */
export async function startApi(name: string, extraEnv: Record<string, string> = {}, withWorker = false, apiInspectPort?: number): Promise<ApiUnderTest & { worker?: ManagedProcess; workerMetrics?: string }> {
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!cliPath) throw new Error(`TEMPORAL_CLI_PATH is not set: run \`npm run bench -- ${name}\`, which provisions the Temporal CLI`);
  const database = await createBenchDatabase(name);
  const dataDir = mkdtempSync(join(tmpdir(), `metrology-bench-${name}-`));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const temporalPort = await freePort();
  const temporal = temporalDevServer(cliPath, temporalPort, join(dataDir, 'temporal.db'));
  onCleanup(() => temporal.kill('SIGTERM'));
  await startTemporal(temporal, temporalPort);
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    EVENT_STORE_URL: database.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
    TEMPORAL_TASK_QUEUE: `bench-${name}-${RUN}`,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_ADDRESS: '0',
    RATE_LIMIT_PER_TOKEN: '0',
    WORKER_METRICS_PORT: '0',
    BENCH_BASELINE_ROUTES: '1',
    CALENDAR_DIR: join(ROOT, 'test', 'fixtures', 'calendar'),
    ...extraEnv,
  };
  const api = ManagedProcess.engine('api', 'main.js', env, apiInspectPort ? [`--inspect=127.0.0.1:${apiInspectPort}`] : []);
  api.start();
  onCleanup(() => api.kill('SIGTERM'));
  let worker: ManagedProcess | undefined;
  let workerMetrics: string | undefined;
  if (withWorker) {
    const metricsPort = await freePort();
    workerMetrics = `http://127.0.0.1:${metricsPort}/metrics`;
    worker = ManagedProcess.engine('worker', 'worker.js', { ...env, WORKER_METRICS_PORT: String(metricsPort) });
    worker.start();
    onCleanup(() => worker!.kill('SIGTERM'));
  }
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/health`)).status === 200, 'the API', 120_000);
  log(`API on ${base} (PostgreSQL ${database.version}, baseline routes mounted)${withWorker ? ' and a worker' : ''}`);
  return { base, api, worker, workerMetrics, databaseVersion: database.version };
}

export async function call(base: string, method: 'GET' | 'POST', path: string, bearer: string | undefined, body: unknown, expected: number): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

export async function registerApplicant(base: string): Promise<void> {
  await call(base, 'POST', '/api/v1/registry/institutions', tokens.admin, APPLICANT, 201);
}

interface Pair {
  name: string;
  unit: string;
  app: (lane: number, n: number) => Promise<void>;
  bare: (lane: number, n: number) => Promise<void>;
}

/** Warm-up of both sides, then A-B-B-A segments; requests per second and latencies of each side. */
async function measure(pair: Pair): Promise<Row[]> {
  // BENCH_HTTP_ONLY=<prefix>: measure only the pairs whose name starts with it (while profiling one); writes nothing.
  if (ONLY && !pair.name.startsWith(ONLY)) return [];
  await closedLoop(CONCURRENCY, WARMUP_MS, pair.app);
  await closedLoop(CONCURRENCY, WARMUP_MS, pair.bare);
  const sides = { app: { count: 0, seconds: 0, latencies: [] as number[] }, bare: { count: 0, seconds: 0, latencies: [] as number[] } };
  for (const side of ['app', 'bare', 'bare', 'app'] as const) {
    const r = await closedLoop(CONCURRENCY, SEGMENT_MS, pair[side]);
    sides[side].count += r.count;
    sides[side].seconds += r.seconds;
    sides[side].latencies.push(...r.latencies);
    log(`${pair.name} ${side}: ${(r.count / r.seconds).toFixed(1)} ${pair.unit}`);
  }
  const rate = (s: typeof sides.app) => s.count / s.seconds;
  const rows: Row[] = [{ name: pair.name, unit: pair.unit, value: round(rate(sides.app), 1), baseline: round(rate(sides.bare), 1), ratio: round(rate(sides.app) / rate(sides.bare), 3) }];
  for (const [label, p] of [['p50', 50], ['p99', 99]] as const) {
    const value = percentile(sides.app.latencies, p);
    const baseline = percentile(sides.bare.latencies, p);
    rows.push({ name: `${pair.name}.${label}`, unit: 'ms', value: round(value, 2), baseline: round(baseline, 2), ratio: round(baseline / value, 3) });
  }
  return rows;
}

async function main(): Promise<void> {
  const { base, databaseVersion } = await startApi('http');
  await registerApplicant(base);
  const submitBody = (n: number) => ({ kind: 'NEW', standard: { name: `Bench pressure standard ${n}`, category: 'PUBLIC', measurand: 'pressure' } });

  // ---- Queries first, on a read model of QUERY_CASES cases (the list is not paged: it grows with the log).
  const caseIds: string[] = [];
  for (let i = 0; i < QUERY_CASES; i++) caseIds.push((await call(base, 'POST', '/api/v1/assessment-cases', tokens.institution, submitBody(i), 201)).caseId);
  await waitFor(async () => ((await call(base, 'GET', '/api/v1/assessment-cases', tokens.secretariat, undefined, 200)) as unknown[]).length === QUERY_CASES, 'the case projection');
  log(`${QUERY_CASES} cases in the read model`);
  const rows: Row[] = [];
  const get = (path: string, bearer?: string) => () => call(base, 'GET', path, bearer, undefined, 200).then(() => undefined);
  const pick = (n: number) => caseIds[n % caseIds.length];
  rows.push(
    ...(await measure({ name: 'http.query.case-list', unit: 'req/s', app: get('/api/v1/assessment-cases', tokens.secretariat), bare: get('/api/bench/baseline/documents/assessment-cases') })),
    ...(await measure({
      name: 'http.query.case-detail',
      unit: 'req/s',
      app: (_, n) => call(base, 'GET', `/api/v1/assessment-cases/${pick(n)}`, tokens.secretariat, undefined, 200),
      bare: (_, n) => call(base, 'GET', `/api/bench/baseline/documents/assessment-cases/${pick(n)}`, undefined, undefined, 200),
    })),
    ...(await measure({ name: 'http.query.inbox', unit: 'req/s', app: get('/api/v1/inbox', tokens.secretariat), bare: get('/api/bench/baseline/documents/assessment-cases') })),
  );

  // ---- Commands: each a new application, against one raw INSERT of the same body.
  let seq = QUERY_CASES;
  rows.unshift(
    ...(await measure({
      name: 'http.command',
      unit: 'cmd/s',
      app: () => call(base, 'POST', '/api/v1/assessment-cases', tokens.institution, submitBody(++seq), 201),
      bare: () => call(base, 'POST', '/api/bench/baseline/insert', undefined, submitBody(++seq), 201),
    })),
  );

  printTable(rows);
  if (ONLY) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeAtomically(join(RESULTS_DIR, 'http.json'), rows);
  writeAtomically(join(RESULTS_DIR, 'http.machine.json'), {
    machine: machineFacts(),
    node: process.version,
    postgres: databaseVersion,
    temporal: 'Temporal CLI dev server v1.5.1',
    date: new Date().toISOString(),
    durationSeconds: round(elapsedSeconds(), 1),
    parameters: { concurrency: CONCURRENCY, warmupSeconds: WARMUP_MS / 1000, segmentSeconds: SEGMENT_MS / 1000, order: 'app bare bare app', queryCases: QUERY_CASES },
    notes: {
      'http.command': `new assessment applications through the whole API (token, validation, command bus, decider, append, projections in the same process), ${CONCURRENCY} connections, vs one raw INSERT of the same JSON per request in the same process (BENCH_BASELINE_ROUTES=1); target ratio >= ${COMMAND_TARGET}`,
      'http.query.case-list': `GET /api/v1/assessment-cases of ${QUERY_CASES} cases (secretariat) vs SELECT of the same documents`,
      'http.query.case-detail': 'GET /api/v1/assessment-cases/:id vs SELECT of that document',
      'http.query.inbox': `GET /api/v1/inbox (secretariat, ${QUERY_CASES} submitted cases) vs SELECT of the case documents`,
      latency: 'client-side p50/p99 of each side; ratio = baseline / value',
    },
  });
  log(`wrote ${join('bench', 'results', 'http.json')} and http.machine.json`);
}

function printTable(rows: Row[]): void {
  console.log('');
  console.log(`HTTP benchmark, ${CONCURRENCY} connections (ratio > 1: faster than the bare baseline)`);
  for (const r of rows) {
    const verdict = r.name === 'http.command' ? `(target >= ${COMMAND_TARGET}) ${r.ratio! >= COMMAND_TARGET ? 'ok' : 'MISS'}` : '';
    console.log(`  ${r.name.padEnd(28)} ${String(r.value).padStart(9)} ${r.unit.padEnd(6)} baseline ${String(r.baseline).padStart(9)}  ratio ${r.ratio!.toFixed(3)} ${verdict}`);
  }
  console.log(`  total run time ${elapsedSeconds().toFixed(1)} s`);
}

if (process.argv[1]?.endsWith('http.bench.js')) await runBenchmark(main);
export { median, tokens };
