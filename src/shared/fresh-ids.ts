import { randomUUID } from 'node:crypto';

/**
 * Ids this process has just drawn at random (a command's id, a new case's id) and not yet used.
 * Such an id cannot name anything recorded before: a command that carries one need not look for
 * its earlier events, and a stream it names need not be read before it is created (two of the
 * five queries of a new application). Were the assumption ever wrong, nothing would be recorded
 * twice: the append's expected revision and its idempotency by event id still decide.
 * Bounded: ids drawn for requests refused before their command ran are forgotten in time.
 */
const fresh = new Set<string>();
const LIMIT = 10_000;

export function freshId(): string {
  const id = randomUUID();
  fresh.add(id);
  if (fresh.size > LIMIT) fresh.delete(fresh.values().next().value!);
  return id;
}

/** True once for an id freshId() drew and nobody took yet; false for any other id. */
export function takeFresh(id: string): boolean {
  return fresh.delete(id);
}
