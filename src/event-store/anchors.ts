import { createHash } from 'node:crypto';
import { canonicalJson } from './hashing.js';

/** The last event of a stream as an anchor records it. */
export interface StreamHead {
  streamId: string;
  revision: number;
  hash: string;
}

/**
 * Root over every stream head: SHA-256 of one line per stream, in ascending order of stream id
 * (compared as UTF-16 code units, as JavaScript sorts), each line being
 * `JSON.stringify(streamId) + " " + revision + " " + hash + "\n"`.
 */
export function headsRoot(heads: Iterable<StreamHead>): string {
  const sorted = [...heads].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  const hash = createHash('sha256');
  for (const head of sorted) hash.update(`${JSON.stringify(head.streamId)} ${head.revision} ${head.hash}\n`);
  return hash.digest('hex');
}

export interface AnchorFields {
  seq: number;
  createdAt: string;
  globalPosition: number;
  streamCount: number;
  headsRoot: string;
  prevHash: string | null;
}

/** An anchor's own hash: SHA-256 over the canonical JSON of its fields, chaining it to the previous anchor. */
export function anchorHash(fields: AnchorFields): string {
  const { seq, createdAt, globalPosition, streamCount, headsRoot: root, prevHash } = fields;
  return createHash('sha256').update(canonicalJson({ seq, createdAt, globalPosition, streamCount, headsRoot: root, prevHash })).digest('hex');
}
