/**
 * What every benchmark shares: the result rows ({ name, unit, value, baseline, ratio }), a log on
 * stderr with the elapsed time, a fresh PostgreSQL database per run, cleanup at the end (also on
 * failure and on SIGINT/SIGTERM), and atomic writes of the results.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
export const RUN = randomBytes(4).toString('hex');

/** One result row; `ratio` above 1 always means faster than the baseline. */
export interface Row {
  name: string;
  unit: string;
  value: number;
  /** The raw equivalent measured in the same run; null for a figure that has none (a latency target). */
  baseline: number | null;
  ratio: number | null;
}

export const now = (): number => performance.now();
export const round = (x: number, digits: number): number => Number(x.toFixed(digits));
/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const started = now();
export const elapsedSeconds = (): number => (now() - started) / 1000;
export const log = (message: string): void => {
  process.stderr.write(`[${elapsedSeconds().toFixed(1).padStart(6)}s] ${message}\n`);
};

export function machineFacts(): { cpus: number; model: string; memoryGiB: number; platform: string } {
  return { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: round(totalmem() / 2 ** 30, 1), platform: `${process.platform} ${process.arch}` };
}

// ---------------------------------------------------------------------------------------------
// Cleanup: steps run in reverse order of registration, each once, whatever happens.

const cleanups: (() => Promise<void> | void)[] = [];
let cleaned: Promise<void> | undefined;

export function onCleanup(step: () => Promise<void> | void): void {
  cleanups.push(step);
}

/** Wraps a cleanup so that calling it early (to measure without it) and again at the end does it once. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

export function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        log(`cleanup step failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaned;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** Runs the benchmark's main, always cleans up, and exits 0 or 1. */
export async function runBenchmark(main: () => Promise<void>): Promise<never> {
  let failed = false;
  try {
    await main();
  } catch (error) {
    failed = true;
    log(`benchmark failed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await cleanup();
  }
  process.exit(failed ? 1 : 0);
}

/** A fresh `bench_<run>` database on the benchmark's PostgreSQL, dropped at cleanup. */
/**
 * Drops a database of the tests or the benchmarks once its users are gone. A plain DROP first: it
 * also stops an autovacuum worker visiting the database, which `WITH (FORCE)` refuses to terminate
 * for a role without pg_signal_backend ("must be a member of the role whose process is being
 * terminated"). FORCE only for sessions still open after that, and again after a pause if an
 * autovacuum worker came back meanwhile.
 */
export async function dropDatabase(connectionString: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // A pool's end() resolves before its connections are gone; let them go before dropping.
    for (let waited = 0; waited < 5000; waited += 20) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = $2', [name, 'client backend']);
      if (rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name}${attempt === 1 ? '' : ' WITH (FORCE)'}`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // 55006: still in use by a session; 42501: FORCE met an autovacuum worker.
        if ((code !== '55006' && code !== '42501') || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(benchmark: string): Promise<{ url: string; version: string }> {
  const baseUrl = process.env.BENCH_DATABASE_URL;
  if (!baseUrl) throw new Error(`BENCH_DATABASE_URL is not set: run \`npm run bench -- ${benchmark}\`, which provisions PostgreSQL`);
  const dbName = `bench_${RUN}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const version = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  await admin.end();
  onCleanup(async () => {
    await dropDatabase(baseUrl, dbName);
    log(`dropped database ${dbName}`);
  });
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  log(`database ${dbName} on ${url.host} (PostgreSQL ${version})`);
  return { url: url.toString(), version };
}

export function writeAtomically(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
