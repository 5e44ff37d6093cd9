import { eventDefinition } from '../../events/catalogue.js';
import { eventMetadata, type CommandContext } from '../shared/command-context.js';
import { eventIdFor } from './event-ids.js';
import type { EventStore, RecordedEvent } from './event-store.port.js';

export interface DomainEventShape {
  type: string;
  data: unknown;
}

export interface Folding<S, E extends DomainEventShape> {
  initial: S;
  evolve(state: S, event: E): S;
}

export interface CommandOutcome {
  events: RecordedEvent[];
  /** True when the command had already been executed and nothing new was recorded. */
  alreadyRecorded: boolean;
}

/** Rebuilds an aggregate's state from its stream. */
export async function loadState<S, E extends DomainEventShape>(store: EventStore, streamId: string, folding: Folding<S, E>) {
  const history = await store.readStream(streamId);
  const state = history.reduce((s, e) => folding.evolve(s, { type: e.type, data: e.data } as E), folding.initial);
  return { state, history, revision: history.length ? history[history.length - 1].revision : null };
}

/**
 * Load, decide, append with the expected revision. A command whose id is already recorded in
 * the stream answers with its original events instead of deciding again, so retries by clients
 * and by Temporal activities record each step once.
 */
export async function executeOnStream<S, E extends DomainEventShape>(
  store: EventStore,
  streamId: string,
  folding: Folding<S, E>,
  context: CommandContext,
  decide: (state: S) => E[],
  policyVersion?: string,
): Promise<CommandOutcome> {
  const { state, history, revision } = await loadState(store, streamId, folding);
  const earlier = history.filter((e) => e.metadata.commandId === context.commandId);
  if (earlier.length > 0) return { events: earlier, alreadyRecorded: true };
  const decided = decide(state);
  if (decided.length === 0) return { events: [], alreadyRecorded: false };
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
  return { events: result.events, alreadyRecorded: result.alreadyRecorded };
}
