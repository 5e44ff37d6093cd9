import { hash } from 'node:crypto';
import { upcast } from '../../events/catalogue.js';
import type { RecordedEvent } from './event-store.port.js';

/**
 * An event row as stored. `data` and `metadata` are stored as canonical JSON text (see
 * hashing.ts), so that the hash input can be rebuilt from the stored bytes without parsing.
 */
export interface StoredEventRow {
  global_position: number | string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
  prev_hash: string | null;
  hash: string;
}

/**
 * The canonical hash input of a stored event, built by concatenation: the same bytes as
 * canonicalJson({ data, id, metadata, prevHash, recordedAt, revision, schemaVersion, streamId, type })
 * when data and metadata are stored canonically (keys in sorted order, as here).
 */
export function storedHashInput(row: StoredEventRow): string {
  return (
    `{"data":${row.data},"id":${JSON.stringify(row.event_id)},"metadata":${row.metadata},` +
    `"prevHash":${JSON.stringify(row.prev_hash)},"recordedAt":${JSON.stringify(row.recorded_at)},` +
    `"revision":${Number(row.revision)},"schemaVersion":${Number(row.schema_version)},` +
    `"streamId":${JSON.stringify(row.stream_id)},"type":${JSON.stringify(row.type)}}`
  );
}

export function storedHash(row: StoredEventRow): string {
  return hash('sha256', storedHashInput(row), 'hex');
}

/** A stored row as the application reads it: payload parsed and upcast to the current schema. */
export function rowToEvent(row: StoredEventRow): RecordedEvent {
  const lifted = upcast(row.type, Number(row.schema_version), JSON.parse(row.data));
  const event: RecordedEvent = {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    globalPosition: Number(row.global_position),
    type: row.type,
    schemaVersion: lifted.schemaVersion,
    data: lifted.data,
    metadata: JSON.parse(row.metadata),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
  if (lifted.schemaVersion !== Number(row.schema_version)) event.storedSchemaVersion = Number(row.schema_version);
  return event;
}
