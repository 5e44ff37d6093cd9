import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { CONSUMER_LOCKS_APPLICATION, PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { rebuildProjection } from '../../src/event-store/projection-rebuild.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import type { DocumentTransaction } from '../../src/event-store/event-store.port.js';
import type { Projection } from '../../src/event-store/subscription.js';
import { eventually } from '../support/eventually.js';
import { createTestDatabase } from '../support/services.js';

/**
 * One active consumer per projection across nodes, on PostgreSQL: two runners (two "nodes", each
 * with its own store) on one database. Only the node that holds the projection's advisory lock
 * applies events; the other stands by. When the active node shuts down, or loses its lock
 * connection, the other takes over within seconds from the stored checkpoint, and the read model
 * ends up exactly as a fresh rebuild makes it: nothing applied twice, nothing skipped.
 */
const NAME = 'projection:failover-probe';
const COLLECTION = 'failover-probe';

interface ProbeDoc {
  positions: number[];
}

/** Records, per stream, every position applied; counts the apply calls of the node it runs on. */
function probe(applied: { count: number }): Projection {
  return {
    name: NAME,
    collections: [COLLECTION],
    async apply(event: RecordedEvent, tx: DocumentTransaction) {
      applied.count++;
      const doc = (await tx.get<ProbeDoc>(COLLECTION, event.streamId)) ?? { positions: [] };
      await tx.put(COLLECTION, event.streamId, { positions: [...doc.positions, event.globalPosition] });
    },
  };
}

let counter = 0;
const submitted = (caseId: string): NewEvent => {
  const id = `failover-${++counter}`;
  return {
    id,
    type: AssessmentEventTypes.ApplicationSubmitted,
    schemaVersion: 1,
    metadata: { commandId: `cmd-${id}`, actorId: 'u-1', role: 'institution', correlationId: 'corr-1' },
    data: {
      caseId,
      kind: 'NEW',
      institutionId: 'inst-1',
      standard: { name: 'n', category: 'PUBLIC', measurand: 'mass' },
      submittedAt: '2026-11-27T02:00:00.000Z',
      acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
    },
  };
};

const roles = { projections: true, bridge: false };

describe('one active consumer per projection across nodes (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const stores: PostgresEventStore[] = [];
  const runners: SubscriptionRunner[] = [];

  async function node(applied: { count: number }): Promise<SubscriptionRunner> {
    const store = new PostgresEventStore(db.url, 4);
    await store.init();
    stores.push(store);
    const runner = new SubscriptionRunner(store, roles, { takeoverIntervalMs: 1000, pollIntervalMs: 100 });
    runner.registerProjection(probe(applied));
    await runner.onApplicationBootstrap();
    runners.push(runner);
    return runner;
  }

  async function appendCases(store: EventStore, from: number, count: number): Promise<number> {
    let last = 0;
    for (let i = from; i < from + count; i++) {
      const result = await store.append(`failover-case-${i % 5}`, [submitted(`case-${i % 5}`)], 'any');
      last = result.events[0].globalPosition;
    }
    return last;
  }

  /** The read model as it is, then as a fresh rebuild makes it, both with per-stream position lists. */
  async function liveAndRebuilt(store: EventStore) {
    const live = await store.listDocuments<ProbeDoc>(COLLECTION);
    await rebuildProjection(store, probe({ count: 0 }));
    const rebuilt = await store.listDocuments<ProbeDoc>(COLLECTION);
    return { live, rebuilt };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const runner of runners) await runner.beforeApplicationShutdown();
    for (const store of stores) await store.close();
    await db?.drop();
  });

  it('applies each event on one node only, takes over within seconds when it shuts down, and matches a rebuild', async () => {
    const a = { count: 0 };
    const b = { count: 0 };
    const nodeA = await node(a);
    const nodeB = await node(b);
    expect(nodeA.consumerState(NAME)).toBe('active');
    expect(nodeB.consumerState(NAME)).toBe('standby');
    expect(nodeB.status()).toEqual([{ name: NAME, position: 0, consumer: 'standby' }]);

    const firstHead = await appendCases(stores[0], 0, 30);
    await nodeA.waitFor(firstHead, NAME);
    // The standby node follows the active one by the stored checkpoint.
    await nodeB.waitFor(firstHead, NAME);
    // A few of the standby's takeover attempts pass: it still applies nothing.
    await new Promise((r) => setTimeout(r, 2500));
    expect(a.count).toBe(30);
    expect(b.count).toBe(0);
    const lagB = await nodeB.lag();
    expect(lagB).toEqual([expect.objectContaining({ name: NAME, consumer: 'standby', checkpoint: firstHead })]);

    // Events keep coming while the active node shuts down.
    const appending = appendCases(stores[1], 30, 30);
    const stoppedAt = Date.now();
    await nodeA.beforeApplicationShutdown();
    expect(await eventually(async () => nodeB.consumerState(NAME), (state) => state === 'active', 5000)).toBe('active');
    const takeoverMs = Date.now() - stoppedAt;
    expect(takeoverMs).toBeLessThan(3000);
    const secondHead = Math.max(await appending, await appendCases(stores[1], 60, 10));
    await nodeB.waitFor(secondHead, NAME);

    expect(a.count + b.count).toBe(70);
    expect(b.count).toBeGreaterThan(0);
    await nodeB.beforeApplicationShutdown();
    const { live, rebuilt } = await liveAndRebuilt(stores[1]);
    expect(live).toEqual(rebuilt);
    const positions = live.flatMap((d) => d.positions);
    expect(new Set(positions).size).toBe(70);
  });

  it('stops consuming when its lock connection is lost, and one node takes over', async () => {
    const c = { count: 0 };
    const d = { count: 0 };
    const nodeC = await node(c);
    const nodeD = await node(d);
    expect(nodeC.consumerState(NAME)).toBe('active');
    expect(nodeD.consumerState(NAME)).toBe('standby');
    const before = await store0().headPosition();
    const firstHead = await appendCases(store0(), 100, 10);
    await nodeC.waitFor(firstHead, NAME);

    // The database ends the session that holds the lock, node C's (as a restart or a network cut would).
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const { rows } = await admin.query(
      `SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1 AND a.datname = current_database()`,
      [CONSUMER_LOCKS_APPLICATION],
    );
    expect(rows).toHaveLength(1);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await admin.end();
    // Node C stops consuming at once; within a few seconds exactly one of the two consumes again.
    expect(await eventually(async () => nodeC.consumerState(NAME), (state) => state === 'standby', 3000)).toBe('standby');
    expect(await eventually(async () => [nodeC.consumerState(NAME), nodeD.consumerState(NAME)].filter((s) => s === 'active').length, (n) => n === 1, 6000)).toBe(1);

    const secondHead = await appendCases(store0(), 110, 10);
    const active = nodeC.consumerState(NAME) === 'active' ? nodeC : nodeD;
    await active.waitFor(secondHead, NAME);
    await new Promise((r) => setTimeout(r, 1500));
    expect([nodeC.consumerState(NAME), nodeD.consumerState(NAME)].filter((s) => s === 'active')).toHaveLength(1);
    expect(c.count + d.count).toBe(20);
    await nodeC.beforeApplicationShutdown();
    await nodeD.beforeApplicationShutdown();
    const { live, rebuilt } = await liveAndRebuilt(store0());
    expect(live).toEqual(rebuilt);
    expect(new Set(live.flatMap((doc) => doc.positions)).size).toBe(before + 20);
  });

  const store0 = () => stores[0];
});

describe('subscriptions on SQLite (one node: no lock)', () => {
  it('runs every subscription its roles include, active at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrology-failover-'));
    const store = new SqliteEventStore(join(dir, 'events.sqlite'));
    const applied = { count: 0 };
    const runner = new SubscriptionRunner(store, roles);
    runner.registerProjection(probe(applied));
    await runner.onApplicationBootstrap();
    try {
      expect(runner.status()).toEqual([{ name: NAME, position: 0, consumer: 'active' }]);
      const { events } = await store.append('failover-case-x', [submitted('case-x')], 'no_stream');
      await runner.waitFor(events[0].globalPosition, NAME);
      expect(applied.count).toBe(1);
    } finally {
      await runner.beforeApplicationShutdown();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
