import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, IdempotentAnswer } from '../../src/event-store/event-store.port.js';
import { eventStoreAdapters } from '../support/event-store-adapters.js';

/**
 * The idempotency half of the event store contract, on both adapters: a key is claimed once, its
 * answer is kept until it expires, a claim of a request that died lapses, a dropped claim frees
 * the key, and expired records are purged.
 */
const adapters = eventStoreAdapters('idem');

const at = (iso: string) => new Date(iso);
const T0 = '2026-11-27T02:00:00.000Z';
const answer: IdempotentAnswer = { status: 201, body: '{"caseId":"c-1"}', headers: { location: '/api/v1/assessment-cases/c-1', 'content-type': 'application/json; charset=utf-8' } };

describe.each(adapters)('idempotent answers in the event store: $name', (adapter) => {
  let store: EventStore;
  beforeAll(async () => {
    store = await adapter.open();
  });
  afterAll(async () => {
    await store.close();
    await adapter.cleanup();
  });

  it('lets one request claim a key; a second claim gets the running record, then the stored answer', async () => {
    expect(await store.claimIdempotencyKey('actor-1', 'k-1', 'hash-a', at('2026-11-27T02:01:00Z'), at(T0))).toBeUndefined();
    const running = await store.claimIdempotencyKey('actor-1', 'k-1', 'hash-a', at('2026-11-27T02:01:00Z'), at(T0));
    expect(running).toEqual({ requestHash: 'hash-a', expiresAt: '2026-11-27T02:01:00.000Z' });

    await store.saveIdempotentAnswer('actor-1', 'k-1', 'hash-a', answer, at('2026-11-28T02:00:00Z'));
    expect(await store.claimIdempotencyKey('actor-1', 'k-1', 'hash-a', at('2026-11-27T02:01:00Z'), at('2026-11-27T03:00:00Z'))).toEqual({
      requestHash: 'hash-a',
      answer,
      expiresAt: '2026-11-28T02:00:00.000Z',
    });
    expect((await store.getIdempotentAnswer('actor-1', 'k-1', at('2026-11-27T03:00:00Z')))?.answer).toEqual(answer);
  });

  it('keeps keys apart per actor', async () => {
    expect(await store.claimIdempotencyKey('actor-2', 'k-1', 'hash-b', at('2026-11-27T02:01:00Z'), at(T0))).toBeUndefined();
    expect((await store.getIdempotentAnswer('actor-1', 'k-1', at(T0)))?.requestHash).toBe('hash-a');
  });

  it('does not overwrite the answer of one request with that of another request under the same key', async () => {
    await store.saveIdempotentAnswer('actor-1', 'k-1', 'hash-other', { status: 400, body: '{}', headers: {} }, at('2026-11-29T00:00:00Z'));
    expect((await store.getIdempotentAnswer('actor-1', 'k-1', at(T0)))?.answer).toEqual(answer);
  });

  it('lets the claim of a request that died lapse at its lease, and an expired answer be replaced', async () => {
    expect(await store.claimIdempotencyKey('actor-1', 'k-dead', 'hash-a', at('2026-11-27T02:01:00Z'), at(T0))).toBeUndefined();
    expect(await store.getIdempotentAnswer('actor-1', 'k-dead', at('2026-11-27T02:01:00Z'))).toBeUndefined();
    expect(await store.claimIdempotencyKey('actor-1', 'k-dead', 'hash-c', at('2026-11-27T02:02:30Z'), at('2026-11-27T02:01:30Z'))).toBeUndefined();
    expect((await store.getIdempotentAnswer('actor-1', 'k-dead', at('2026-11-27T02:01:30Z')))?.requestHash).toBe('hash-c');
    // The answer of k-1 expires on the 28th: after that the key is free again.
    expect(await store.claimIdempotencyKey('actor-1', 'k-1', 'hash-d', at('2026-11-28T02:01:00Z'), at('2026-11-28T02:00:00Z'))).toBeUndefined();
  });

  it('drops a claim that got no answer, but never a stored answer', async () => {
    expect(await store.claimIdempotencyKey('actor-3', 'k-5xx', 'hash-a', at('2026-11-27T02:01:00Z'), at(T0))).toBeUndefined();
    await store.releaseIdempotencyKey('actor-3', 'k-5xx', 'hash-a');
    expect(await store.getIdempotentAnswer('actor-3', 'k-5xx', at(T0))).toBeUndefined();
    await store.saveIdempotentAnswer('actor-3', 'k-kept', 'hash-a', answer, at('2026-11-28T00:00:00Z'));
    await store.releaseIdempotencyKey('actor-3', 'k-kept', 'hash-a');
    expect((await store.getIdempotentAnswer('actor-3', 'k-kept', at(T0)))?.answer).toEqual(answer);
  });

  it('lets exactly one of many simultaneous claims of a key win', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claimIdempotencyKey('actor-4', 'k-race', 'hash-a', at('2026-11-27T02:01:00Z'), at(T0))));
    expect(claims.filter((c) => c === undefined)).toHaveLength(1);
  });

  it('purges what has expired and nothing else', async () => {
    await store.saveIdempotentAnswer('actor-5', 'k-old', 'hash-a', answer, at('2026-11-27T01:00:00Z'));
    await store.saveIdempotentAnswer('actor-5', 'k-new', 'hash-a', answer, at('2026-12-27T01:00:00Z'));
    expect(await store.purgeIdempotentAnswers(at('2026-11-30T00:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect(await store.getIdempotentAnswer('actor-5', 'k-old', at('2026-11-01T00:00:00Z'))).toBeUndefined();
    expect((await store.getIdempotentAnswer('actor-5', 'k-new', at('2026-11-30T00:00:00Z')))?.answer).toEqual(answer);
  });
});
