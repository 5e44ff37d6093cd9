import type { EventMetadata } from '../../events/metadata.js';

/**
 * What an append expects of the stream: `any`, `no_stream` (must not exist yet),
 * `stream_exists`, or the exact revision of the stream's last event (0-based).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface NewEvent {
  /** Unique; a retried append with the same ids adds nothing. */
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: number;
  /** 1-based position in the whole log; readers see it in increasing order without gaps that later fill. */
  globalPosition: number;
  /** ISO 8601 instant stamped by the store when the event was committed. */
  recordedAt: string;
  /** Hash of the previous event in the stream, null for the first. */
  prevHash: string | null;
  hash: string;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextRevision: number;
  events: RecordedEvent[];
  /** True when every event id was already recorded and nothing was appended. */
  alreadyRecorded: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events after this global position. */
  after?: number;
  limit?: number;
}

/** Writes a projection makes while applying one event, committed with its checkpoint. */
export interface DocumentTransaction {
  get<T>(collection: string, id: string): Promise<T | undefined>;
  put<T>(collection: string, id: string, doc: T): Promise<void>;
}

/** The event store port; adapters: SQLite (embedded default) and PostgreSQL. */
export interface EventStore {
  readonly kind: 'sqlite' | 'postgres';
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Last global position a named subscription has processed; 0 when none. */
  getCheckpoint(name: string): Promise<number>;
  /** Saves a checkpoint; never moves it backwards. */
  saveCheckpoint(name: string, position: number): Promise<void>;
  /**
   * Runs `apply` and moves the subscription's checkpoint to `position` in one transaction,
   * so that a projection applies each event exactly once across crashes. Does nothing and
   * returns false when the checkpoint is already at or past `position`.
   */
  applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>): Promise<boolean>;

  getDocument<T>(collection: string, id: string): Promise<T | undefined>;
  listDocuments<T>(collection: string): Promise<T[]>;

  /** Called after a local append commits; subscriptions use it to wake without polling. */
  onAppended(listener: () => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
