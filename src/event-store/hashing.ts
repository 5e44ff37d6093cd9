import { createHash } from 'node:crypto';

/**
 * Canonical JSON after RFC 8785 for the values events hold: object keys sorted by UTF-16
 * code units, no whitespace, numbers and strings as ECMAScript's JSON.stringify writes them,
 * `undefined` members left out. An auditor's standalone verifier must produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite numbers cannot be hashed');
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`value of type ${typeof value} cannot be hashed`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

export interface HashedFields {
  id: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
  prevHash: string | null;
}

/** SHA-256 (hex) over the canonical JSON of an event's hashed fields. */
export function eventHash(fields: HashedFields): string {
  const { id, streamId, revision, type, schemaVersion, data, metadata, recordedAt, prevHash } = fields;
  return createHash('sha256')
    .update(canonicalJson({ id, streamId, revision, type, schemaVersion, data, metadata, recordedAt, prevHash }))
    .digest('hex');
}
