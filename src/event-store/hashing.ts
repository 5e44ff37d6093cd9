import { createHash } from 'node:crypto';

/**
 * Canonical JSON after RFC 8785 for the values events hold: object keys sorted by UTF-16
 * code units, no whitespace, numbers and strings as ECMAScript's JSON.stringify writes them,
 * `undefined` members left out. An auditor's standalone verifier must produce the same bytes.
 */
export function canonicalJson(value: unknown): string {
  // Native JSON.stringify over a clone with sorted keys is the fastest way to the canonical bytes.
  // The engine enumerates integer-like keys first whatever the insertion order, so an object with
  // such a key is written by hand instead.
  const sorted = sortedClone(value);
  return sorted === INDEX_KEYS ? buildCanonical(value) : JSON.stringify(sorted);
}

const INDEX_LIKE = /^(0|[1-9]\d*)$/;
const INDEX_KEYS = Symbol('index-like keys');

function sortedClone(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error('non-finite numbers cannot be hashed');
      return value;
    case 'object': {
      if (Array.isArray(value)) {
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          const item = value[i] === undefined ? null : sortedClone(value[i]);
          if (item === INDEX_KEYS) return INDEX_KEYS;
          out[i] = item;
        }
        return out;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw new Error('objects with toJSON (such as Date) cannot be hashed; store ISO strings');
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value).sort()) {
        const child = (value as Record<string, unknown>)[key];
        if (child === undefined) continue;
        if (INDEX_LIKE.test(key)) return INDEX_KEYS;
        const cloned = sortedClone(child);
        if (cloned === INDEX_KEYS) return INDEX_KEYS;
        out[key] = cloned;
      }
      return out;
    }
    default:
      throw new Error(`value of type ${typeof value} cannot be hashed`);
  }
}

function buildCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : buildCanonical(v))).join(',')}]`;
  let out = '{';
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${buildCanonical(child)}`;
    first = false;
  }
  return `${out}}`;
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
