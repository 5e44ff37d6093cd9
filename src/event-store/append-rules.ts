import { eventProblems } from '../../events/catalogue.js';
import { metadataProblems } from '../../events/metadata.js';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from './errors.js';
import type { ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent } from './event-store.port.js';
import { canonicalJson } from './hashing.js';
import { storedHash, type StoredEventRow } from './stored-event.js';

/** Largest serialised payload (data plus metadata) one event may carry. */
export const MAX_EVENT_BYTES = 256 * 1024;
/** Most events in one append (PostgreSQL takes at most 65,535 parameters in one statement, ten per event). */
export const MAX_EVENTS_PER_APPEND = 1000;
const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}$/;

/** Refuses a malformed append before any adapter touches its database. */
export function checkAppend(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  const problems: string[] = [];
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) problems.push(`stream id "${streamId}" is not valid`);
  if (!(expected === 'any' || expected === 'no_stream' || expected === 'stream_exists' || (Number.isInteger(expected) && expected >= 0))) {
    problems.push(`expected revision ${String(expected)} is not valid`);
  }
  if (!Array.isArray(events) || events.length === 0) problems.push('an append needs at least one event');
  else if (events.length > MAX_EVENTS_PER_APPEND) problems.push(`an append holds at most ${MAX_EVENTS_PER_APPEND} events, not ${events.length}`);
  const ids = new Set<string>();
  (events ?? []).forEach((event, i) => {
    if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 200) problems.push(`events[${i}].id is not valid`);
    if (ids.has(event.id)) problems.push(`events[${i}].id repeats another event in the same append`);
    ids.add(event.id);
    problems.push(...eventProblems(event.type, event.schemaVersion, event.data).map((p) => `events[${i}] ${p}`));
    problems.push(...metadataProblems(event.metadata).map((p) => `events[${i}] ${p}`));
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

/** An event ready to insert: revision assigned, payload serialised canonically, hash chained. */
export interface ChainedEvent {
  row: StoredEventRow;
  event: Omit<RecordedEvent, 'globalPosition'>;
}

/** Gives the new events their revisions and chains their hashes onto the stream's head. */
export function chainEvents(
  streamId: string,
  events: NewEvent[],
  head: { revision: number; hash: string } | null,
  recordedAt: string,
): ChainedEvent[] {
  let revision = head ? head.revision : -1;
  let prevHash = head ? head.hash : null;
  return events.map((event, i) => {
    revision += 1;
    const data = canonicalJson(event.data);
    const metadata = canonicalJson(event.metadata);
    // Checked here, on the canonical text, so each payload is serialised once; still before any write.
    const bytes = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (bytes > MAX_EVENT_BYTES) throw new InvalidEventError([`events[${i}] is ${bytes} bytes, more than ${MAX_EVENT_BYTES}`]);
    const row: StoredEventRow = {
      global_position: 0,
      event_id: event.id,
      stream_id: streamId,
      revision,
      type: event.type,
      schema_version: event.schemaVersion,
      data,
      metadata,
      recorded_at: recordedAt,
      prev_hash: prevHash,
      hash: '',
    };
    row.hash = storedHash(row);
    prevHash = row.hash;
    return {
      row,
      event: { id: event.id, streamId, revision, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: event.metadata, recordedAt, prevHash: row.prev_hash, hash: row.hash },
    };
  });
}

const isCount = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;

/** Refuses bad read arguments with the same typed error as a bad append. */
export function checkReadStream(options: ReadStreamOptions): void {
  const problems: string[] = [];
  if (options.direction !== undefined && options.direction !== 'forwards' && options.direction !== 'backwards') problems.push('direction must be forwards or backwards');
  if (options.fromRevision !== undefined && !isCount(options.fromRevision)) problems.push('fromRevision must be a non-negative integer');
  if (options.maxCount !== undefined && !isCount(options.maxCount)) problems.push('maxCount must be a non-negative integer');
  if (options.until !== undefined && Number.isNaN(Date.parse(options.until))) problems.push('until must be an ISO 8601 instant');
  if (problems.length) throw new InvalidEventError(problems);
}

export function checkReadAll(options: ReadAllOptions): void {
  const problems: string[] = [];
  if (options.after !== undefined && !isCount(options.after)) problems.push('after must be a non-negative integer position');
  if (options.limit !== undefined && (!isCount(options.limit) || options.limit === 0)) problems.push('limit must be a positive integer');
  if (options.types !== undefined && (!Array.isArray(options.types) || options.types.some((t) => typeof t !== 'string'))) problems.push('types must be a list of event types');
  if (options.streamPrefix !== undefined && typeof options.streamPrefix !== 'string') problems.push('streamPrefix must be a string');
  if (problems.length) throw new InvalidEventError(problems);
}
