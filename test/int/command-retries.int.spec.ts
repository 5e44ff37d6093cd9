import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { WrongExpectedRevisionError } from '../../src/event-store/errors.js';
import { configureConflictRetries, conflictRetryPolicy, executeOnStream } from '../../src/event-store/event-sourced-command.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { executeExpertCommand } from '../../src/identity/registry/commands/expert-command.js';
import { decideExpert, expertStreamId } from '../../src/identity/registry/domain/expert.js';
import { expertFolding } from '../../src/identity/registry/domain/registry.folding.js';
import type { CommandContext } from '../../src/shared/command-context.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { freshId, takeFresh } from '../../src/shared/fresh-ids.js';
import { eventStoreAdapters } from '../support/event-store-adapters.js';

/**
 * Concurrency conflicts inside command handlers are retried: eight different commands sent at once
 * to one expert's stream all load the same revision, one appends first, and the others load and
 * decide again instead of answering 409. Without retries most of them fail, which is what shows
 * that the retries do the work.
 */
const adapters = eventStoreAdapters('retry');

const clock = { now: () => new Date('2026-11-27T02:00:00Z') };
let n = 0;
const context = (): CommandContext => ({ commandId: `retry-cmd-${++n}`, actorId: 'admin-1', role: 'admin', correlationId: `corr-${n}` });
const grant = (expertId: string, certificateNumber: string) =>
  ({ type: 'GrantQualification', expertId, discipline: 'pressure', certificateNumber, validFrom: '2026-01-01', validUntil: '2030-12-31' }) as const;

describe.each(adapters)('bounded retries on concurrency conflicts: $name', (adapter) => {
  let store: EventStore;
  const defaults = conflictRetryPolicy();
  beforeAll(async () => {
    store = await adapter.open();
  });
  afterEach(() => configureConflictRetries(defaults));
  afterAll(async () => {
    await store.close();
    await adapter.cleanup();
  });

  const register = (expertId: string) =>
    executeOnStream(store, expertStreamId(expertId), expertFolding, context(), (state) => decideExpert({ type: 'RegisterExpert', expertId, name: 'Zhang San' }, state, { now: clock.now() }));

  it('records all of eight different commands sent at once to one stream, none answering a conflict', async () => {
    // Eight at once: each can lose the race to each of the seven others at most once.
    configureConflictRetries({ retries: 7 });
    await register('expert-busy');
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => executeExpertCommand(store, clock, grant('expert-busy', `CERT-${i}`), context())));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    const stream = await store.readStream(expertStreamId('expert-busy'));
    expect(stream.map((e) => (e.data as { certificateNumber?: string }).certificateNumber).filter(Boolean).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `CERT-${i}`));
  });

  it('decides a retried command again on the stream as it now is, so that the rules can refuse it', async () => {
    configureConflictRetries({ retries: 7 });
    await register('expert-twice');
    // Four pairs: each certificate sent twice at once, as two different commands.
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => executeExpertCommand(store, clock, grant('expert-twice', `CERT-${i % 4}`), context())));
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused).toHaveLength(4);
    for (const r of refused) expect((r.reason as DomainError).code).toBe('registry.qualification-already-granted');
    expect(await store.readStream(expertStreamId('expert-twice'))).toHaveLength(1 + 4);
  });

  it('lets the conflict through once the retries are spent (without retries, to show it)', async () => {
    configureConflictRetries({ retries: 0 });
    await register('expert-no-retry');
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => executeExpertCommand(store, clock, grant('expert-no-retry', `CERT-${i}`), context())));
    const conflicts = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) expect(c.reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await store.readStream(expertStreamId('expert-no-retry'))).toHaveLength(1 + 8 - conflicts.length);
  });

  it('a stream wrongly assumed new is read on the retry and decided on as it is', async () => {
    await register('expert-assumed-new');
    // The second registration believes the stream is new: the append refuses (no_stream), the retry reads the stream, and the rules refuse.
    const again = executeOnStream(store, expertStreamId('expert-assumed-new'), expertFolding, context(), (state) => decideExpert({ type: 'RegisterExpert', expertId: 'expert-assumed-new', name: 'Zhang San' }, state, { now: clock.now() }), undefined, { newStream: true });
    await expect(again).rejects.toBeInstanceOf(DomainError);
    expect(await store.readStream(expertStreamId('expert-assumed-new'))).toHaveLength(1);
  });

  it('answers a resent command with its first events; a fresh id is not looked for, and a resent one is', async () => {
    const commandId = freshId();
    const first = await executeOnStream(store, expertStreamId('expert-fresh'), expertFolding, { ...context(), commandId }, (state) => decideExpert({ type: 'RegisterExpert', expertId: 'expert-fresh', name: 'Li Si' }, state, { now: clock.now() }), undefined, { newStream: true });
    expect(first.alreadyRecorded).toBe(false);
    expect(takeFresh(commandId)).toBe(false); // used up by the first execution
    // Resent with the same id (a client's retry): the original events, nothing new, although the rules would now refuse.
    const resent = await executeOnStream(store, expertStreamId('expert-fresh'), expertFolding, { ...context(), commandId }, (state) => decideExpert({ type: 'RegisterExpert', expertId: 'expert-fresh', name: 'Li Si' }, state, { now: clock.now() }));
    expect(resent.alreadyRecorded).toBe(true);
    expect(resent.events.map((e) => [e.id, e.hash])).toEqual(first.events.map((e) => [e.id, e.hash]));
    expect(await store.readStream(expertStreamId('expert-fresh'))).toHaveLength(1);
  });

  it('retries three times by default', () => {
    expect(defaults.retries).toBe(3);
  });
});
