import type { EventMetadata } from '../../events/metadata.js';
import type { VerificationReport, VerifyOptions } from './verification.js';

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
  /** 1-based position in the whole log, unique. */
  globalPosition: number;
  /** ISO 8601 instant stamped by the store when the event was appended. */
  recordedAt: string;
  /** Hash of the previous event in the stream, null for the first. */
  prevHash: string | null;
  hash: string;
  /** The schema version the event was stored with, when it was upcast on read. */
  storedSchemaVersion?: number;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  nextRevision: number;
  events: RecordedEvent[];
  /** True when every event id was already recorded and nothing was appended. */
  alreadyRecorded: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive: forwards from this revision, or backwards from it. */
  fromRevision?: number;
  maxCount?: number;
  /** Only events recorded at or before this instant: the stream as it stood then. */
  until?: string;
}

export interface ReadAllOptions {
  /**
   * Exclusive: events after the event at this global position, in delivery order (0: from the
   * start). Delivery order is commit-safe: a reader never passes an event that becomes visible
   * later. On SQLite it is global-position order; on PostgreSQL it can differ from it where
   * appends ran concurrently, so compare positions with `isCovered`, not with `<`.
   */
  after?: number;
  limit?: number;
  types?: string[];
  streamPrefix?: string;
}

/** Writes a projection makes while applying one event, committed with its checkpoint. */
export interface DocumentTransaction {
  get<T>(collection: string, id: string): Promise<T | undefined>;
  put<T>(collection: string, id: string, doc: T): Promise<void>;
  /** put() of a document already serialised as JSON (a batch's write-behind holds them so). */
  putJson?(collection: string, id: string, json: string): Promise<void>;
}

export interface Snapshot<S> {
  streamId: string;
  /** Revision of the last event folded into the state. */
  revision: number;
  /** Names the folding that produced the state; a snapshot of another version is ignored. */
  version: string;
  state: S;
}

/** A periodic record that hashes every stream head, so that deleting a tail is detected. */
export interface Anchor {
  seq: number;
  createdAt: string;
  /** Largest global position among the anchored heads. */
  globalPosition: number;
  streamCount: number;
  /** Heads whose revision changed since the previous anchor. */
  changedStreams: number;
  headsRoot: string;
  prevHash: string | null;
  hash: string;
}

/** A write request's answer kept under its Idempotency-Key, so that a resend gets it again. */
export interface IdempotentAnswer {
  status: number;
  /** The body exactly as it was sent (JSON text, or empty). */
  body: string;
  /** The headers a replay repeats (Location, Content-Type). */
  headers: Record<string, string>;
}

/** What is stored under an (actor, Idempotency-Key) pair that has not expired. */
export interface IdempotencyRecord {
  /** Hash of the request's method, path and body: a resend must match it. */
  requestHash: string;
  /** Absent while the first request with the key is still running. */
  answer?: IdempotentAnswer;
  /** ISO 8601 instant after which the record no longer counts. */
  expiresAt: string;
}

/**
 * Session-level locks that elect one active consumer per subscription across the nodes on one
 * database (PostgreSQL advisory locks on a dedicated connection).
 */
export interface ConsumerLockSession {
  /** Takes the named lock unless another session holds it; true when this session holds it. */
  tryAcquire(name: string): Promise<boolean>;
  /** Gives the named lock up. */
  release(name: string): Promise<void>;
  /** Called once when the session's connection is lost: every lock it held is gone with it. */
  onLost(listener: () => void): void;
  /** Ends the session and with it every lock. */
  close(): Promise<void>;
}

/** The event store port; adapters: SQLite (embedded default) and PostgreSQL. */
export interface EventStore {
  readonly kind: 'sqlite' | 'postgres';
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The recorded events among these ids (any stream), in global order. */
  findEvents(ids: string[]): Promise<RecordedEvent[]>;
  /** True when the event at `position` is delivered at or before the one at `checkpoint`. */
  isCovered(position: number, checkpoint: number): Promise<boolean>;
  /** Largest global position in the log (0 when empty). */
  headPosition(): Promise<number>;

  /** Last global position a named subscription has processed; 0 when none. */
  getCheckpoint(name: string): Promise<number>;
  /** Saves a checkpoint; never moves it backwards in delivery order. */
  saveCheckpoint(name: string, position: number): Promise<void>;
  /**
   * Runs `apply` and moves the subscription's checkpoint to `position` atomically (one transaction, or one statement),
   * so that a projection applies each event exactly once across crashes. Does nothing and
   * returns false when the checkpoint already covers `position`. With `after` (a batch of the
   * events after `after` up to `position`), it also does nothing and returns false when the
   * checkpoint has moved past `after`: another consumer applied part of the batch.
   */
  applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>, after?: number): Promise<boolean>;

  getDocument<T>(collection: string, id: string): Promise<T | undefined>;
  listDocuments<T>(collection: string): Promise<T[]>;
  /**
   * Drops a projection's read model: every document of its collections and its checkpoint, in one
   * transaction, so that it can be rebuilt from the log (npm run rebuild).
   */
  resetProjection(name: string, collections: readonly string[]): Promise<void>;

  saveSnapshot<S>(snapshot: Snapshot<S>): Promise<void>;
  loadSnapshot<S>(streamId: string, version: string): Promise<Snapshot<S> | undefined>;

  /** Records an anchor over every stream head. */
  createAnchor(): Promise<Anchor>;
  /** Recomputes every hash, chain link and anchor; names the first broken link. */
  verify(options?: VerifyOptions): Promise<VerificationReport>;

  /**
   * Records that a request with this Idempotency-Key is running (until `leaseUntil`), unless an
   * unexpired record exists for (scope, key): then answers that record and records nothing.
   * Undefined: the caller has claimed the key and must save or release it.
   */
  claimIdempotencyKey(scope: string, key: string, requestHash: string, leaseUntil: Date, now: Date): Promise<IdempotencyRecord | undefined>;
  /** The unexpired record for (scope, key), if any. */
  getIdempotentAnswer(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined>;
  /** Stores the answer of the request that claimed (scope, key), kept until `expiresAt`. */
  saveIdempotentAnswer(scope: string, key: string, requestHash: string, answer: IdempotentAnswer, expiresAt: Date): Promise<void>;
  /** Drops a claim that got no answer worth keeping (a 5xx), so that a resend runs again. */
  releaseIdempotencyKey(scope: string, key: string, requestHash: string): Promise<void>;
  /** Deletes every record expired at `now`; answers how many. */
  purgeIdempotentAnswers(now: Date): Promise<number>;

  /**
   * A lock session for electing one active consumer per subscription among several nodes; absent
   * on single-node adapters (SQLite), where every process runs what its roles say.
   */
  openConsumerLocks?(): Promise<ConsumerLockSession>;

  /** Called after a local append commits; subscriptions use it to wake without polling. */
  onAppended(listener: () => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
