import { eventProblems } from '../../events/catalogue.js';
import { metadataProblems } from '../../events/metadata.js';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from './errors.js';
import type { ExpectedRevision, NewEvent, RecordedEvent } from './event-store.port.js';
import { canonicalJson, eventHash } from './hashing.js';

/** Largest serialised payload (data plus metadata) one event may carry. */
export const MAX_EVENT_BYTES = 256 * 1024;
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

/** Refuses a malformed append before any adapter touches its database. */
export function checkAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  const problems: string[] = [];
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) problems.push(`stream id "${streamId}" is not valid`);
  if (!(expected === 'any' || expected === 'no_stream' || expected === 'stream_exists' || (Number.isInteger(expected) && expected >= 0))) {
    problems.push(`expected revision ${String(expected)} is not valid`);
  }
  if (!Array.isArray(events) || events.length === 0) problems.push('an append needs at least one event');
  const ids = new Set<string>();
  (events ?? []).forEach((event, i) => {
    if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 200) problems.push(`events[${i}].id is not valid`);
    if (ids.has(event.id)) problems.push(`events[${i}].id repeats another event in the same append`);
    ids.add(event.id);
    problems.push(...eventProblems(event.type, event.schemaVersion, event.data).map((p) => `events[${i}] ${p}`));
    problems.push(...metadataProblems(event.metadata).map((p) => `events[${i}] ${p}`));
    const bytes = Buffer.byteLength(canonicalJson({ data: event.data ?? null, metadata: event.metadata ?? null }));
    if (bytes > MAX_EVENT_BYTES) problems.push(`events[${i}] is ${bytes} bytes, more than ${MAX_EVENT_BYTES}`);
  });
  if (problems.length > 0) throw new InvalidEventError(problems);
}

/** Throws when the stream's current revision (null: no stream) does not satisfy the expectation. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number | null): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === null) ||
    (expected === 'stream_exists' && actual !== null) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/**
 * Decides what a retried append means: every id already recorded in this stream (same append,
 * answer with the original events), none (a new append), or a mix (refused).
 */
export function classifyRetry(streamId: string, events: NewEvent[], recorded: RecordedEvent[]): RecordedEvent[] | null {
  if (recorded.length === 0) return null;
  if (recorded.length === events.length && recorded.every((e) => e.streamId === streamId)) {
    const byId = new Map(recorded.map((e) => [e.id, e]));
    return events.map((e) => byId.get(e.id)!);
  }
  throw new IdempotencyConflictError(streamId, recorded.map((e) => e.id));
}

/** Gives the new events their revisions and chains their hashes onto the stream's head. */
export function chainEvents(
  streamId: string,
  events: NewEvent[],
  head: { revision: number; hash: string } | null,
  recordedAt: string,
): Omit<RecordedEvent, 'globalPosition'>[] {
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : null;
  return events.map((event) => {
    revision += 1;
    const fields = {
      id: event.id,
      streamId,
      revision,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      recordedAt,
      prevHash,
    };
    const hash = eventHash(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
}
