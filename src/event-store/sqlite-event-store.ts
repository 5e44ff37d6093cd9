import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { anchorHash, headsRoot, type StreamHead } from './anchors.js';
import { chainEvents, checkAppend, checkExpectedRevision, checkReadAll, checkReadStream, classifyRetry } from './append-rules.js';
import { AsyncMutex } from './async-mutex.js';
import type {
  Anchor,
  AppendResult,
  DocumentTransaction,
  EventStore,
  ExpectedRevision,
  IdempotencyRecord,
  IdempotentAnswer,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
} from './event-store.port.js';
import { rowToEvent, type StoredEventRow } from './stored-event.js';
import { verifyEvents, type VerificationReport, type VerificationSource, type VerifyOptions } from './verification.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  global_position INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_type ON events (type, global_position);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (collection, id));
CREATE TABLE IF NOT EXISTS snapshots (stream_id TEXT NOT NULL, version TEXT NOT NULL, revision INTEGER NOT NULL, state TEXT NOT NULL, PRIMARY KEY (stream_id, version));
CREATE TABLE IF NOT EXISTS anchors (
  seq INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  global_position INTEGER NOT NULL,
  stream_count INTEGER NOT NULL,
  changed_streams INTEGER NOT NULL,
  heads_root TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS anchor_heads (anchor_seq INTEGER NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (anchor_seq, stream_id));
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER,
  body TEXT,
  headers TEXT,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);`;

interface AnchorRow {
  seq: number;
  created_at: string;
  global_position: number;
  stream_count: number;
  changed_streams: number;
  heads_root: string;
  prev_hash: string | null;
  hash: string;
}

export const anchorFromRow = (r: AnchorRow): Anchor => ({
  seq: Number(r.seq),
  createdAt: r.created_at,
  globalPosition: Number(r.global_position),
  streamCount: Number(r.stream_count),
  changedStreams: Number(r.changed_streams),
  headsRoot: r.heads_root,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The embedded event store: one SQLite file in WAL mode with synchronous=FULL. Appends run in
 * BEGIN IMMEDIATE transactions, so writers in several processes are serialised by SQLite itself
 * and global positions become visible in order. Inside one process every operation goes through
 * a mutex, because an async projection transaction must not interleave with other statements on
 * the same connection.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly mutex = new AsyncMutex();
  private readonly appended = new EventEmitter();
  private readonly statements: Record<'head' | 'byIds' | 'insert' | 'docGet' | 'docPut', Database.Statement>;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.appended.setMaxListeners(100);
    this.statements = {
      head: this.db.prepare('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      byIds: this.db.prepare('SELECT * FROM events WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY global_position'),
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES (@event_id, @stream_id, @revision, @type, @schema_version, @data, @metadata, @recorded_at, @prev_hash, @hash)`,
      ),
      // Prepared once: a projection (and a rebuild above all) reads and writes a document per event.
      docGet: this.db.prepare('SELECT doc FROM documents WHERE collection = ? AND id = ?'),
      docPut: this.db.prepare('INSERT INTO documents (collection, id, doc) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc'),
    };
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expectedRevision);
    return this.mutex.run(() => {
      const result = this.db
        .transaction((): AppendResult => {
          const head = this.statements.head.get(streamId) as { revision: number; hash: string } | undefined;
          const original = () => {
            const known = this.statements.byIds.all(JSON.stringify(events.map((e) => e.id))) as StoredEventRow[];
            const events_ = classifyRetry(streamId, events, known.map(rowToEvent));
            return events_ ? { nextRevision: (this.statements.head.get(streamId) as { revision: number }).revision, events: events_, alreadyRecorded: true } : null;
          };
          try {
            checkExpectedRevision(streamId, expectedRevision, head ? head.revision : null);
          } catch (error) {
            const retried = original();
            if (retried) return retried;
            throw error;
          }
          try {
            const recorded: RecordedEvent[] = chainEvents(streamId, events, head ?? null, new Date().toISOString()).map(({ row, event }) => ({
              ...event,
              globalPosition: Number(this.statements.insert.run(row).lastInsertRowid),
            }));
            return { nextRevision: recorded[recorded.length - 1].revision, events: recorded, alreadyRecorded: false };
          } catch (error) {
            // Appends are serialised, so a unique violation here is an event id already recorded.
            if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
            const retried = original();
            if (retried) return retried;
            throw error;
          }
        })
        .immediate();
      if (!result.alreadyRecorded) this.appended.emit('appended');
      return result;
    });
  }

  private rows(sql: string, ...params: unknown[]): StoredEventRow[] {
    return this.db.prepare(sql).all(...params) as StoredEventRow[];
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    checkReadStream(options);
    const backwards = options.direction === 'backwards';
    const clauses = ['stream_id = ?'];
    const params: unknown[] = [streamId];
    if (options.fromRevision !== undefined) {
      clauses.push(backwards ? 'revision <= ?' : 'revision >= ?');
      params.push(options.fromRevision);
    }
    if (options.until !== undefined) {
      clauses.push('recorded_at <= ?');
      params.push(new Date(options.until).toISOString());
    }
    params.push(options.maxCount ?? -1);
    return this.mutex.run(() =>
      this.rows(`SELECT * FROM events WHERE ${clauses.join(' AND ')} ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`, ...params).map(rowToEvent),
    );
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    checkReadAll(options);
    const clauses = ['global_position > ?'];
    const params: unknown[] = [options.after ?? 0];
    if (options.types?.length) {
      clauses.push('type IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(options.types));
    }
    if (options.streamPrefix) {
      clauses.push('substr(stream_id, 1, ?) = ?');
      params.push(options.streamPrefix.length, options.streamPrefix);
    }
    params.push(options.limit ?? 1000);
    return this.mutex.run(() => this.rows(`SELECT * FROM events WHERE ${clauses.join(' AND ')} ORDER BY global_position LIMIT ?`, ...params).map(rowToEvent));
  }

  findEvents(ids: string[]): Promise<RecordedEvent[]> {
    return this.mutex.run(() => this.rows(`SELECT * FROM events WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY global_position`, JSON.stringify(ids)).map(rowToEvent));
  }

  async isCovered(position: number, checkpoint: number): Promise<boolean> {
    return position <= checkpoint;
  }

  headPosition(): Promise<number> {
    return this.mutex.run(() => Number((this.db.prepare('SELECT COALESCE(MAX(global_position), 0) AS p FROM events').get() as { p: number }).p));
  }

  getCheckpoint(name: string): Promise<number> {
    return this.mutex.run(() => this.checkpointOf(name));
  }

  private checkpointOf(name: string): number {
    const row = this.db.prepare('SELECT position FROM checkpoints WHERE name = ?').get(name) as { position: number } | undefined;
    return row ? Number(row.position) : 0;
  }

  private writeCheckpoint(name: string, position: number): void {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position), updated_at = excluded.updated_at`,
      )
      .run(name, position, new Date().toISOString());
  }

  saveCheckpoint(name: string, position: number): Promise<void> {
    return this.mutex.run(() => this.writeCheckpoint(name, position));
  }

  applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>, after?: number): Promise<boolean> {
    return this.mutex.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const checkpoint = this.checkpointOf(name);
        if (checkpoint >= position || (after !== undefined && checkpoint > after)) {
          this.db.exec('ROLLBACK');
          return false;
        }
        await apply({
          get: async <T>(collection: string, id: string) => this.documentOf<T>(collection, id),
          put: async <T>(collection: string, id: string, doc: T) => {
            this.statements.docPut.run(collection, id, JSON.stringify(doc));
          },
          putJson: async (collection: string, id: string, json: string) => {
            this.statements.docPut.run(collection, id, json);
          },
        });
        this.writeCheckpoint(name, position);
        this.db.exec('COMMIT');
        return true;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  private documentOf<T>(collection: string, id: string): T | undefined {
    const row = this.statements.docGet.get(collection, id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  getDocument<T>(collection: string, id: string): Promise<T | undefined> {
    return this.mutex.run(() => this.documentOf<T>(collection, id));
  }

  listDocuments<T>(collection: string): Promise<T[]> {
    return this.mutex.run(() =>
      (this.db.prepare('SELECT doc FROM documents WHERE collection = ? ORDER BY id').all(collection) as { doc: string }[]).map((r) => JSON.parse(r.doc) as T),
    );
  }

  resetProjection(name: string, collections: readonly string[]): Promise<void> {
    return this.mutex.run(() =>
      this.db
        .transaction(() => {
          const drop = this.db.prepare('DELETE FROM documents WHERE collection = ?');
          for (const collection of collections) drop.run(collection);
          this.db.prepare('DELETE FROM checkpoints WHERE name = ?').run(name);
        })
        .immediate(),
    );
  }

  saveSnapshot<S>(snapshot: Snapshot<S>): Promise<void> {
    return this.mutex.run(() => {
      this.db
        .prepare(
          `INSERT INTO snapshots (stream_id, version, revision, state) VALUES (?, ?, ?, ?)
           ON CONFLICT (stream_id, version) DO UPDATE SET revision = excluded.revision, state = excluded.state WHERE excluded.revision > snapshots.revision`,
        )
        .run(snapshot.streamId, snapshot.version, snapshot.revision, JSON.stringify(snapshot.state));
    });
  }

  loadSnapshot<S>(streamId: string, version: string): Promise<Snapshot<S> | undefined> {
    return this.mutex.run(() => {
      const row = this.db.prepare('SELECT revision, state FROM snapshots WHERE stream_id = ? AND version = ?').get(streamId, version) as
        | { revision: number; state: string }
        | undefined;
      return row ? { streamId, version, revision: Number(row.revision), state: JSON.parse(row.state) as S } : undefined;
    });
  }

  createAnchor(): Promise<Anchor> {
    // Heads by the bare-column rule of SQLite: with MAX(revision), `hash` comes from that row.
    const heads = (where: string, ...params: unknown[]) =>
      this.db.prepare(`SELECT stream_id AS streamId, MAX(revision) AS revision, hash FROM events ${where} GROUP BY stream_id`).all(...params) as StreamHead[];
    return this.mutex.run(() =>
      this.db
        .transaction((): Anchor => {
          const previous = this.db.prepare('SELECT * FROM anchors ORDER BY seq DESC LIMIT 1').get() as AnchorRow | undefined;
          const all = heads('');
          // SQLite delivers in position order, so "changed since the previous anchor" is "has an event after its position".
          const changed = previous
            ? heads('WHERE stream_id IN (SELECT stream_id FROM events WHERE global_position > ?)', Number(previous.global_position))
            : all;
          const fields = {
            seq: previous ? Number(previous.seq) + 1 : 1,
            createdAt: new Date().toISOString(),
            globalPosition: Number((this.db.prepare('SELECT COALESCE(MAX(global_position), 0) AS p FROM events').get() as { p: number }).p),
            streamCount: all.length,
            headsRoot: headsRoot(all),
            prevHash: previous ? previous.hash : null,
          };
          const anchor: Anchor = { ...fields, changedStreams: changed.length, hash: anchorHash(fields) };
          this.db
            .prepare('INSERT INTO anchors (seq, created_at, global_position, stream_count, changed_streams, heads_root, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(anchor.seq, anchor.createdAt, anchor.globalPosition, anchor.streamCount, anchor.changedStreams, anchor.headsRoot, anchor.prevHash, anchor.hash);
          const insertHead = this.db.prepare('INSERT INTO anchor_heads (anchor_seq, stream_id, revision, hash) VALUES (?, ?, ?, ?)');
          for (const h of changed) insertHead.run(anchor.seq, h.streamId, h.revision, h.hash);
          return anchor;
        })
        .immediate(),
    );
  }

  verify(options: VerifyOptions = {}): Promise<VerificationReport> {
    const source: VerificationSource = {
      countEvents: async (streamId) =>
        this.mutex.run(() => Number((this.db.prepare(`SELECT COUNT(*) AS n FROM events ${streamId ? 'WHERE stream_id = ?' : ''}`).get(...(streamId ? [streamId] : [])) as { n: number }).n)),
      eventsInStreamOrder: async (after, limit, streamId) =>
        this.mutex.run(() => {
          const clauses: string[] = [];
          const params: unknown[] = [];
          if (after) {
            // A row value, not the equivalent OR: SQLite seeks the (stream_id, revision) index with
            // it, where the OR made it scan the index from the start for every batch (quadratic).
            clauses.push('(stream_id, revision) > (?, ?)');
            params.push(after.streamId, after.revision);
          }
          if (streamId) {
            clauses.push('stream_id = ?');
            params.push(streamId);
          }
          return this.rows(`SELECT * FROM events ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY stream_id, revision LIMIT ?`, ...params, limit);
        }),
      anchors: async () => this.mutex.run(() => (this.db.prepare('SELECT * FROM anchors ORDER BY seq').all() as AnchorRow[]).map(anchorFromRow)),
      anchorHeads: async (seq) =>
        this.mutex.run(() => this.db.prepare('SELECT stream_id AS streamId, revision, hash FROM anchor_heads WHERE anchor_seq = ?').all(seq) as StreamHead[]),
      eventHashAt: async (streamId, revision) =>
        this.mutex.run(() => (this.db.prepare('SELECT hash FROM events WHERE stream_id = ? AND revision = ?').get(streamId, revision) as { hash: string } | undefined)?.hash),
    };
    return verifyEvents(source, options);
  }

  // Instants are stored as ISO 8601 text in UTC (toISOString), which sorts as the instants do.

  claimIdempotencyKey(scope: string, key: string, requestHash: string, leaseUntil: Date, now: Date): Promise<IdempotencyRecord | undefined> {
    return this.mutex.run(() => {
      const claimed = this.db
        .prepare(
          `INSERT INTO idempotency_keys (scope, key, request_hash, expires_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status = NULL, body = NULL, headers = NULL, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= ?`,
        )
        .run(scope, key, requestHash, leaseUntil.toISOString(), now.toISOString());
      return claimed.changes === 1 ? undefined : this.idempotencyRecordOf(scope, key, now);
    });
  }

  getIdempotentAnswer(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    return this.mutex.run(() => this.idempotencyRecordOf(scope, key, now));
  }

  private idempotencyRecordOf(scope: string, key: string, now: Date): IdempotencyRecord | undefined {
    const row = this.db
      .prepare('SELECT request_hash, status, body, headers, expires_at FROM idempotency_keys WHERE scope = ? AND key = ? AND expires_at > ?')
      .get(scope, key, now.toISOString()) as { request_hash: string; status: number | null; body: string | null; headers: string | null; expires_at: string } | undefined;
    if (!row) return undefined;
    return {
      requestHash: row.request_hash,
      expiresAt: row.expires_at,
      ...(row.status === null ? {} : { answer: { status: Number(row.status), body: row.body ?? '', headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {} } }),
    };
  }

  saveIdempotentAnswer(scope: string, key: string, requestHash: string, answer: IdempotentAnswer, expiresAt: Date): Promise<void> {
    return this.mutex.run(() => {
      this.db
        .prepare(
          `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, headers, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (scope, key) DO UPDATE SET status = excluded.status, body = excluded.body, headers = excluded.headers, expires_at = excluded.expires_at
           WHERE idempotency_keys.request_hash = excluded.request_hash`,
        )
        .run(scope, key, requestHash, answer.status, answer.body, JSON.stringify(answer.headers), expiresAt.toISOString());
    });
  }

  releaseIdempotencyKey(scope: string, key: string, requestHash: string): Promise<void> {
    return this.mutex.run(() => {
      this.db.prepare('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND request_hash = ? AND status IS NULL').run(scope, key, requestHash);
    });
  }

  purgeIdempotentAnswers(now: Date): Promise<number> {
    return this.mutex.run(() => this.db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(now.toISOString()).changes);
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  ping(): Promise<void> {
    return this.mutex.run(() => {
      this.db.prepare('SELECT 1').get();
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(() => this.db.close());
  }
}
