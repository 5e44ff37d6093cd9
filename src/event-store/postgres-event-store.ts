import { EventEmitter } from 'node:events';
import pg from 'pg';
import { chainEvents, checkAppend, checkExpectedRevision, classifyRetry } from './append-rules.js';
import type { AppendResult, DocumentTransaction, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, RecordedEvent } from './event-store.port.js';
import { rowToEvent } from './sqlite-event-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  global_position BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data JSONB NOT NULL,
  metadata JSONB NOT NULL,
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
  position BIGINT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  doc JSONB NOT NULL,
  PRIMARY KEY (collection, id)
);`;

/**
 * Appends take this transaction-scoped advisory lock before drawing global positions and hold
 * it until commit. Positions therefore commit in increasing order, and a reader can never pass
 * an event that commits later with a lower position. It serialises appends across all nodes;
 * a finer read barrier is the next step when throughput needs it.
 */
const APPEND_LOCK = 0x6d657472; // "metr"
const NOTIFY_CHANNEL = 'metrology_events';

/** PostgreSQL event store for one or many application nodes, through the `pg` driver. */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly appended = new EventEmitter();
  private listener?: pg.PoolClient;
  private ready?: Promise<void>;

  constructor(readonly connectionString: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.appended.setMaxListeners(100);
  }

  /** Creates the schema (idempotent) and starts listening for appends by other nodes. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [APPEND_LOCK + 1]);
        await client.query(SCHEMA);
        await client.query('SELECT pg_advisory_unlock($1)', [APPEND_LOCK + 1]);
      } finally {
        client.release();
      }
      await this.listen();
    })();
    return this.ready;
  }

  private async listen(): Promise<void> {
    try {
      const client = await this.pool.connect();
      client.on('notification', () => this.appended.emit('appended'));
      client.on('error', () => {
        this.listener = undefined;
        client.release(true);
      });
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.listener = client;
    } catch {
      // Without LISTEN the subscriptions still catch up by their periodic poll.
    }
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    await this.init();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expectedRevision);
    const result = await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const known = (await client.query('SELECT * FROM events WHERE event_id = ANY($1) ORDER BY global_position', [events.map((e) => e.id)])).rows.map(rowToEvent);
      const head = (await client.query('SELECT revision, hash FROM streams WHERE stream_id = $1', [streamId])).rows[0] as
        | { revision: number; hash: string }
        | undefined;
      const original = classifyRetry(streamId, events, known);
      if (original) return { nextRevision: head!.revision, events: original, alreadyRecorded: true };
      checkExpectedRevision(streamId, expectedRevision, head ? head.revision : null);
      const chained = chainEvents(streamId, events, head ?? null, new Date().toISOString());
      const params: unknown[] = [];
      const tuples = chained.map((e) => {
        const base = params.length;
        params.push(e.id, streamId, e.revision, e.type, e.schemaVersion, JSON.stringify(e.data), JSON.stringify(e.metadata), e.recordedAt, e.prevHash, e.hash);
        return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
      });
      const inserted = await client.query(
        `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
         VALUES ${tuples.join(', ')} RETURNING global_position`,
        params,
      );
      const recorded: RecordedEvent[] = chained.map((e, i) => ({ ...e, globalPosition: Number(inserted.rows[i].global_position) }));
      const last = recorded[recorded.length - 1];
      await client.query(
        `INSERT INTO streams (stream_id, revision, hash) VALUES ($1, $2, $3)
         ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, hash = excluded.hash`,
        [streamId, last.revision, last.hash],
      );
      await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`, [String(last.globalPosition)]);
      return { nextRevision: last.revision, events: recorded, alreadyRecorded: false };
    });
    if (!result.alreadyRecorded) this.appended.emit('appended');
    return result;
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    await this.init();
    const { rows } = await this.pool.query('SELECT * FROM events WHERE stream_id = $1 ORDER BY revision', [streamId]);
    return rows.map(rowToEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    await this.init();
    const { rows } = await this.pool.query('SELECT * FROM events WHERE global_position > $1 ORDER BY global_position LIMIT $2', [
      options.after ?? 0,
      options.limit ?? 1000,
    ]);
    return rows.map(rowToEvent);
  }

  async getCheckpoint(name: string): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query('SELECT position FROM checkpoints WHERE name = $1', [name]);
    return rows.length ? Number(rows[0].position) : 0;
  }

  async saveCheckpoint(name: string, position: number): Promise<void> {
    await this.init();
    await this.pool.query(
      `INSERT INTO checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(checkpoints.position, excluded.position), updated_at = now()`,
      [name, position],
    );
  }

  applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>): Promise<boolean> {
    return this.transaction(async (client) => {
      await client.query(`INSERT INTO checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [name]);
      const current = await client.query('SELECT position FROM checkpoints WHERE name = $1 FOR UPDATE', [name]);
      if (Number(current.rows[0].position) >= position) return false;
      await apply({
        get: async <T>(collection: string, id: string) => {
          const { rows } = await client.query('SELECT doc FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
          return rows.length ? (rows[0].doc as T) : undefined;
        },
        put: async <T>(collection: string, id: string, doc: T) => {
          await client.query(
            'INSERT INTO documents (collection, id, doc) VALUES ($1, $2, $3) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc',
            [collection, id, JSON.stringify(doc)],
          );
        },
      });
      await client.query('UPDATE checkpoints SET position = $2, updated_at = now() WHERE name = $1', [name, position]);
      return true;
    });
  }

  async getDocument<T>(collection: string, id: string): Promise<T | undefined> {
    await this.init();
    const { rows } = await this.pool.query('SELECT doc FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
    return rows.length ? (rows[0].doc as T) : undefined;
  }

  async listDocuments<T>(collection: string): Promise<T[]> {
    await this.init();
    const { rows } = await this.pool.query('SELECT doc FROM documents WHERE collection = $1 ORDER BY id', [collection]);
    return rows.map((r) => r.doc as T);
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.listener?.release();
    this.listener = undefined;
    await this.pool.end();
  }
}
