import { afterAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import { canonicalJson } from '../../src/event-store/hashing.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { storedHash, type StoredEventRow } from '../../src/event-store/stored-event.js';
import { createTestDatabase } from '../support/services.js';

/**
 * Tamper evidence, on both adapters: each case seeds a fresh store, anchors it, alters the tables
 * directly with SQL as someone with database access could, and expects verify() to name the
 * first broken link. A fresh store per case, because one alteration breaks the whole store.
 */

/** Direct SQL on the store's database, bypassing the store; `?` placeholders on both adapters. */
interface Tamper {
  run(sql: string, params?: unknown[]): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

interface Fixture {
  store: EventStore;
  /** Runs `fn` with a second connection to the same database, closed afterwards. */
  tamper(fn: (db: Tamper) => Promise<void>): Promise<void>;
  dispose(): Promise<void>;
}

type Adapter = { name: 'sqlite' | 'postgres'; open(): Promise<Fixture> };

const dir = mkdtempSync(join(tmpdir(), 'metrology-tamper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Waits until no other session is connected to the database. The store's close() resolves before
 * its pool's connections have ended, and DROP DATABASE … WITH (FORCE) terminating its LISTEN
 * connection then makes the adapter's error handler release that client a second time, which
 * throws out of the test (an adapter defect reported to the lead; this keeps the tests stable).
 */
async function sessionsGone(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let waited = 0; waited < 5000; waited += 10) {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

const adapters: Adapter[] = [
  {
    name: 'sqlite',
    open: async () => {
      const file = join(dir, `${randomUUID()}.sqlite`);
      const store = new SqliteEventStore(file);
      return {
        store,
        tamper: async (fn) => {
          const db = new Database(file);
          try {
            await fn({
              run: async (sql, params = []) => void db.prepare(sql).run(...params),
              rows: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
            });
          } finally {
            db.close();
          }
        },
        dispose: () => store.close(),
      };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const database = await createTestDatabase();
      const store = new PostgresEventStore(database.url);
      await store.init();
      const numbered = (sql: string) => {
        let n = 0;
        return sql.replace(/\?/g, () => `$${++n}`);
      };
      return {
        store,
        tamper: async (fn) => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          try {
            await fn({
              run: async (sql, params = []) => void (await client.query(numbered(sql), params)),
              rows: async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
            });
          } finally {
            await client.end();
          }
        },
        dispose: async () => {
          await store.close();
          await sessionsGone(database.url);
          await database.drop();
        },
      };
    },
  },
];

const event = (streamId: string, revision: number): NewEvent => ({
  id: randomUUID(),
  type: AssessmentEventTypes.ApplicationSubmitted,
  schemaVersion: 1,
  metadata: { commandId: `cmd-${randomUUID()}`, actorId: 'u-1', role: 'institution', correlationId: 'corr-1' },
  data: {
    caseId: streamId,
    kind: 'NEW',
    institutionId: 'inst-1',
    // Distinct per event, so that every event's data can be told apart and swapped.
    standard: { name: `standard of ${streamId}`, category: 'PUBLIC', measurand: `m-${streamId}-${revision}` },
    submittedAt: '2026-11-27T02:00:00.000Z',
    acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
  },
});

/** Streams s-a (3 events), s-b (4) and s-c (2), appended in interleaved batches. */
const SEED = { 's-a': 3, 's-b': 4, 's-c': 2 } as const;
const SEEDED_EVENTS = 9;

async function seed(store: EventStore): Promise<void> {
  for (let round = 0; round < 4; round += 1) {
    for (const [streamId, count] of Object.entries(SEED)) {
      if (round < count) await store.append(streamId, [event(streamId, round)], round === 0 ? 'no_stream' : round - 1);
    }
  }
}

async function seededAndAnchored(adapter: Adapter): Promise<Fixture> {
  const fixture = await adapter.open();
  await seed(fixture.store);
  await fixture.store.createAnchor();
  return fixture;
}

async function withFixture(adapter: Adapter, fn: (fixture: Fixture) => Promise<void>): Promise<void> {
  const fixture = await seededAndAnchored(adapter);
  try {
    await fn(fixture);
  } finally {
    await fixture.dispose();
  }
}

const EVENTS_IN_STREAM_ORDER = 'SELECT * FROM events WHERE stream_id = ? ORDER BY revision';

describe.each(adapters)('tamper evidence: $name', (adapter) => {
  it('verifies an untampered store with the right counts, across several anchors', () =>
    withFixture(adapter, async ({ store }) => {
      expect(await store.verify()).toMatchObject({ ok: true, scope: {}, eventsChecked: SEEDED_EVENTS, streamsChecked: 3, anchorsChecked: 1 });
      await store.append('s-a', [event('s-a', 3)], 2);
      await store.append('s-d', [event('s-d', 0)], 'no_stream');
      await store.createAnchor();
      const report = await store.verify();
      expect(report).toMatchObject({ ok: true, eventsChecked: SEEDED_EVENTS + 2, streamsChecked: 4, anchorsChecked: 2 });
      expect(report.firstBroken).toBeUndefined();
    }));

  it('scopes verify({ streamId }) to one stream', () =>
    withFixture(adapter, async ({ store, tamper }) => {
      expect(await store.verify({ streamId: 's-b' })).toMatchObject({ ok: true, scope: { streamId: 's-b' }, eventsChecked: 4, streamsChecked: 1, anchorsChecked: 1 });
      await tamper((db) => db.run(`UPDATE events SET data = replace(data, 'm-s-c-1', 'm-s-c-9') WHERE stream_id = ? AND revision = 1`, ['s-c']));
      expect(await store.verify({ streamId: 's-b' })).toMatchObject({ ok: true, eventsChecked: 4 });
      expect(await store.verify({ streamId: 's-c' })).toMatchObject({ ok: false, firstBroken: { kind: 'hash-mismatch', streamId: 's-c', revision: 1 } });
      expect(await store.verify()).toMatchObject({ ok: false, firstBroken: { kind: 'hash-mismatch', streamId: 's-c', revision: 1 } });
    }));

  it('(a) names an altered event: hash-mismatch at its revision', () =>
    withFixture(adapter, async ({ store, tamper }) => {
      const target = (await store.readStream('s-b'))[2];
      await tamper((db) => db.run(`UPDATE events SET data = replace(data, 'm-s-b-2', 'm-s-b-X') WHERE stream_id = ? AND revision = 2`, ['s-b']));
      expect(JSON.stringify((await store.readStream('s-b'))[2].data)).toContain('m-s-b-X');
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ kind: 'hash-mismatch', streamId: 's-b', revision: 2, globalPosition: target.globalPosition });
    }));

  it('(b) names a deleted middle event: revision-gap at the next revision', () =>
    withFixture(adapter, async ({ store, tamper }) => {
      await tamper((db) => db.run('DELETE FROM events WHERE stream_id = ? AND revision = 1', ['s-b']));
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ kind: 'revision-gap', streamId: 's-b', revision: 2 });
    }));

  it('(c) names a deleted tail, though the shortened stream looks consistent and takes appends: anchored-event-missing', () =>
    withFixture(adapter, async ({ store, tamper }) => {
      // The stores take a stream's head from its last event, so nothing else records the tail.
      await tamper((db) => db.run('DELETE FROM events WHERE stream_id = ? AND revision >= 2', ['s-b']));
      // The store itself looks consistent: the shortened stream reads and takes appends at its new head.
      expect((await store.readStream('s-b')).map((e) => e.revision)).toEqual([0, 1]);
      await store.append('s-b', [event('s-b', 2)], 1);
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.eventsChecked).toBe(SEEDED_EVENTS - 1); // every event in the tables checks out
      expect(report.firstBroken).toMatchObject({ kind: 'anchored-event-missing', streamId: 's-b', revision: 3, anchorSeq: 1 });
    }));

  it('(d) names swapped payloads: hash-mismatch at the first of the two', () =>
    withFixture(adapter, async ({ store, tamper }) => {
      await tamper(async (db) => {
        const [first, second] = await db.rows<StoredEventRow>(EVENTS_IN_STREAM_ORDER, ['s-a']);
        expect(first.data).not.toBe(second.data);
        await db.run('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 0', [second.data, 's-a']);
        await db.run('UPDATE events SET data = ? WHERE stream_id = ? AND revision = 1', [first.data, 's-a']);
      });
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.firstBroken).toMatchObject({ kind: 'hash-mismatch', streamId: 's-a', revision: 0 });
    }));

  it('(e) catches a forgery that re-hashes the rest of the stream only by the anchor: anchored-hash-mismatch', () =>
    withFixture(adapter, async ({ store, tamper }) => {
      const before = await store.readStream('s-b');
      await tamper(async (db) => {
        const rows = await db.rows<StoredEventRow>(EVENTS_IN_STREAM_ORDER, ['s-b']);
        let prevHash: string | null = rows[0].prev_hash;
        for (const row of rows) {
          const data = JSON.parse(row.data) as { standard: { measurand: string } };
          if (Number(row.revision) === 1) data.standard.measurand = 'forged';
          const forged: StoredEventRow = { ...row, data: canonicalJson(data), prev_hash: prevHash };
          forged.hash = storedHash(forged);
          await db.run('UPDATE events SET data = ?, prev_hash = ?, hash = ? WHERE stream_id = ? AND revision = ?', [forged.data, forged.prev_hash, forged.hash, 's-b', Number(row.revision)]);
          prevHash = forged.hash;
        }
      });
      const after = await store.readStream('s-b');
      expect(after[0].hash).toBe(before[0].hash);
      expect(after[1].hash).not.toBe(before[1].hash);
      expect(after[3].hash).not.toBe(before[3].hash);
      const report = await store.verify();
      expect(report.ok).toBe(false);
      expect(report.eventsChecked).toBe(SEEDED_EVENTS); // every event and chain link checks out
      expect(report.firstBroken).toMatchObject({ kind: 'anchored-hash-mismatch', streamId: 's-b', revision: 3, anchorSeq: 1 });
    }));
});
