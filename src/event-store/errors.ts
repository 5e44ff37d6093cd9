import type { ExpectedRevision } from './event-store.port.js';

/** An append whose expected revision did not match the stream. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or null when the stream does not exist. */
    readonly actual: number | null,
  ) {
    super(`stream "${streamId}" expected revision ${String(expected)} but is at ${actual === null ? 'no stream' : actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** An event refused before anything was written: unknown type, bad payload, bad arguments. */
export class InvalidEventError extends Error {
  constructor(readonly problems: string[]) {
    super(`event refused: ${problems.join('; ')}`);
    this.name = 'InvalidEventError';
  }
}

/** A retry whose ids are partly recorded and partly new: it is neither the same append nor a new one. */
export class IdempotencyConflictError extends Error {
  constructor(readonly streamId: string, readonly knownIds: string[]) {
    super(`append to "${streamId}" mixes recorded event ids (${knownIds.join(', ')}) with new ones`);
    this.name = 'IdempotencyConflictError';
  }
}
