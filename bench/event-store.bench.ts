/**
 * Event-store benchmark: `npm run bench -- event-store` (scripts/bench.sh builds, provisions
 * PostgreSQL and sets BENCH_DATABASE_URL).
 *
 * Every row measures the store and a raw baseline in the same run, on the same database (a fresh
 * `bench_<random>` database on the PostgreSQL server, dropped at the end even on failure, and a
 * fresh SQLite file in a temp dir, removed at the end). `ratio = value / baseline` for throughputs
 * (events/s), `ratio = baseline / value` for times (ms), so that a ratio above 1 always means the
 * store is faster than its raw baseline.
 *
 * Fairness rules kept throughout:
 * - the events (and the baselines' equivalent rows: same columns, same canonical JSON text, same
 *   64-hex hashes) are generated before the clock starts, on both sides;
 * - both sides use the same driver (`pg` with a pool of the store's size, 10; better-sqlite3 with
 *   the store's pragmas) and the same concurrency;
 * - timed phases are cut into segments run in repeated A-B-B-A order (store, raw, raw, store,
 *   store, raw, ...), so drift and other load on the machine (checkpoints, autovacuum, other
 *   processes) weigh on both sides alike; everything is warmed up first.
 *
 * Writes bench/results/event-store.json (an array of { name, unit, value, baseline, ratio }) and
 * bench/results/event-store.machine.json (machine, versions, date, parameters).
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AssessmentEventTypes } from '../events/assessment.events.js';
import type { NewEvent } from '../src/event-store/event-store.port.js';
import { canonicalJson } from '../src/event-store/hashing.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import type { StoredEventRow } from '../src/event-store/stored-event.js';
import { createBenchDatabase, elapsedSeconds, log, machineFacts, median, now, onCleanup, once, RESULTS_DIR, round, RUN, runBenchmark, writeAtomically } from './support.js';

// ---------------------------------------------------------------------------------------------
// Parameters (sized for a ~6 minute run on a 2-core machine).

const POOL_SIZE = 10; // PostgresEventStore's default pool size
const SINGLE_WRITERS = 8;
const SINGLE_PER_WRITER = 1000; // 8,000 timed single appends per side
const BATCH_WRITERS = 8;
const BATCH_PER_WRITER = 80; // 640 timed 100-event appends (64,000 events) per side
const BATCH_SIZE = 100;
const SQLITE_APPENDS = 4000; // one writer
// Appends per writer in one A-B-B-A segment: short segments, so that load from outside the
// benchmark (this machine is shared) falls on both sides alike. SQLite alternates every append.
const SINGLE_SEGMENT = 25;
const BATCH_SEGMENT = 5;
const READ_ALL_EVENTS = 100_000; // the store is topped up to exactly this many before readAll/verify
const READ_BATCH = 1000;
const VERIFY_BATCH = 2000; // verification.ts reads in batches of 2,000
const SMALL_STORE = 10_000;
const LARGE_STORE = 1_000_000;
const STREAM_LEN = 50;
const STREAM_READS = 300; // timed reads per side and store size, after warm-up
const SMALL_SCHEMA = 'store_10k';
const FILL_CHUNK = 100_000;


// ---------------------------------------------------------------------------------------------
// Events and their raw equivalents.

const RAW_COLUMNS = ['event_id', 'stream_id', 'revision', 'type', 'schema_version', 'data', 'metadata', 'recorded_at', 'prev_hash', 'hash'] as const;
type RawRow = Omit<StoredEventRow, 'global_position'>;

let eventSeq = 0;
function newEvent(caseId: string): NewEvent {
  const id = `evt-${RUN}-${++eventSeq}`;
  return {
    id,
    type: AssessmentEventTypes.ApplicationSubmitted,
    schemaVersion: 1,
    metadata: { commandId: `cmd-${id}`, actorId: 'user-0001', role: 'institution', institutionId: 'inst-0001', correlationId: `corr-${caseId}` },
    data: {
      caseId,
      kind: 'NEW',
      institutionId: 'inst-0001',
      standard: { name: 'Mass standard set E2, 1 mg to 500 g', category: 'PUBLIC', measurand: 'mass' },
      submittedAt: '2026-11-27T02:00:00.000Z',
      acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
    },
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The row a plain log would store for this event: same columns, same text, same sizes. */
function rawRows(streamId: string, events: NewEvent[], firstRevision: number, prevHash: string | null): RawRow[] {
  const recordedAt = new Date().toISOString();
  return events.map((event, i) => {
    const hash = sha256(`${event.id}:${prevHash}`);
    const row: RawRow = {
      event_id: `raw-${event.id}`,
      stream_id: streamId,
      revision: firstRevision + i,
      type: event.type,
      schema_version: event.schemaVersion,
      data: canonicalJson(event.data),
      metadata: canonicalJson(event.metadata),
      recorded_at: recordedAt,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
}
const rawParams = (row: RawRow): unknown[] => RAW_COLUMNS.map((c) => row[c]);

// ---------------------------------------------------------------------------------------------
// Measurement helpers.

/** Runs `writers` concurrent loops of `count` awaited operations each; returns elapsed ms. */
async function concurrently(writers: number, count: number, op: (writer: number, i: number) => Promise<unknown>): Promise<number> {
  const started = now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < count; i++) await op(w, i);
    }),
  );
  return now() - started;
}

/**
 * Repeated A-B-B-A: runs segments 0 .. 2 * rounds - 1 of each side as store, raw, raw, store per
 * round; returns the total ms per side, and this process's CPU time (user + system, ms) per side.
 */
/**
 * CPU time (ms) used so far by the machine's PostgreSQL processes (backends, WAL writer and the
 * rest), from /proc; undefined when the server is not on this machine or not readable.
 */
function postgresCpuMs(): number | undefined {
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}
const CLOCK_TICKS_PER_SECOND = 100;

async function abba(
  rounds: number,
  store: (segment: number) => Promise<number>,
  raw: (segment: number) => Promise<number>,
): Promise<{ storeMs: number; rawMs: number; storeCpuMs: number; rawCpuMs: number; storePgCpuMs?: number; rawPgCpuMs?: number }> {
  const totals: { storeMs: number; rawMs: number; storeCpuMs: number; rawCpuMs: number; storePgCpuMs?: number; rawPgCpuMs?: number } = { storeMs: 0, rawMs: 0, storeCpuMs: 0, rawCpuMs: 0 };
  const run = async (side: 'store' | 'raw', segment: number) => {
    const cpu = process.cpuUsage();
    const pgBefore = postgresCpuMs();
    totals[`${side}Ms`] += await (side === 'store' ? store : raw)(segment);
    const used = process.cpuUsage(cpu);
    const pgAfter = postgresCpuMs();
    totals[`${side}CpuMs`] += (used.user + used.system) / 1000;
    if (pgBefore !== undefined && pgAfter !== undefined) totals[`${side}PgCpuMs`] = (totals[`${side}PgCpuMs`] ?? 0) + pgAfter - pgBefore;
  };
  for (let r = 0; r < rounds; r++) {
    await run('store', 2 * r);
    await run('raw', 2 * r);
    await run('raw', 2 * r + 1);
    await run('store', 2 * r + 1);
  }
  return totals;
}

/** Node's own CPU per event on each side: where the store's time goes besides the database. */
const cpuNote = (t: { storeCpuMs: number; rawCpuMs: number; storePgCpuMs?: number; rawPgCpuMs?: number }, events: number) => {
  const us = (ms: number) => ((ms * 1000) / events).toFixed(1);
  const node = `node CPU/event: store ${us(t.storeCpuMs)} us, raw ${us(t.rawCpuMs)} us`;
  // Not for SQLite (the server only idles), nor when a PostgreSQL process ended during the measure (its time is lost).
  if (t.storePgCpuMs === undefined || t.rawPgCpuMs === undefined || t.storePgCpuMs <= 0 || t.rawPgCpuMs <= 0) return node;
  // On a machine whose cores both sides saturate, the ratio cannot exceed raw CPU / store CPU.
  const ceiling = (t.rawCpuMs + t.rawPgCpuMs) / (t.storeCpuMs + t.storePgCpuMs);
  return `${node}; PostgreSQL CPU/event: store ${us(t.storePgCpuMs)} us, raw ${us(t.rawPgCpuMs)} us; CPU ratio raw/store ${ceiling.toFixed(2)}`;
};

const perSecond = (events: number, ms: number) => (events * 1000) / ms;

interface Row {
  name: string;
  unit: string;
  value: number;
  baseline: number;
  ratio: number;
}
const rows: Row[] = [];
const notes = new Map<string, string>();
const TARGETS: Record<string, number> = {
  'pg.append.single': 0.5,
  'pg.append.batch100': 0.7,
  'sqlite.append.single': 0.5,
  'pg.readAll': 0.5,
  'verify.chain': 0.5,
  'pg.readStream50.growth': 1, // growth within 1.5x: ratio = 1.5 / growth >= 1
};

function record(name: string, unit: string, value: number, baseline: number, note: string): void {
  const higherIsBetter = unit !== 'ms';
  const ratio = higherIsBetter ? value / baseline : baseline / value;
  const digits = unit === 'ms' ? 3 : unit === 'x' ? 3 : 0;
  rows.push({ name, unit, value: round(value, digits), baseline: round(baseline, digits), ratio: round(ratio, 3) });
  notes.set(name, note);
  const target = TARGETS[name];
  log(`${name}: ${fmt(value, unit)} vs ${fmt(baseline, unit)} -> ratio ${ratio.toFixed(3)}${target !== undefined ? ` (target >= ${target})` : ''}  [${note}]`);
}

const fmt = (x: number, unit: string) => (unit === 'events/s' ? `${Math.round(x).toLocaleString('en-US')} ev/s` : unit === 'ms' ? `${x.toFixed(3)} ms` : `${x.toFixed(3)}${unit === 'x' ? 'x' : ` ${unit}`}`);
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const database = await createBenchDatabase('event-store');
  const pgVersion = database.version;
  const url = new URL(database.url);

  const store = new PostgresEventStore(url.toString(), POOL_SIZE);
  const closeStore = once(() => store.close());
  onCleanup(closeStore);
  await store.init();
  const raw = new pg.Pool({ connectionString: url.toString(), max: POOL_SIZE });
  raw.on('error', () => undefined);
  const closeRaw = once(() => raw.end());
  onCleanup(closeRaw);
  // The raw baseline's table: the same columns as the store's events table, with no keys, no
  // indexes: the bare cost of durably writing the same bytes.
  await raw.query(`CREATE TABLE raw_events (event_id TEXT NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL,
    schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT, hash TEXT NOT NULL)`);
  const insertOne = `INSERT INTO raw_events (${RAW_COLUMNS.join(', ')}) VALUES (${RAW_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
  const insertMany = `INSERT INTO raw_events (${RAW_COLUMNS.join(', ')}) VALUES ${Array.from(
    { length: BATCH_SIZE },
    (_, r) => `(${RAW_COLUMNS.map((_, c) => `$${r * RAW_COLUMNS.length + c + 1}`).join(', ')})`,
  ).join(', ')}`;
  const countEvents = async () => Number((await raw.query('SELECT COUNT(*) AS n FROM events')).rows[0].n);

  // ---- 1. Two stores of 10,000 events, each with a 50-event stream whose read time we track. ---
  // The main store (schema public) grows to 1,000,000 events below; the small one (schema
  // store_10k, same database, through search_path) stays at 10,000, so that the two read times
  // can be measured in alternation at the end, under the same machine load. In both, the tracked
  // stream's events are appended one at a time between other streams' appends, so its rows are
  // spread over the table as in a live log.
  await raw.query(`CREATE SCHEMA ${SMALL_SCHEMA}`);
  const smallUrl = new URL(url);
  smallUrl.searchParams.set('options', `-c search_path=${SMALL_SCHEMA}`);
  const smallStore = new PostgresEventStore(smallUrl.toString(), POOL_SIZE);
  const closeSmallStore = once(() => smallStore.close());
  onCleanup(closeSmallStore);
  await smallStore.init();
  const tracked = `case-${RUN}-tracked`;
  const smallTracked = `case-${RUN}-tracked-10k`;
  for (const [target, stream] of [
    [store, tracked],
    [smallStore, smallTracked],
  ] as const) {
    for (let i = 0; i < STREAM_LEN; i++) {
      await target.append(stream, [newEvent(stream)], i === 0 ? 'no_stream' : i - 1);
      const other = `${stream}-other-${i}`;
      const fill = (SMALL_STORE - STREAM_LEN) / STREAM_LEN;
      await target.append(other, Array.from({ length: fill }, () => newEvent(other)), 'no_stream');
    }
  }
  if ((await countEvents()) !== SMALL_STORE) throw new Error('the store does not hold 10,000 events');
  if (Number((await raw.query(`SELECT COUNT(*) AS n FROM ${SMALL_SCHEMA}.events`)).rows[0].n) !== SMALL_STORE) throw new Error('the small store does not hold 10,000 events');
  await raw.query(`ANALYZE ${SMALL_SCHEMA}.events`);

  // ---- 2. pg.append.single ------------------------------------------------------------------
  {
    const warmup = 20;
    const seg = SINGLE_SEGMENT;
    const streams = Array.from({ length: SINGLE_WRITERS }, (_, w) => `case-${RUN}-single-${w}`);
    const events = streams.map((s) => Array.from({ length: warmup + SINGLE_PER_WRITER }, () => newEvent(s)));
    const rawStreams = streams.map((s) => `raw-${s}`);
    const rawRowsOf = rawStreams.map((s, w) => rawRows(s, events[w], 0, null).map(rawParams));
    const revision = streams.map(() => -1);
    // Store: each writer appends to its own stream with the exact expected revision, tracked locally.
    const append = async (w: number, k: number) => {
      const result = await store.append(streams[w], [events[w][k]], revision[w] < 0 ? 'no_stream' : revision[w]);
      revision[w] = result.nextRevision;
    };
    await concurrently(SINGLE_WRITERS, warmup, (w, i) => append(w, i));
    await concurrently(SINGLE_WRITERS, warmup, (w, i) => raw.query(insertOne, rawRowsOf[w][i]));
    const timing = await abba(
      SINGLE_PER_WRITER / (2 * seg),
      (k) => concurrently(SINGLE_WRITERS, seg, (w, i) => append(w, warmup + k * seg + i)),
      (k) => concurrently(SINGLE_WRITERS, seg, (w, i) => raw.query(insertOne, rawRowsOf[w][warmup + k * seg + i])),
    );
    const n = SINGLE_WRITERS * SINGLE_PER_WRITER;
    record(
      'pg.append.single',
      'events/s',
      perSecond(n, timing.storeMs),
      perSecond(n, timing.rawMs),
      `${n} appends of 1 event per side, ${SINGLE_WRITERS} writers; raw: autocommit INSERT; ${cpuNote(timing, n)}`,
    );
  }

  // ---- 3. pg.append.batch100 ----------------------------------------------------------------
  {
    const warmup = 2;
    const seg = BATCH_SEGMENT;
    const total = warmup + BATCH_PER_WRITER;
    const streams = Array.from({ length: BATCH_WRITERS }, (_, w) => `case-${RUN}-batch-${w}`);
    const batches = streams.map((s) => Array.from({ length: total }, () => Array.from({ length: BATCH_SIZE }, () => newEvent(s))));
    const rawParamsOf = streams.map((s, w) => batches[w].map((batch, b) => rawRows(`raw-${s}`, batch, b * BATCH_SIZE, null).flatMap(rawParams)));
    const revision = streams.map(() => -1);
    const append = async (w: number, b: number) => {
      const result = await store.append(streams[w], batches[w][b], revision[w] < 0 ? 'no_stream' : revision[w]);
      revision[w] = result.nextRevision;
    };
    await concurrently(BATCH_WRITERS, warmup, (w, i) => append(w, i));
    await concurrently(BATCH_WRITERS, warmup, (w, i) => raw.query(insertMany, rawParamsOf[w][i]));
    const timing = await abba(
      BATCH_PER_WRITER / (2 * seg),
      (k) => concurrently(BATCH_WRITERS, seg, (w, i) => append(w, warmup + k * seg + i)),
      (k) => concurrently(BATCH_WRITERS, seg, (w, i) => raw.query(insertMany, rawParamsOf[w][warmup + k * seg + i])),
    );
    const n = BATCH_WRITERS * BATCH_PER_WRITER * BATCH_SIZE;
    record(
      'pg.append.batch100',
      'events/s',
      perSecond(n, timing.storeMs),
      perSecond(n, timing.rawMs),
      `${BATCH_WRITERS * BATCH_PER_WRITER} appends of ${BATCH_SIZE} events per side, ${BATCH_WRITERS} writers; raw: one ${BATCH_SIZE}-row INSERT; ${cpuNote(timing, n)}`,
    );
  }

  // ---- 4. Top up to exactly 100,000 events through the store (untimed). -----------------------
  {
    const missing = READ_ALL_EVENTS - (await countEvents());
    if (missing < 0) throw new Error(`more than ${READ_ALL_EVENTS} events before readAll`);
    const appends = Math.ceil(missing / BATCH_SIZE);
    const writers = 4;
    await concurrently(writers, Math.ceil(appends / writers), async (w, i) => {
      const k = i * writers + w;
      if (k >= appends) return;
      const stream = `case-${RUN}-topup-${k}`;
      await store.append(stream, Array.from({ length: Math.min(BATCH_SIZE, missing - k * BATCH_SIZE) }, () => newEvent(stream)), 'no_stream');
    });
    if ((await countEvents()) !== READ_ALL_EVENTS) throw new Error(`the store does not hold ${READ_ALL_EVENTS} events`);
    await raw.query('ANALYZE events');
    log(`store topped up to ${READ_ALL_EVENTS.toLocaleString('en-US')} events`);
  }

  // ---- 5. pg.readAll ------------------------------------------------------------------------
  {
    const maxBatches = READ_ALL_EVENTS / READ_BATCH + 2; // bounded loops
    // Store: readAll in batches of 1,000 following `after`, into RecordedEvents (parsed, upcast).
    const readStore = async () => {
      const started = now();
      let after = 0;
      let n = 0;
      for (let b = 0; b < maxBatches; b++) {
        const events = await store.readAll({ after, limit: READ_BATCH });
        if (events.length === 0) break;
        n += events.length;
        after = events[events.length - 1].globalPosition;
      }
      return { ms: now() - started, n };
    };
    // Raw: SELECT * of the same table by keyset on global_position, JSON.parse of data and metadata.
    const readRaw = async () => {
      const started = now();
      let after = 0;
      let n = 0;
      for (let b = 0; b < maxBatches; b++) {
        const { rows: batch } = await raw.query('SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2', [after, READ_BATCH]);
        if (batch.length === 0) break;
        for (const row of batch) {
          row.data = JSON.parse(row.data);
          row.metadata = JSON.parse(row.metadata);
        }
        n += batch.length;
        after = Number(batch[batch.length - 1].global_position);
      }
      return { ms: now() - started, n };
    };
    const timed = (read: typeof readStore) => async () => {
      const { ms, n } = await read();
      if (n !== READ_ALL_EVENTS) throw new Error(`read ${n} events, expected ${READ_ALL_EVENTS}`);
      return ms;
    };
    await readStore();
    await readRaw();
    const timing = await abba(2, timed(readStore), timed(readRaw));
    const n = 4 * READ_ALL_EVENTS;
    record(
      'pg.readAll',
      'events/s',
      perSecond(n, timing.storeMs),
      perSecond(n, timing.rawMs),
      `${READ_ALL_EVENTS} events x4 per side, batches of ${READ_BATCH}; raw: keyset SELECT * + JSON.parse; ${cpuNote(timing, n)}`,
    );
  }

  // ---- 6. verify.chain ----------------------------------------------------------------------
  {
    // Store: store.verify() over the whole log (no anchors yet: this is the chain check), i.e. a
    // count, the rows read in (stream_id, revision) order in batches of 2,000, and per row the
    // revision and prev-hash checks plus SHA-256 over storedHashInput compared with the stored hash.
    const verifyStore = async () => {
      const started = now();
      const report = await store.verify();
      if (!report.ok || report.eventsChecked !== READ_ALL_EVENTS) throw new Error(`verify: ${JSON.stringify(report)}`);
      return now() - started;
    };
    // Raw: the same reads (same query, same keyset, same batch size), then node:crypto SHA-256 over
    // each row's stored bytes (every hashed column fed as is, no string building), hex digest
    // compared with the stored hash.
    const hashed = [
      'event_id',
      'stream_id',
      'type',
      'data',
      'metadata',
      'recorded_at',
    ] as const;
    const verifyRaw = async () => {
      const started = now();
      let after: { streamId: string; revision: number } | null = null;
      let n = 0;
      let matches = 0;
      for (let b = 0; b < READ_ALL_EVENTS / VERIFY_BATCH + 2; b++) {
        const params: unknown[] = [VERIFY_BATCH];
        if (after) params.push(after.streamId, after.revision);
        const { rows: batch } = await raw.query(
          `SELECT * FROM events ${after ? 'WHERE (stream_id, revision) > ($2, $3)' : ''} ORDER BY stream_id, revision LIMIT $1`,
          params,
        );
        for (const row of batch as StoredEventRow[]) {
          const h = createHash('sha256');
          for (const column of hashed) h.update(row[column]);
          h.update(String(row.revision)).update(String(row.schema_version)).update(row.prev_hash ?? '');
          if (h.digest('hex') === row.hash) matches += 1;
        }
        n += batch.length;
        if (batch.length < VERIFY_BATCH) break;
        const last = batch[batch.length - 1] as StoredEventRow;
        after = { streamId: last.stream_id, revision: Number(last.revision) };
      }
      if (n !== READ_ALL_EVENTS || matches > n) throw new Error(`raw verify read ${n} events`);
      return now() - started;
    };
    await verifyStore();
    await verifyRaw();
    const timing = await abba(2, verifyStore, verifyRaw);
    const n = 4 * READ_ALL_EVENTS;
    record(
      'verify.chain',
      'events/s',
      perSecond(n, timing.storeMs),
      perSecond(n, timing.rawMs),
      `${READ_ALL_EVENTS} events x4 per side; raw: same keyset reads + SHA-256 of stored bytes; ${cpuNote(timing, n)}`,
    );
  }

  // ---- 7. Grow the main store to 1,000,000 events. -------------------------------------------
  // The extra 900,000 events are written straight into the events table with INSERT ... SELECT
  // FROM generate_series: valid-looking rows (same type, payload text and sizes as the store
  // writes) in 18,000 other 50-event streams, unique event ids, hashes that do not chain
  // (verification ran above). Fair for a read-scaling figure: readStream reads only the
  // events table, through the (stream_id, revision) index, and the table and its indexes hold
  // 1,000,000 rows either way. ANALYZE afterwards, as autovacuum would.
  {
    const sample = newEvent('case-fill');
    const data = canonicalJson(sample.data);
    const metadata = canonicalJson(sample.metadata);
    const recordedAt = new Date().toISOString();
    const started = now();
    for (let from = READ_ALL_EVENTS; from < LARGE_STORE; from += FILL_CHUNK) {
      await raw.query(
        `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         SELECT 'evt-' || $1 || '-fill-' || g, 'case-' || $1 || '-fill-' || (g / ${STREAM_LEN}), g % ${STREAM_LEN}, $2, 1, $3, $4, $5,
                CASE WHEN g % ${STREAM_LEN} = 0 THEN NULL ELSE md5((g - 1)::text) || md5((g - 1)::text || 'x') END,
                md5(g::text) || md5(g::text || 'x')
         FROM generate_series($6::bigint, $7::bigint) AS g`,
        [RUN, sample.type, data, metadata, recordedAt, from, Math.min(from + FILL_CHUNK, LARGE_STORE) - 1],
      );
    }
    await raw.query('ANALYZE events');
    if ((await countEvents()) !== LARGE_STORE) throw new Error('the large store does not hold 1,000,000 events');
    log(`filled to ${LARGE_STORE.toLocaleString('en-US')} events in ${((now() - started) / 1000).toFixed(1)} s`);
  }
  // ---- 8. One 50-event stream read at 10,000 and at 1,000,000 events, in alternation. ----------
  const [small, large] = await timeStreamReads(raw, [
    { store: smallStore, table: `${SMALL_SCHEMA}.events`, streamId: smallTracked },
    { store, table: 'public.events', streamId: tracked },
  ]);
  const streamNote = (at: typeof small) =>
    `median of ${STREAM_READS}; store ${Math.round(perSecond(STREAM_LEN, at.storeMs)).toLocaleString('en-US')} ev/s, raw ${Math.round(perSecond(STREAM_LEN, at.rawMs)).toLocaleString('en-US')} ev/s; raw: SELECT * + JSON.parse`;
  record('pg.readStream50.at10k', 'ms', small.storeMs, small.rawMs, streamNote(small));
  record('pg.readStream50.at1M', 'ms', large.storeMs, large.rawMs, streamNote(large));
  const growth = large.storeMs / small.storeMs;
  rows.push({ name: 'pg.readStream50.growth', unit: 'x', value: round(growth, 3), baseline: 1.5, ratio: round(1.5 / growth, 3) });
  notes.set('pg.readStream50.growth', `t(1M)/t(10k) of the store; raw growth ${(large.rawMs / small.rawMs).toFixed(3)}x; ratio = 1.5 / growth`);
  log(`pg.readStream50.growth: ${growth.toFixed(3)}x (target <= 1.5x)`);

  await closeSmallStore();
  await closeStore();
  await closeRaw();

  // ---- 8. sqlite.append.single --------------------------------------------------------------
  const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'events.sqlite');
  const sqliteStore = new SqliteEventStore(file);
  onCleanup(() => sqliteStore.close());
  // The raw side: a second connection to the same file with the store's durability settings.
  const db = new Database(file);
  onCleanup(() => void db.close());
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const sqliteVersion = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.exec(`CREATE TABLE raw_events (event_id TEXT NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL,
    schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, prev_hash TEXT, hash TEXT NOT NULL)`);
  const sqliteInsert = db.prepare(`INSERT INTO raw_events (${RAW_COLUMNS.join(', ')}) VALUES (${RAW_COLUMNS.map((c) => `@${c}`).join(', ')})`);
  {
    const warmup = 50;
    const stream = `case-${RUN}-sqlite`;
    const events = Array.from({ length: warmup + SQLITE_APPENDS }, () => newEvent(stream));
    const rawOf = rawRows(`raw-${stream}`, events, 0, null);
    let revision = -1;
    const append = async (k: number) => {
      revision = (await sqliteStore.append(stream, [events[k]], revision < 0 ? 'no_stream' : revision)).nextRevision;
    };
    // Raw: one INSERT per event, each its own (autocommit) transaction, awaited like the store's.
    const insert = async (k: number) => {
      sqliteInsert.run(rawOf[k]);
    };
    await concurrently(1, warmup, (_, i) => append(i));
    await concurrently(1, warmup, (_, i) => insert(i));
    // One append per segment: store, raw, raw, store, store, raw, ...
    const timing = await abba(
      SQLITE_APPENDS / 2,
      (k) => concurrently(1, 1, () => append(warmup + k)),
      (k) => concurrently(1, 1, () => insert(warmup + k)),
    );
    record(
      'sqlite.append.single',
      'events/s',
      perSecond(SQLITE_APPENDS, timing.storeMs),
      perSecond(SQLITE_APPENDS, timing.rawMs),
      `${SQLITE_APPENDS} appends per side, 1 writer, WAL + synchronous=FULL; raw: autocommit INSERT; ${cpuNote({ storeCpuMs: timing.storeCpuMs, rawCpuMs: timing.rawCpuMs }, SQLITE_APPENDS)}`,
    );
  }

  // ---- Report --------------------------------------------------------------------------------
  printTable();
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeAtomically(join(RESULTS_DIR, 'event-store.json'), rows);
  writeAtomically(join(RESULTS_DIR, 'event-store.machine.json'), {
    machine: machineFacts(),
    node: process.version,
    postgres: pgVersion,
    sqlite: sqliteVersion,
    date: new Date().toISOString(),
    durationSeconds: round(elapsedSeconds(), 1),
    parameters: {
      poolSize: POOL_SIZE,
      singleWriters: SINGLE_WRITERS,
      singleAppendsPerSide: SINGLE_WRITERS * SINGLE_PER_WRITER,
      batchWriters: BATCH_WRITERS,
      batchAppendsPerSide: BATCH_WRITERS * BATCH_PER_WRITER,
      batchSize: BATCH_SIZE,
      sqliteAppendsPerSide: SQLITE_APPENDS,
      singleSegment: SINGLE_SEGMENT,
      batchSegment: BATCH_SEGMENT,
      readAllEvents: READ_ALL_EVENTS,
      streamReadsPerSide: STREAM_READS,
    },
    notes: Object.fromEntries(notes),
  });
  log(`wrote ${join('bench', 'results', 'event-store.json')} and event-store.machine.json`);
}

/**
 * Median time of one 50-event readStream per target, store and raw, all targets in round-robin
 * (store 10k, raw 10k, store 1M, raw 1M, ...) after warm-up.
 */
async function timeStreamReads(
  raw: pg.Pool,
  targets: { store: PostgresEventStore; table: string; streamId: string }[],
): Promise<{ storeMs: number; rawMs: number }[]> {
  const readStore = async (store: PostgresEventStore, streamId: string) => {
    const started = now();
    const events = await store.readStream(streamId);
    const ms = now() - started;
    if (events.length !== STREAM_LEN) throw new Error(`readStream returned ${events.length} events`);
    return ms;
  };
  // Raw: the same rows by the same index, SELECT * with JSON.parse of data and metadata.
  const readRaw = async (table: string, streamId: string) => {
    const started = now();
    const { rows: found } = await raw.query(`SELECT * FROM ${table} WHERE stream_id = $1 ORDER BY revision`, [streamId]);
    for (const row of found) {
      row.data = JSON.parse(row.data);
      row.metadata = JSON.parse(row.metadata);
    }
    const ms = now() - started;
    if (found.length !== STREAM_LEN) throw new Error(`raw read returned ${found.length} rows`);
    return ms;
  };
  const times = targets.map(() => ({ store: [] as number[], raw: [] as number[] }));
  for (let i = 0; i < 50 + STREAM_READS; i++) {
    for (let t = 0; t < targets.length; t++) {
      const { store, table, streamId } = targets[t];
      const s = await readStore(store, streamId);
      const r = await readRaw(table, streamId);
      if (i >= 50) {
        times[t].store.push(s);
        times[t].raw.push(r);
      }
    }
  }
  return times.map((t) => ({ storeMs: median(t.store), rawMs: median(t.raw) }));
}

function printTable(): void {
  const header = ['name', 'unit', 'value', 'baseline', 'ratio', 'target', ''];
  const lines = rows.map((r) => {
    const target = TARGETS[r.name];
    const show = (x: number) => (r.unit === 'events/s' ? Math.round(x).toLocaleString('en-US') : x.toFixed(3));
    return [r.name, r.unit, show(r.value), show(r.baseline), r.ratio.toFixed(3), target === undefined ? '' : `>= ${target}`, target === undefined ? '' : r.ratio >= target ? 'ok' : 'MISS'];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  console.log('');
  console.log('event-store benchmark (ratio > 1: the store is faster than its raw baseline)');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
  for (const r of rows) console.log(`  ${r.name}: ${notes.get(r.name)}`);
  console.log(`  total run time ${elapsedSeconds().toFixed(1)} s`);
}

await runBenchmark(main);
