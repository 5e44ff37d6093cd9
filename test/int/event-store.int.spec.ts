import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import type { EventMetadata } from '../../events/metadata.js';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from '../../src/event-store/errors.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { eventHash } from '../../src/event-store/hashing.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { CatchUpSubscription, type Projection } from '../../src/event-store/subscription.js';
import pg from 'pg';
import { createTestDatabase } from '../support/services.js';
import { eventStoreAdapters } from '../support/event-store-adapters.js';

/**
 * The event store contract, run against every adapter on a real database. (The full contract,
 * with gap-free reads under concurrency, anchors and snapshots, grows with the event store issue.)
 */
const metadata: EventMetadata = { commandId: 'cmd', actorId: 'u-1', role: 'institution', correlationId: 'corr-1' };
let counter = 0;
const submitted = (caseId: string, id = `evt-${++counter}`): NewEvent => ({
  id,
  type: AssessmentEventTypes.ApplicationSubmitted,
  schemaVersion: 1,
  metadata: { ...metadata, commandId: `cmd-${id}` },
  data: {
    caseId,
    kind: 'NEW',
    institutionId: 'inst-1',
    standard: { name: 'n', category: 'PUBLIC', measurand: 'mass' },
    submittedAt: '2026-11-27T02:00:00.000Z',
    acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
  },
});

const adapters = eventStoreAdapters('es');

describe.each(adapters)('event store contract: $name', (adapter) => {
  let store: EventStore;
  beforeAll(async () => {
    store = await adapter.open();
  });
  afterAll(async () => {
    await store.close();
    await adapter.cleanup();
  });

  it('appends with expected revisions and reads the stream back in order', async () => {
    const first = await store.append('s-order', [submitted('c1')], 'no_stream');
    expect(first.nextRevision).toBe(0);
    const second = await store.append('s-order', [submitted('c1'), submitted('c1')], 0);
    expect(second.nextRevision).toBe(2);
    const stream = await store.readStream('s-order');
    expect(stream.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect(stream[1].globalPosition).toBeGreaterThan(stream[0].globalPosition);
    await store.append('s-order', [submitted('c1')], 'stream_exists');
    await store.append('s-order', [submitted('c1')], 'any');
    expect(await store.readStream('s-order')).toHaveLength(5);
  });

  it('refuses an append whose expected revision does not match, with the actual revision', async () => {
    await store.append('s-conflict', [submitted('c2')], 'no_stream');
    const attempts: [Parameters<EventStore['append']>[2], number | null][] = [
      ['no_stream', 0],
      [5, 0],
    ];
    for (const [expected, actual] of attempts) {
      const error = await store.append('s-conflict', [submitted('c2')], expected).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect((error as WrongExpectedRevisionError).actual).toBe(actual);
    }
    const missing = await store.append('s-missing', [submitted('c2')], 'stream_exists').catch((e: unknown) => e);
    expect((missing as WrongExpectedRevisionError).actual).toBeNull();
    expect(await store.readStream('s-conflict')).toHaveLength(1);
    expect(await store.readStream('s-missing')).toHaveLength(0);
  });

  it('treats a retried append as the same append and refuses a retry that mixes known and new ids', async () => {
    const events = [submitted('c3', 'idem-1'), submitted('c3', 'idem-2')];
    const original = await store.append('s-idem', events, 'no_stream');
    const retried = await store.append('s-idem', events, 'no_stream');
    expect(retried.alreadyRecorded).toBe(true);
    expect(retried.events.map((e) => e.globalPosition)).toEqual(original.events.map((e) => e.globalPosition));
    await expect(store.append('s-idem', [submitted('c3', 'idem-2'), submitted('c3', 'idem-3')], 'any')).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(await store.readStream('s-idem')).toHaveLength(2);
  });

  it('refuses malformed events before writing anything', async () => {
    const bad = [
      { ...submitted('c4'), type: 'no.such.type' },
      { ...submitted('c4'), data: { caseId: 'c4' } },
      { ...submitted('c4'), metadata: { ...metadata, actorId: '' } },
      { ...submitted('c4'), data: { ...(submitted('c4').data as object), standard: { name: 'x'.repeat(300_000), category: 'PUBLIC', measurand: 'm' } } },
    ];
    for (const event of bad) {
      await expect(store.append('s-bad', [submitted('c4'), event], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    }
    await expect(store.append('bad stream id!', [submitted('c4')], 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append('s-bad', Array.from({ length: 1001 }, () => submitted('c4')), 'any')).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.append('s-bad', [submitted('c4')], -1)).rejects.toBeInstanceOf(InvalidEventError);
    expect(await store.readStream('s-bad')).toHaveLength(0);
  });

  it('chains each event to its predecessor by hash', async () => {
    await store.append('s-chain', [submitted('c5'), submitted('c5'), submitted('c5')], 'no_stream');
    const stream = await store.readStream('s-chain');
    expect(stream[0].prevHash).toBeNull();
    for (const [i, event] of stream.entries()) {
      expect(event.hash).toBe(eventHash(event));
      if (i > 0) expect(event.prevHash).toBe(stream[i - 1].hash);
    }
  });

  it('reads everything in global order from a position', async () => {
    const all = await store.readAll();
    const positions = all.map((e) => e.globalPosition);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const tail = await store.readAll({ after: positions[2], limit: 2 });
    expect(tail.map((e) => e.globalPosition)).toEqual(positions.slice(3, 5));
  });

  it('applies a projection exactly once: a failed apply leaves neither document nor checkpoint', async () => {
    const [event] = (await store.append('s-proj', [submitted('c6')], 'no_stream')).events;
    await expect(
      store.applyWithCheckpoint('p-test', event.globalPosition, async (tx) => {
        await tx.put('docs', 'c6', { seen: 1 });
        throw new Error('crash in the middle of a projection');
      }),
    ).rejects.toThrow('crash');
    expect(await store.getDocument('docs', 'c6')).toBeUndefined();
    expect(await store.getCheckpoint('p-test')).toBe(0);
    const apply = async (tx: Parameters<Parameters<EventStore['applyWithCheckpoint']>[2]>[0]) => {
      const doc = (await tx.get<{ seen: number }>('docs', 'c6')) ?? { seen: 0 };
      await tx.put('docs', 'c6', { seen: doc.seen + 1 });
    };
    expect(await store.applyWithCheckpoint('p-test', event.globalPosition, apply)).toBe(true);
    expect(await store.applyWithCheckpoint('p-test', event.globalPosition, apply)).toBe(false);
    expect(await store.getDocument('docs', 'c6')).toEqual({ seen: 1 });
    expect(await store.getCheckpoint('p-test')).toBe(event.globalPosition);
  });

  it('applies a batch only from where the checkpoint is: a consumer that went past the batch start wins', async () => {
    const events = (await store.append('s-batch', [submitted('c7'), submitted('c7'), submitted('c7')], 'no_stream')).events;
    const [p1, p2, p3] = events.map((e) => e.globalPosition);
    const count = (n: number) => async (tx: Parameters<Parameters<EventStore['applyWithCheckpoint']>[2]>[0]) => {
      const doc = (await tx.get<{ applied: number }>('docs', 'c7')) ?? { applied: 0 };
      await tx.put('docs', 'c7', { applied: doc.applied + n });
    };
    // Another consumer applied the first event.
    expect(await store.applyWithCheckpoint('p-batch', p1, count(1))).toBe(true);
    // A batch of all three from the start (after 0) would apply the first again: refused, nothing written.
    expect(await store.applyWithCheckpoint('p-batch', p3, count(3), 0)).toBe(false);
    expect(await store.getDocument('docs', 'c7')).toEqual({ applied: 1 });
    expect(await store.getCheckpoint('p-batch')).toBe(p1);
    // From where the checkpoint is, the rest of the batch applies once.
    expect(await store.applyWithCheckpoint('p-batch', p3, count(2), p1)).toBe(true);
    expect(await store.getDocument('docs', 'c7')).toEqual({ applied: 3 });
    expect(await store.getCheckpoint('p-batch')).toBe(p3);
    expect(await store.applyWithCheckpoint('p-batch', p3, count(1), p2)).toBe(false);
  });

  it('reads a stream backwards, from a revision, a bounded number, and as it stood at a moment', async () => {
    await store.append('s-read', [submitted('c8'), submitted('c8'), submitted('c8')], 'no_stream');
    await new Promise((r) => setTimeout(r, 5));
    const moment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    await store.append('s-read', [submitted('c8'), submitted('c8')], 2);
    const revisions = async (options: Parameters<EventStore['readStream']>[1]) => (await store.readStream('s-read', options)).map((e) => e.revision);
    expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
    expect(await revisions({ fromRevision: 3 })).toEqual([3, 4]);
    expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
    expect(await revisions({ until: moment })).toEqual([0, 1, 2]);
    expect(await revisions({ maxCount: 0 })).toEqual([]);
    await expect(store.readStream('s-read', { fromRevision: -1 })).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.readStream('s-read', { until: 'yesterday' })).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('reads everything filtered by event type or stream prefix, and finds events by id', async () => {
    await store.append('filter-a-1', [submitted('c9', 'find-me')], 'no_stream');
    await store.append('filter-b-1', [submitted('c9')], 'no_stream');
    const byPrefix = await store.readAll({ streamPrefix: 'filter-a-', limit: 10_000 });
    expect(byPrefix.map((e) => e.streamId)).toEqual(['filter-a-1']);
    expect(await store.readAll({ types: ['standards.assessment.application-deemed-accepted'], limit: 10_000 })).toEqual([]);
    expect((await store.readAll({ types: [AssessmentEventTypes.ApplicationSubmitted], limit: 10_000 })).length).toBeGreaterThan(2);
    expect((await store.findEvents(['find-me', 'unknown-id'])).map((e) => e.streamId)).toEqual(['filter-a-1']);
    await expect(store.readAll({ after: -1 })).rejects.toBeInstanceOf(InvalidEventError);
    await expect(store.readAll({ limit: 0 })).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('lets exactly one of 16 concurrent writers win each revision of one stream, losing and doubling nothing', async () => {
    const writers = 16;
    const perWriter = 5;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = 0; n < perWriter; ) {
          const current = await store.readStream('s-race', { direction: 'backwards', maxCount: 1 });
          const expected = current.length ? current[0].revision : 'no_stream';
          try {
            await store.append('s-race', [submitted('c10', `race-${w}-${n}`)], expected);
            n += 1;
          } catch (error) {
            expect(error).toBeInstanceOf(WrongExpectedRevisionError);
            conflicts += 1;
          }
        }
      }),
    );
    const stream = await store.readStream('s-race');
    expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: writers * perWriter }, (_, i) => i));
    expect(new Set(stream.map((e) => e.id)).size).toBe(writers * perWriter);
    expect(conflicts).toBeGreaterThan(0);
    expect((await store.verify({ streamId: 's-race' })).ok).toBe(true);
  });

  it('lets 16 writers on 16 streams all succeed', async () => {
    const results = await Promise.all(Array.from({ length: 16 }, (_, w) => store.append(`s-parallel-${w}`, [submitted('c11'), submitted('c11')], 'no_stream')));
    expect(results.every((r) => r.nextRevision === 1)).toBe(true);
    const positions = results.flatMap((r) => r.events.map((e) => e.globalPosition));
    expect(new Set(positions).size).toBe(32);
  });

  it('keeps snapshots: the latest one per folding version, and snapshot plus tail equals a full replay', async () => {
    const events = Array.from({ length: 7 }, () => submitted('c12'));
    await store.append('s-snap', events, 'no_stream');
    const fold = (rs: { revision: number }[], from: number[] = []) => rs.reduce((acc, e) => [...acc, e.revision], from);
    const full = fold(await store.readStream('s-snap'));
    await store.saveSnapshot({ streamId: 's-snap', revision: 4, version: 'v1', state: fold((await store.readStream('s-snap')).slice(0, 5)) });
    await store.saveSnapshot({ streamId: 's-snap', revision: 2, version: 'v1', state: [0, 1, 2] }); // older: ignored
    const snapshot = await store.loadSnapshot<number[]>('s-snap', 'v1');
    expect(snapshot?.revision).toBe(4);
    expect(fold(await store.readStream('s-snap', { fromRevision: snapshot!.revision + 1 }), snapshot!.state)).toEqual(full);
    expect(await store.loadSnapshot('s-snap', 'v2')).toBeUndefined();
  });

  it('runs a catch-up subscription from its checkpoint, then live, and resumes after a stop', async () => {
    const counted: Projection = {
      name: 'p-count',
      apply: async (event, tx) => {
        const doc = (await tx.get<{ n: number; positions: number[] }>('counts', 'all')) ?? { n: 0, positions: [] };
        await tx.put('counts', 'all', { n: doc.n + 1, positions: [...doc.positions, event.globalPosition] });
      },
    };
    const before = (await store.readAll({ limit: 10_000 })).length;
    const first = new CatchUpSubscription(store, { kind: 'projection', projection: counted }, { pollIntervalMs: 50 });
    first.start();
    const live = await store.append('s-live', [submitted('c7')], 'no_stream');
    await first.waitFor(live.events[0].globalPosition);
    await first.stop();
    const more = await store.append('s-live', [submitted('c7'), submitted('c7')], 0);
    const second = new CatchUpSubscription(store, { kind: 'projection', projection: counted }, { pollIntervalMs: 50 });
    second.start();
    await second.waitFor(more.events[1].globalPosition);
    await second.stop();
    const doc = await store.getDocument<{ n: number; positions: number[] }>('counts', 'all');
    expect(doc!.n).toBe(before + 3);
    expect(new Set(doc!.positions).size).toBe(doc!.n);
  });

  it('passes over the events a projection does not handle, without a transaction, and still moves its checkpoint', async () => {
    const applied: number[] = [];
    const wanted: Projection = {
      name: `p-handles-${counter}`,
      handles: (event) => event.streamId === 'h-yes',
      apply: async (event, tx) => {
        applied.push(event.globalPosition);
        await tx.put('handled', String(event.globalPosition), { streamId: event.streamId });
      },
    };
    const yes = (await store.append('h-yes', [submitted('h1')], 'no_stream')).events[0];
    const no = (await store.append('h-no', [submitted('h2'), submitted('h2')], 'no_stream')).events;
    const subscription = new CatchUpSubscription(store, { kind: 'projection', projection: wanted }, { pollIntervalMs: 50 });
    subscription.start();
    await subscription.waitFor(no[1].globalPosition);
    await subscription.stop();
    expect(applied.filter((p) => p === yes.globalPosition)).toHaveLength(1);
    expect(applied).not.toContain(no[0].globalPosition);
    expect(applied).not.toContain(no[1].globalPosition);
    // Stored, not only in memory: a restart does not go over them again.
    expect(await store.isCovered(no[1].globalPosition, await store.getCheckpoint(wanted.name))).toBe(true);
  });

  it('runs a reactor over several streams at once, each stream in order, and redelivers from the first failure', async () => {
    const streams = ['r-a', 'r-b', 'r-c', 'r-d'];
    const appended: RecordedEvent[] = [];
    for (let round = 0; round < 5; round++) {
      for (const streamId of streams) {
        appended.push(...(await store.append(streamId, [submitted(streamId)], round === 0 ? 'no_stream' : round - 1)).events);
      }
    }
    const positions = new Set(appended.map((e) => e.globalPosition));
    const seen: RecordedEvent[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    // Stream r-c fails once on its third event; everything after it in r-c waits for the retry.
    const failOn = appended.filter((e) => e.streamId === 'r-c')[2].globalPosition;
    let failed = false;
    const errors: number[] = [];
    const reactor = {
      name: `r-partitions-${counter}`,
      handle: async (event: RecordedEvent) => {
        if (!positions.has(event.globalPosition)) return;
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight -= 1;
        if (event.globalPosition === failOn && !failed) {
          failed = true;
          throw new Error('Temporal unreachable');
        }
        seen.push(event);
      },
    };
    const subscription = new CatchUpSubscription(store, { kind: 'reactor', reactor }, { pollIntervalMs: 50, concurrency: 4, onError: (_, event) => errors.push(event!.globalPosition) });
    subscription.start();
    await subscription.waitFor(appended.at(-1)!.globalPosition);
    await subscription.stop();

    expect(mostInFlight).toBeGreaterThan(1);
    expect(errors).toEqual([failOn]);
    for (const streamId of streams) {
      const delivered = seen.filter((e) => e.streamId === streamId).map((e) => e.revision);
      // First deliveries in order within each stream; what another stream handled past the
      // failure comes again from the checkpoint (at least once), in order again.
      expect([...new Set(delivered)]).toEqual([0, 1, 2, 3, 4]);
    }
    // The failed stream stopped at its failure: nothing of it ran ahead, nothing came twice.
    expect(seen.filter((e) => e.streamId === 'r-c').map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    expect(await store.getCheckpoint(reactor.name)).toBeGreaterThanOrEqual(appended.at(-1)!.globalPosition);
  });

  it('resets a projection: its collections and its checkpoint go, everything else stays', async () => {
    const [event] = (await store.append('s-reset', [submitted('c-reset')], 'no_stream')).events;
    await store.applyWithCheckpoint('p-reset', event.globalPosition, async (tx) => {
      await tx.put('reset-a', 'a1', { n: 1 });
      await tx.put('reset-a', 'a2', { n: 2 });
      await tx.put('reset-b', 'b1', { n: 3 });
      await tx.put('reset-kept', 'k1', { n: 4 });
    });
    await store.saveCheckpoint('p-reset-other', event.globalPosition);

    await store.resetProjection('p-reset', ['reset-a', 'reset-b']);

    expect(await store.listDocuments('reset-a')).toEqual([]);
    expect(await store.listDocuments('reset-b')).toEqual([]);
    expect(await store.listDocuments('reset-kept')).toEqual([{ n: 4 }]);
    expect(await store.getCheckpoint('p-reset')).toBe(0);
    expect(await store.getCheckpoint('p-reset-other')).toBe(event.globalPosition);
    // The projection applies the same event again, from the start.
    expect(await store.applyWithCheckpoint('p-reset', event.globalPosition, (tx) => tx.put('reset-a', 'a1', { n: 5 }))).toBe(true);
    expect(await store.listDocuments('reset-a')).toEqual([{ n: 5 }]);
  });
});

describe('PostgreSQL: readers never pass an event that commits later with a lower position', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let held: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    held = new pg.Client({ connectionString: db.url });
    await held.connect();
  });
  afterAll(async () => {
    await held.end();
    await store.close();
    await db.drop();
  });

  it('tells a node that has never read a stream that it exists, with its revision, when it appends as if new', async () => {
    await store.append('known-elsewhere', [submitted('k1'), submitted('k1')], 'no_stream');
    const otherNode = new PostgresEventStore(db.url);
    try {
      const refused = await otherNode.append('known-elsewhere', [submitted('k1')], 'no_stream').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
      expect((refused as WrongExpectedRevisionError).actual).toBe(1);
      // Having learnt the head, the same node appends at the right revision.
      expect((await otherNode.append('known-elsewhere', [submitted('k1')], 1)).nextRevision).toBe(2);
      expect((await store.readStream('known-elsewhere')).map((e) => e.revision)).toEqual([0, 1, 2]);
    } finally {
      await otherNode.close();
    }
  });

  it('wakes a subscription on another node through LISTEN/NOTIFY, without waiting for its poll', async () => {
    const otherNode = new PostgresEventStore(db.url);
    await otherNode.init();
    const seen: string[] = [];
    const projection: Projection = { name: 'p-notify', apply: async (event) => void seen.push(event.streamId) };
    // A poll interval far longer than the test: only a notification can wake it in time.
    const subscription = new CatchUpSubscription(otherNode, { kind: 'projection', projection }, { pollIntervalMs: 600_000 });
    subscription.start();
    try {
      await new Promise((r) => setTimeout(r, 200)); // let it catch up and go to sleep
      const before = seen.length;
      await store.append('notify-1', [submitted('n1')], 'no_stream');
      // Watch the projection itself: waitFor() would wake the subscription and prove nothing.
      for (let waited = 0; waited < 5_000 && seen.length === before; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(seen.slice(before)).toEqual(['notify-1']);
    } finally {
      await subscription.stop();
      await otherNode.close();
    }
  });

  it('holds readers behind an open transaction and delivers both events once it commits', async () => {
    const [seen] = (await store.append('gap-0', [submitted('g0')], 'no_stream')).events;
    // An append that takes its position first and commits last...
    await held.query('BEGIN');
    const slow = await store.appendVia(held as unknown as pg.PoolClient, 'gap-slow', [submitted('g1')], 'no_stream');
    // ...and one that takes a higher position and commits at once.
    const fast = await store.append('gap-fast', [submitted('g2')], 'no_stream');
    expect(fast.events[0].globalPosition).toBeGreaterThan(slow.events[0].globalPosition);

    expect(await store.readAll({ after: seen.globalPosition })).toEqual([]);
    const subscription: RecordedEvent[] = [];
    const projection: Projection = { name: 'p-gap', apply: async (event) => void (event.streamId.startsWith('gap-') && subscription.push(event)) };
    const running = new CatchUpSubscription(store, { kind: 'projection', projection }, { pollIntervalMs: 20 });
    running.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(subscription.map((e) => e.streamId)).toEqual(['gap-0']);

    await held.query('COMMIT');
    await running.waitFor(fast.events[0].globalPosition);
    await running.stop();
    expect(subscription.map((e) => e.streamId)).toEqual(['gap-0', 'gap-slow', 'gap-fast']);
    expect(await store.isCovered(slow.events[0].globalPosition, fast.events[0].globalPosition)).toBe(true);
  });
});
