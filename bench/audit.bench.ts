/**
 * Audit benchmark: `npm run bench -- audit` (scripts/bench.sh builds and provisions PostgreSQL). The figures of the
 * closing note: how long a store of 1,000,000 events takes to fill, to verify end to end, and to
 * rebuild a projection from.
 *
 * On the embedded SQLite store (a fresh file in a temp dir, removed at the end):
 * 1. fill: AUDIT_EVENTS events (default 1,000,000) in AUDIT_STREAMS assessment-case streams
 *    (default 20,000, 50 events each: a submission, then supplement notices and resubmissions),
 *    appended through the store in batches of AUDIT_BATCH events per stream (default 25), streams
 *    taking turns so that each stream's events are spread over the log; one anchor at the end;
 * 2. verify: store.verify() over the whole store (every hash, chain link and the anchor), against
 *    the raw baseline: the same rows read with the same keyset query and batch size through the same
 *    driver, and node:crypto SHA-256 over each row's canonical hash input, compared with the stored hash;
 * 3. rebuild: the assessment-cases projection dropped and rebuilt from the log (the function behind
 *    `npm run rebuild`), against the raw baseline: a keyset scan of the same rows in global order
 *    with JSON.parse of data and metadata.
 * Then the same three phases on PostgreSQL (a fresh `bench_<run>` database, dropped at the end) with
 * AUDIT_PG_EVENTS events (default 1,000,000, appended by 4 writers; 0 skips PostgreSQL).
 * A size other than 1,000,000 is measured as such and the time for 1,000,000 events extrapolated
 * from the rate, which the output says.
 *
 * Writes bench/results/audit.json (rows of { name, unit, value, baseline, ratio }; ratio above 1
 * means faster than the baseline) and bench/results/audit.machine.json.
 */
import Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AssessmentEventTypes } from '../events/assessment.events.js';
import type { EventStore, NewEvent } from '../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { rebuildProjection } from '../src/event-store/projection-rebuild.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { storedHashInput, type StoredEventRow } from '../src/event-store/stored-event.js';
import { ASSESSMENT_CASES, AssessmentCasesProjection } from '../src/standards/projections/assessment-cases.projection.js';
import { createBenchDatabase, elapsedSeconds, log, machineFacts, now, once, onCleanup, RESULTS_DIR, round, RUN, runBenchmark, writeAtomically, type Row } from './support.js';

const MILLION = 1_000_000;
const positiveInteger = (name: string, fallback: number): number => {
  const text = process.env[name];
  if (text === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(text)) throw new Error(`${name} must be a positive whole number, got "${text}"`);
  return Number(text);
};
const EVENTS = positiveInteger('AUDIT_EVENTS', MILLION);
const STREAMS = positiveInteger('AUDIT_STREAMS', Math.max(1, Math.round(EVENTS / 50)));
const BATCH = positiveInteger('AUDIT_BATCH', 25);
const VERIFY_BATCH = 2000; // verification.ts reads in batches of 2,000
const SCAN_BATCH = 1000; // the rebuild reads in batches of 1,000
const PG_EVENTS = process.env.AUDIT_PG_EVENTS === '0' ? 0 : positiveInteger('AUDIT_PG_EVENTS', MILLION);
const PG_WRITERS = 4;
const POOL_SIZE = 10; // PostgresEventStore's default pool size

const rows: Row[] = [];
const notes: Record<string, string> = {};
const perSecond = (events: number, ms: number) => (events * 1000) / ms;
const fmtRate = (x: number) => `${Math.round(x).toLocaleString('en-US')} ev/s`;

function record(name: string, unit: string, value: number, baseline: number | null, note: string): void {
  const higherIsBetter = unit === 'events/s';
  const ratio = baseline === null ? null : higherIsBetter ? value / baseline : baseline / value;
  const digits = unit === 'events/s' ? 0 : 2;
  rows.push({ name, unit, value: round(value, digits), baseline: baseline === null ? null : round(baseline, digits), ratio: ratio === null ? null : round(ratio, 3) });
  notes[name] = note;
  const show = (x: number) => (unit === 'events/s' ? fmtRate(x) : `${x.toFixed(2)} ${unit}`);
  log(`${name}: ${show(value)}${baseline === null ? '' : ` vs ${show(baseline)} -> ratio ${ratio!.toFixed(3)}`}  [${note}]`);
}

// ---------------------------------------------------------------------------------------------
// A case's events: a submission, then supplement notices and resubmissions taking turns.

const submittedAt = '2026-11-27T02:00:00.000Z';
const deadline = { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' };

function caseEvent(caseId: string, revision: number): NewEvent {
  const id = `evt-${RUN}-${caseId}-${revision}`;
  const metadata = { commandId: `cmd-${id}`, actorId: 'user-0001', role: 'institution' as const, institutionId: 'inst-0001', correlationId: `corr-${caseId}` };
  if (revision === 0) {
    return {
      id,
      type: AssessmentEventTypes.ApplicationSubmitted,
      schemaVersion: 1,
      metadata,
      data: { caseId, kind: 'NEW', institutionId: 'inst-0001', standard: { name: 'Mass standard set E2, 1 mg to 500 g', category: 'PUBLIC', measurand: 'mass' }, submittedAt, acceptanceDeadline: deadline },
    };
  }
  if (revision % 2 === 1) {
    return {
      id,
      type: AssessmentEventTypes.SupplementRequested,
      schemaVersion: 1,
      metadata: { ...metadata, actorId: 'officer-0001', role: 'secretariat' as const },
      data: { caseId, requestedAt: submittedAt, missing: ['technical report (计量标准技术报告)', `staff competence evidence ${revision}`] },
    };
  }
  return { id, type: AssessmentEventTypes.ApplicationResubmitted, schemaVersion: 1, metadata, data: { caseId, resubmittedAt: submittedAt, acceptanceDeadline: deadline } };
}

// ---------------------------------------------------------------------------------------------
// The three phases, the same on each adapter. `raw` is the baseline's access to the same rows.

interface RawAccess {
  /** The rows in (stream_id, revision) order after the given one, as the adapter's verification reads them. */
  streamOrder(after: StoredEventRow | undefined, limit: number): Promise<StoredEventRow[]>;
  /** The rows in global order after a position. */
  globalOrder(after: number, limit: number): Promise<StoredEventRow[]>;
}

/** Appends `events` events to `streams` streams, batches of BATCH per stream, streams taking turns, `writers` at once. */
async function fill(adapter: string, store: EventStore, events: number, streams: number, writers: number): Promise<void> {
  const perStream = Math.floor(events / streams);
  const extra = events - perStream * streams; // the first `extra` streams take one more event
  const lengths = Array.from({ length: streams }, (_, s) => perStream + (s < extra ? 1 : 0));
  const written = new Array<number>(streams).fill(0);
  let appended = 0;
  let appends = 0;
  const started = now();
  let nextLog = events / 10;
  while (appended < events) {
    // Each writer takes every `writers`-th stream of the round.
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let s = w; s < streams; s += writers) {
          const from = written[s];
          const to = Math.min(lengths[s], from + BATCH);
          if (from >= to) continue;
          const caseId = `case-${s}`;
          await store.append(`assessment-case-${s}`, Array.from({ length: to - from }, (_, i) => caseEvent(caseId, from + i)), from === 0 ? 'no_stream' : from - 1);
          written[s] = to;
          appended += to - from;
          appends += 1;
          if (appended >= nextLog) {
            log(`${adapter}: filled ${appended.toLocaleString('en-US')} events (${fmtRate(perSecond(appended, now() - started))})`);
            nextLog += events / 10;
          }
        }
      }),
    );
  }
  const ms = now() - started;
  const anchorStarted = now();
  const anchor = await store.createAnchor();
  const anchorMs = now() - anchorStarted;
  const ext = events !== MILLION;
  record(
    `audit.fill.${adapter}`,
    'events/s',
    perSecond(events, ms),
    null,
    `${events} events in ${streams} streams, ${appends} appends of up to ${BATCH} events by ${writers} writer(s) (validated, canonical JSON, hash-chained), ${(ms / 1000).toFixed(1)} s; ` +
      `then an anchor over ${anchor.streamCount} streams in ${anchorMs.toFixed(0)} ms`,
  );
  record(`audit.fill.${adapter}.seconds.1M`, 's', (MILLION * ms) / events / 1000, null, `time to fill 1,000,000 events${ext ? ` (extrapolated from ${events.toLocaleString('en-US')})` : ''}`);
}

async function verifyPhase(adapter: string, store: EventStore, events: number, raw: RawAccess): Promise<void> {
  const verifyStore = async () => {
    const started = now();
    const report = await store.verify();
    const ms = now() - started;
    if (!report.ok || report.eventsChecked !== events || report.anchorsChecked !== 1) throw new Error(`verify: ${JSON.stringify(report)}`);
    return ms;
  };
  // The same reads as the adapter's (same keyset query and batch size), then SHA-256 over each
  // row's canonical hash input compared with the stored hash: what any verifier must at least do.
  let hashOnlyMs = 0;
  const verifyRaw = async () => {
    const started = now();
    let after: StoredEventRow | undefined;
    let n = 0;
    let matches = 0;
    hashOnlyMs = 0;
    for (;;) {
      const batch = await raw.streamOrder(after, VERIFY_BATCH);
      const hashing = now();
      for (const row of batch) if (hash('sha256', storedHashInput(row), 'hex') === row.hash) matches += 1;
      hashOnlyMs += now() - hashing;
      n += batch.length;
      if (batch.length < VERIFY_BATCH) break;
      after = batch[batch.length - 1];
    }
    if (n !== events || matches !== n) throw new Error(`raw verify read ${n} events, ${matches} matching`);
    return now() - started;
  };
  // Warm-up of both sides (caches, JIT), then store, raw, raw, store.
  await verifyStore();
  await verifyRaw();
  const storeMs = [await verifyStore()];
  const rawMs = [await verifyRaw(), await verifyRaw()];
  storeMs.push(await verifyStore());
  const s = storeMs.reduce((a, b) => a + b) / storeMs.length;
  const r = rawMs.reduce((a, b) => a + b) / rawMs.length;
  const ext = events !== MILLION;
  record(
    `audit.verify.${adapter}`,
    'events/s',
    perSecond(events, s),
    perSecond(events, r),
    `store.verify() over ${events} events and 1 anchor, mean of 2 (A-B-B-A); raw: same keyset reads + SHA-256 of the canonical bytes; SHA-256 alone ${fmtRate(perSecond(events, hashOnlyMs))}`,
  );
  record(
    `audit.verify.${adapter}.seconds.1M`,
    's',
    (MILLION * s) / events / 1000,
    (MILLION * r) / events / 1000,
    `time to verify a store of 1,000,000 events${ext ? ` (extrapolated from ${events.toLocaleString('en-US')})` : ''}; ratio = raw / store`,
  );
}

async function rebuildPhase(adapter: string, store: EventStore, events: number, streams: number, raw: RawAccess): Promise<void> {
  const projection = new AssessmentCasesProjection();
  const scanRaw = async () => {
    const started = now();
    let after = 0;
    let n = 0;
    for (;;) {
      const batch = await raw.globalOrder(after, SCAN_BATCH);
      for (const row of batch) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      n += batch.length;
      if (batch.length < SCAN_BATCH) break;
      after = Number(batch[batch.length - 1].global_position);
    }
    if (n !== events) throw new Error(`raw scan read ${n} events`);
    return now() - started;
  };
  const rebuild = async () => {
    const report = await rebuildProjection(store, projection);
    if (report.eventsRead !== events || report.eventsApplied !== events) throw new Error(`rebuild: ${JSON.stringify(report)}`);
    return report.durationMs;
  };
  await scanRaw();
  const rebuildMs = await rebuild();
  const rawMs = await scanRaw();
  const cases = (await store.listDocuments(ASSESSMENT_CASES)).length;
  if (cases !== streams) throw new Error(`the rebuilt projection holds ${cases} cases, expected ${streams}`);
  const ext = events !== MILLION;
  record(
    `audit.rebuild.${adapter}`,
    'events/s',
    perSecond(events, rebuildMs),
    perSecond(events, rawMs),
    `projection:assessment-cases dropped and rebuilt from ${events} events (every one applied, ${cases} documents), one transaction per 1,000 events; raw: keyset scan in global order + JSON.parse`,
  );
  record(
    `audit.rebuild.${adapter}.seconds.1M`,
    's',
    (MILLION * rebuildMs) / events / 1000,
    (MILLION * rawMs) / events / 1000,
    `time to rebuild that projection from 1,000,000 events${ext ? ` (extrapolated from ${events.toLocaleString('en-US')})` : ''}; ratio = raw / store`,
  );
}

async function main(): Promise<void> {
  const versions: Record<string, string> = { node: process.version };

  // ---- SQLite ---------------------------------------------------------------------------------
  {
    const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'events.sqlite');
    const store = new SqliteEventStore(file);
    const closeStore = once(() => store.close());
    onCleanup(closeStore);
    log(`SQLite: ${EVENTS.toLocaleString('en-US')} events in ${STREAMS.toLocaleString('en-US')} streams, appends of ${BATCH} events, at ${file}`);
    if (EVENTS !== MILLION) log(`AUDIT_EVENTS=${EVENTS}: measured at this size; times for 1,000,000 events are extrapolated from the rates`);
    await fill('sqlite', store, EVENTS, STREAMS, 1);
    log(`SQLite file: ${((statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20).toFixed(0)} MiB`);
    const db = new Database(file, { readonly: true });
    const closeDb = once(async () => void db.close());
    onCleanup(closeDb);
    versions.sqlite = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    const first = db.prepare('SELECT * FROM events ORDER BY stream_id, revision LIMIT ?');
    const next = db.prepare('SELECT * FROM events WHERE (stream_id, revision) > (?, ?) ORDER BY stream_id, revision LIMIT ?');
    const scan = db.prepare('SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?');
    const raw: RawAccess = {
      // Awaited like the store's reads, so that both sides go through the event loop alike.
      streamOrder: async (after, limit) => (after ? next.all(after.stream_id, after.revision, limit) : first.all(limit)) as StoredEventRow[],
      globalOrder: async (after, limit) => scan.all(after, limit) as StoredEventRow[],
    };
    await verifyPhase('sqlite', store, EVENTS, raw);
    await rebuildPhase('sqlite', store, EVENTS, STREAMS, raw);
    await closeDb();
    await closeStore();
  }

  // ---- PostgreSQL (AUDIT_PG_EVENTS, default 1,000,000; 0 skips it) ------------------------------
  if (PG_EVENTS > 0) {
    const database = await createBenchDatabase('audit');
    versions.postgres = database.version;
    const streams = Math.max(1, Math.round(PG_EVENTS / 50));
    const store = new PostgresEventStore(database.url, POOL_SIZE);
    const closeStore = once(() => store.close());
    onCleanup(closeStore);
    await store.init();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    pool.on('error', () => undefined);
    const closePool = once(() => pool.end());
    onCleanup(closePool);
    log(`PostgreSQL: ${PG_EVENTS.toLocaleString('en-US')} events in ${streams.toLocaleString('en-US')} streams, appends of ${BATCH} events by ${PG_WRITERS} writers`);
    if (PG_EVENTS !== MILLION) log(`AUDIT_PG_EVENTS=${PG_EVENTS}: measured at this size; times for 1,000,000 events are extrapolated from the rates`);
    await fill('pg', store, PG_EVENTS, streams, PG_WRITERS);
    await pool.query('ANALYZE events');
    const raw: RawAccess = {
      streamOrder: async (after, limit) =>
        (
          await pool.query(
            after ? 'SELECT * FROM events WHERE (stream_id, revision) > ($2, $3) ORDER BY stream_id, revision LIMIT $1' : 'SELECT * FROM events ORDER BY stream_id, revision LIMIT $1',
            after ? [limit, after.stream_id, after.revision] : [limit],
          )
        ).rows as StoredEventRow[],
      globalOrder: async (after, limit) => (await pool.query('SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2', [after, limit])).rows as StoredEventRow[],
    };
    await verifyPhase('pg', store, PG_EVENTS, raw);
    await rebuildPhase('pg', store, PG_EVENTS, streams, raw);
    await closePool();
    await closeStore();
  }

  writeAtomically(join(RESULTS_DIR, 'audit.json'), rows);
  writeAtomically(join(RESULTS_DIR, 'audit.machine.json'), {
    date: new Date().toISOString(),
    machine: machineFacts(),
    versions,
    parameters: { sqliteEvents: EVENTS, sqliteStreams: STREAMS, pgEvents: PG_EVENTS, pgWriters: PG_WRITERS, appendBatch: BATCH, verifyBatch: VERIFY_BATCH, rebuildBatch: SCAN_BATCH },
    notes,
    elapsedSeconds: round(elapsedSeconds(), 1),
  });
  log(`wrote ${join(RESULTS_DIR, 'audit.json')}`);
  for (const row of rows) console.log(`${row.name.padEnd(32)} ${String(row.value).padStart(10)} ${row.unit.padEnd(9)} baseline ${String(row.baseline ?? '-').padStart(10)}  ratio ${row.ratio ?? '-'}`);
}

await runBenchmark(main);
