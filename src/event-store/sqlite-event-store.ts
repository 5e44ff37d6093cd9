import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { upcast } from '../../events/catalogue.js';
import { chainEvents, checkAppend, checkExpectedRevision, classifyRetry } from './append-rules.js';
import { AsyncMutex } from './async-mutex.js';
import type { AppendResult, DocumentTransaction, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, RecordedEvent } from './event-store.port.js';

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
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (collection, id)
);`;

interface EventRow {
  global_position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: string;
  prev_hash: string | null;
  hash: string;
}

/** SQLite stores JSON as text; PostgreSQL's driver has already parsed JSONB. */
const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

export function rowToEvent(row: EventRow): RecordedEvent {
  const lifted = upcast(row.type, row.schema_version, parseJson(row.data));
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    globalPosition: Number(row.global_position),
    type: row.type,
    schemaVersion: lifted.schemaVersion,
    data: lifted.data,
    metadata: parseJson(row.metadata) as RecordedEvent['metadata'],
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The embedded event store: one SQLite file in WAL mode. Appends run in BEGIN IMMEDIATE
 * transactions, so writers in several processes are serialised by SQLite itself and global
 * positions become visible in order. Inside one process every operation goes through a
 * mutex, because an async projection transaction must not interleave with other statements
 * on the same connection.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly mutex = new AsyncMutex();
  private readonly appended = new EventEmitter();

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.appended.setMaxListeners(100);
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expectedRevision);
    return this.mutex.run(() => {
      const result = this.db.transaction(() => {
        const known = this.eventsById(events.map((e) => e.id));
        const original = classifyRetry(streamId, events, known);
        const head = this.db.prepare('SELECT revision, hash FROM streams WHERE stream_id = ?').get(streamId) as
          | { revision: number; hash: string }
          | undefined;
        if (original) return { nextRevision: head!.revision, events: original, alreadyRecorded: true };
        checkExpectedRevision(streamId, expectedRevision, head ? head.revision : null);
        const chained = chainEvents(streamId, events, head ?? null, new Date().toISOString());
        const insert = this.db.prepare(
          `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const recorded: RecordedEvent[] = chained.map((e) => {
          const info = insert.run(e.id, streamId, e.revision, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash);
          return { ...e, globalPosition: Number(info.lastInsertRowid) };
        });
        const last = recorded[recorded.length - 1];
        this.db
          .prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash')
          .run(streamId, last.revision, last.hash);
        return { nextRevision: last.revision, events: recorded, alreadyRecorded: false };
      }).immediate();
      if (!result.alreadyRecorded) this.appended.emit('appended');
      return result;
    });
  }

  private eventsById(ids: string[]): RecordedEvent[] {
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE event_id IN (SELECT value FROM json_each(?)) ORDER BY global_position`)
      .all(JSON.stringify(ids)) as EventRow[];
    return rows.map(rowToEvent);
  }

  readStream(streamId: string): Promise<RecordedEvent[]> {
    return this.mutex.run(() =>
      (this.db.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision').all(streamId) as EventRow[]).map(rowToEvent),
    );
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? 1000;
    return this.mutex.run(() =>
      (this.db.prepare('SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?').all(after, limit) as EventRow[]).map(rowToEvent),
    );
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

  applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>): Promise<boolean> {
    return this.mutex.run(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        if (this.checkpointOf(name) >= position) {
          this.db.exec('ROLLBACK');
          return false;
        }
        await apply({
          get: async <T>(collection: string, id: string) => this.documentOf<T>(collection, id),
          put: async <T>(collection: string, id: string, doc: T) => {
            this.db
              .prepare('INSERT INTO documents (collection, id, doc) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc')
              .run(collection, id, JSON.stringify(doc));
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
    const row = this.db.prepare('SELECT doc FROM documents WHERE collection = ? AND id = ?').get(collection, id) as { doc: string } | undefined;
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
