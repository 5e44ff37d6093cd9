import { eventDefinition } from '../../events/catalogue.js';
import { eventMetadata, type CommandContext } from '../shared/command-context.js';
import { takeFresh } from '../shared/fresh-ids.js';
import { WrongExpectedRevisionError } from './errors.js';
import { eventIdFor } from './event-ids.js';
import type { EventStore, RecordedEvent } from './event-store.port.js';

export interface DomainEventShape {
  type: string;
  data: unknown;
}

export interface Folding<S, E extends DomainEventShape> {
  initial: S;
  evolve(state: S, event: E): S;
  /**
   * For long streams: keep a snapshot every `every` events. `version` names the folding; change
   * it whenever `evolve` or the state's shape changes, and older snapshots are ignored.
   */
  snapshot?: { version: string; every: number };
}

export interface CommandOutcome<S = unknown> {
  events: RecordedEvent[];
  /** True when the command had already been executed and nothing new was recorded. */
  alreadyRecorded: boolean;
  /** The state right after this command's events; absent when they were recorded earlier (load it). */
  state?: S;
}

/** Rebuilds an aggregate's state: its latest snapshot (when the folding keeps them) plus the events after it. */
export async function loadState<S, E extends DomainEventShape>(store: EventStore, streamId: string, folding: Folding<S, E>) {
  const snapshot = folding.snapshot ? await store.loadSnapshot<S>(streamId, folding.snapshot.version) : undefined;
  const tail = await store.readStream(streamId, snapshot ? { fromRevision: snapshot.revision + 1 } : {});
  const state = tail.reduce((s, e) => folding.evolve(s, { type: e.type, data: e.data } as E), snapshot ? snapshot.state : folding.initial);
  const revision = tail.length ? tail[tail.length - 1].revision : snapshot ? snapshot.revision : null;
  return { state, revision };
}

export interface ExecuteOptions {
  /**
   * The stream's id was drawn at random moments ago (takeFresh of src/shared/fresh-ids.ts), so
   * the stream cannot exist yet: it is not read before its first append.
   */
  newStream?: boolean;
}

/** How often a command is decided again after another command appended to its stream first. */
export interface ConflictRetryPolicy {
  /** Retries after the first attempt (COMMAND_CONFLICT_RETRIES, default 3); 0: the first conflict is answered. */
  retries: number;
  /** Base of the backoff: before retry n it waits a random time up to baseDelayMs * 2^(n-1). */
  baseDelayMs: number;
}

let conflictRetries: ConflictRetryPolicy = { retries: 3, baseDelayMs: 10 };

/** Sets the retry bound for every executeOnStream of the process (CoreModule, from the configuration). */
export function configureConflictRetries(policy: Partial<ConflictRetryPolicy>): void {
  conflictRetries = { ...conflictRetries, ...policy };
}

export function conflictRetryPolicy(): ConflictRetryPolicy {
  return conflictRetries;
}

/**
 * Load, decide, append with the expected revision. A command whose events are already recorded
 * answers with them instead of deciding again, so retries by clients and by Temporal activities
 * record each step once (a command id this process has just drawn, freshId, is not looked for). When another command appended to the stream between the load and the
 * append (WrongExpectedRevisionError), the command is loaded and decided again on the stream as it
 * now is, up to `retries` times with a short jittered backoff; only then does the conflict reach
 * the caller (409). Deciders are pure, so deciding again is safe; the new decision may refuse.
 */
export async function executeOnStream<S, E extends DomainEventShape>(
  store: EventStore,
  streamId: string,
  folding: Folding<S, E>,
  context: CommandContext,
  decide: (state: S) => E[],
  policyVersion?: string,
  options: ExecuteOptions = {},
): Promise<CommandOutcome<S>> {
  const { retries, baseDelayMs } = conflictRetries;
  // A command id this process has just drawn (freshId) has recorded nothing yet: no need to look.
  const freshCommand = takeFresh(context.commandId);
  for (let attempt = 0; ; attempt++) {
    try {
      // A stream assumed new is not read; if it exists after all, the append refuses (no_stream) and the retry reads it.
      return await attemptOnStream(store, streamId, folding, context, decide, policyVersion, { freshCommand, newStream: options.newStream === true && attempt === 0 });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * baseDelayMs * 2 ** attempt));
    }
  }
}

async function attemptOnStream<S, E extends DomainEventShape>(
  store: EventStore,
  streamId: string,
  folding: Folding<S, E>,
  context: CommandContext,
  decide: (state: S) => E[],
  policyVersion: string | undefined,
  known: { freshCommand: boolean; newStream: boolean },
): Promise<CommandOutcome<S>> {
  if (!known.freshCommand) {
    const [first] = await store.findEvents([eventIdFor(context.commandId, 0)]);
    if (first) {
      const earlier = await store.readStream(first.streamId, { fromRevision: first.revision });
      return { events: earlier.filter((e) => e.metadata.commandId === context.commandId), alreadyRecorded: true };
    }
  }
  const { state, revision } = known.newStream ? { state: folding.initial, revision: null } : await loadState(store, streamId, folding);
  const decided = decide(state);
  if (decided.length === 0) return { events: [], alreadyRecorded: false, state };
  const metadata = eventMetadata(context, policyVersion);
  const result = await store.append(
    streamId,
    decided.map((event, index) => ({
      id: eventIdFor(context.commandId, index),
      type: event.type,
      schemaVersion: eventDefinition(event.type)?.schemaVersion ?? 0,
      data: event.data,
      metadata,
    })),
    revision === null ? 'no_stream' : revision,
  );
  if (result.alreadyRecorded) return { events: result.events, alreadyRecorded: true };
  const newState = decided.reduce((s, e) => folding.evolve(s, e), state);
  if (folding.snapshot) {
    const every = folding.snapshot.every;
    const before = revision === null ? -1 : revision;
    if (Math.floor((result.nextRevision + 1) / every) > Math.floor((before + 1) / every)) {
      await store.saveSnapshot({ streamId, revision: result.nextRevision, version: folding.snapshot.version, state: newState });
    }
  }
  return { events: result.events, alreadyRecorded: false, state: newState };
}
