import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import type { EventMetadata } from '../../events/metadata.js';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from '../../src/event-store/errors.js';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import { eventHash } from '../../src/event-store/hashing.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { CatchUpSubscription, type Projection } from '../../src/event-store/subscription.js';
import { createTestDatabase } from '../support/services.js';

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

type Adapter = { name: string; open(): Promise<EventStore>; cleanup(): Promise<void> };

const adapters: Adapter[] = [
  (() => {
    const dir = mkdtempSync(join(tmpdir(), 'metrology-es-'));
    return {
      name: 'sqlite',
      open: async () => new SqliteEventStore(join(dir, 'events.sqlite')),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  })(),
  (() => {
    let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
    return {
      name: 'postgres',
      open: async () => {
        db ??= await createTestDatabase();
        const store = new PostgresEventStore(db.url);
        await store.init();
        return store;
      },
      cleanup: async () => db?.drop(),
    };
  })(),
];

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
});
