import { EventEmitter } from 'node:events';
import pg from 'pg';
import { anchorHash, headsRoot, type StreamHead } from './anchors.js';
import { chainEvents, checkAppend, checkExpectedRevision, checkReadAll, checkReadStream, classifyRetry, type ChainedEvent } from './append-rules.js';
import { WrongExpectedRevisionError } from './errors.js';
import type {
  Anchor,
  AppendResult,
  DocumentTransaction,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
} from './event-store.port.js';
import { anchorFromRow } from './sqlite-event-store.js';
import { rowToEvent, type StoredEventRow } from './stored-event.js';
import { verifyEvents, type VerificationReport, type VerifyOptions } from './verification.js';

/**
 * Schema. `transaction_id` is the appending transaction's id: readers deliver events in
 * (transaction_id, global_position) order and only from transactions older than every one still
 * running (pg_snapshot_xmin), so a reader never passes an event that commits later with a lower
 * position (the read barrier that Emmett and Beckett use). Appends need no global lock.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  global_position BIGSERIAL PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  stream_id TEXT COLLATE "C" NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT NOT NULL,
  transaction_id XID8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_delivery ON events (transaction_id, global_position);
CREATE TABLE IF NOT EXISTS streams (
  stream_id TEXT COLLATE "C" PRIMARY KEY,
  revision INTEGER NOT NULL,
  hash TEXT NOT NULL,
  anchored_revision INTEGER
);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, id TEXT NOT NULL, doc JSONB NOT NULL, PRIMARY KEY (collection, id));
CREATE TABLE IF NOT EXISTS snapshots (stream_id TEXT NOT NULL, version TEXT NOT NULL, revision INTEGER NOT NULL, state JSONB NOT NULL, PRIMARY KEY (stream_id, version));
CREATE TABLE IF NOT EXISTS anchors (
  seq BIGINT PRIMARY KEY,
  created_at TEXT NOT NULL,
  global_position BIGINT NOT NULL,
  stream_count BIGINT NOT NULL,
  changed_streams BIGINT NOT NULL,
  heads_root TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS anchor_heads (anchor_seq BIGINT NOT NULL, stream_id TEXT COLLATE "C" NOT NULL, revision INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (anchor_seq, stream_id));

-- Is the event at _p delivered at or before the one at _cp (both in delivery order)?
CREATE OR REPLACE FUNCTION metrology_covered(_p BIGINT, _cp BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT (transaction_id, global_position) FROM events WHERE global_position = _p)
               <= (SELECT (transaction_id, global_position) FROM events WHERE global_position = _cp), false)
$$;

-- One round trip per append: moves the stream head from _head (-1: no stream yet) to the last of
-- _events, or raises MT409 with the actual revision when another writer got there first; then
-- inserts the events, already chained and hashed by the caller against that head.
CREATE OR REPLACE FUNCTION metrology_append(_stream TEXT, _head INTEGER, _events JSONB) RETURNS SETOF BIGINT LANGUAGE plpgsql AS $$
DECLARE
  _last JSONB := _events -> (jsonb_array_length(_events) - 1);
  _actual INTEGER;
BEGIN
  IF _head < 0 THEN
    INSERT INTO streams (stream_id, revision, hash) VALUES (_stream, (_last ->> 'revision')::int, _last ->> 'hash')
      ON CONFLICT (stream_id) DO NOTHING;
  ELSE
    UPDATE streams SET revision = (_last ->> 'revision')::int, hash = _last ->> 'hash' WHERE stream_id = _stream AND revision = _head;
  END IF;
  IF NOT FOUND THEN
    SELECT revision INTO _actual FROM streams WHERE stream_id = _stream;
    RAISE EXCEPTION USING ERRCODE = 'MT409', MESSAGE = 'wrong expected revision', DETAIL = COALESCE(_actual::text, 'none');
  END IF;
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
      SELECT e.event_id, _stream, e.revision, e.type, e.schema_version, e.data, e.metadata, e.recorded_at, e.prev_hash, e.hash
      FROM jsonb_to_recordset(_events) AS e(event_id TEXT, revision INTEGER, type TEXT, schema_version INTEGER, data TEXT, metadata TEXT, recorded_at TEXT, prev_hash TEXT, hash TEXT)
      ORDER BY e.revision
      RETURNING events.global_position
    )
    SELECT global_position FROM inserted ORDER BY global_position;
END
$$;`;

const NOTIFY_CHANNEL = 'metrology_events';
/** Rounds of read-head-then-append before a racing append gives up. */
const MAX_ATTEMPTS = 20;
const SCHEMA_LOCK = 0x6d657472; // "metr"
type Queryable = pg.Pool | pg.PoolClient;

/** PostgreSQL event store for one or many application nodes, through the `pg` driver. */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly appended = new EventEmitter();
  private listener?: pg.PoolClient;
  private ready?: Promise<void>;
  private notifyPending = false;

  constructor(readonly connectionString: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.appended.setMaxListeners(100);
  }

  /** Creates the schema (idempotent, serialised across nodes) and listens for other nodes' appends. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
        await client.query(SCHEMA);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
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

  /**
   * Wakes other nodes' subscriptions. Sent after the append's own commit and coalesced: NOTIFY
   * takes a database-wide lock at commit, which inside every append would serialise them all.
   */
  private scheduleNotify(): void {
    if (this.notifyPending) return;
    this.notifyPending = true;
    setTimeout(() => {
      this.notifyPending = false;
      this.pool.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
    }, 5).unref();
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    checkAppend(streamId, events, expectedRevision);
    await this.init();
    const result = await this.appendVia(this.pool, streamId, events, expectedRevision);
    if (!result.alreadyRecorded) {
      this.appended.emit('appended');
      this.scheduleNotify();
    }
    return result;
  }

  /**
   * The append itself on a given connection (a test holds one open in a transaction to show that
   * readers wait for it). Two round trips: read the head and any known ids, then metrology_append.
   */
  async appendVia(db: Queryable, streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const { rows } = await db.query(
        `SELECT (SELECT row_to_json(s) FROM (SELECT revision, hash FROM streams WHERE stream_id = $1) s) AS head,
                (SELECT json_agg(e ORDER BY e.global_position) FROM events e WHERE e.event_id = ANY($2)) AS known`,
        [streamId, events.map((e) => e.id)],
      );
      const head = rows[0].head as { revision: number; hash: string } | null;
      const original = classifyRetry(streamId, events, ((rows[0].known ?? []) as StoredEventRow[]).map(rowToEvent));
      if (original) return { nextRevision: head!.revision, events: original, alreadyRecorded: true };
      checkExpectedRevision(streamId, expectedRevision, head ? head.revision : null);
      const chained = chainEvents(streamId, events, head, new Date().toISOString());
      try {
        const inserted = await db.query('SELECT metrology_append($1, $2, $3) AS global_position', [streamId, head ? head.revision : -1, JSON.stringify(chained.map((c) => c.row))]);
        return this.recorded(chained, inserted.rows);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'MT409') {
          // Another writer moved the head between our read and our append.
          const detail = (error as { detail?: string }).detail;
          const actual = detail === 'none' || detail === undefined ? null : Number(detail);
          if ((expectedRevision === 'any' || (expectedRevision === 'stream_exists' && actual !== null)) && attempt < MAX_ATTEMPTS) continue;
          throw new WrongExpectedRevisionError(streamId, expectedRevision, actual);
        }
        if (code === '23505' && attempt < MAX_ATTEMPTS) continue; // an id recorded concurrently: the next round classifies the retry
        throw error;
      }
    }
  }

  private recorded(chained: ChainedEvent[], rows: { global_position: string }[]): AppendResult {
    const events = chained.map((c, i) => ({ ...c.event, globalPosition: Number(rows[i].global_position) }));
    return { nextRevision: events[events.length - 1].revision, events, alreadyRecorded: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    checkReadStream(options);
    await this.init();
    const backwards = options.direction === 'backwards';
    const clauses = ['stream_id = $1'];
    const params: unknown[] = [streamId];
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision);
      clauses.push(backwards ? `revision <= $${params.length}` : `revision >= $${params.length}`);
    }
    if (options.until !== undefined) {
      params.push(new Date(options.until).toISOString());
      clauses.push(`recorded_at <= $${params.length}`);
    }
    params.push(options.maxCount ?? null);
    const { rows } = await this.pool.query(
      `SELECT * FROM events WHERE ${clauses.join(' AND ')} ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map(rowToEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    checkReadAll(options);
    await this.init();
    const params: unknown[] = [options.after ?? 0, options.limit ?? 1000];
    const clauses = [
      `(transaction_id, global_position) > (COALESCE((SELECT transaction_id FROM events WHERE global_position = $1), '0'::xid8), $1)`,
      'transaction_id < pg_snapshot_xmin(pg_current_snapshot())',
    ];
    if (options.types?.length) {
      params.push(options.types);
      clauses.push(`type = ANY($${params.length})`);
    }
    if (options.streamPrefix) {
      params.push(options.streamPrefix);
      clauses.push(`left(stream_id, length($${params.length})) = $${params.length}`);
    }
    const { rows } = await this.pool.query(`SELECT * FROM events WHERE ${clauses.join(' AND ')} ORDER BY transaction_id, global_position LIMIT $2`, params);
    return rows.map(rowToEvent);
  }

  async findEvents(ids: string[]): Promise<RecordedEvent[]> {
    await this.init();
    const { rows } = await this.pool.query('SELECT * FROM events WHERE event_id = ANY($1) ORDER BY global_position', [ids]);
    return rows.map(rowToEvent);
  }

  async isCovered(position: number, checkpoint: number): Promise<boolean> {
    await this.init();
    const { rows } = await this.pool.query('SELECT metrology_covered($1, $2) AS covered', [position, checkpoint]);
    return rows[0].covered === true;
  }

  async headPosition(): Promise<number> {
    await this.init();
    const { rows } = await this.pool.query('SELECT COALESCE(MAX(global_position), 0) AS p FROM events');
    return Number(rows[0].p);
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
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
       WHERE NOT metrology_covered(excluded.position, checkpoints.position)`,
      [name, position],
    );
  }

  async applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>): Promise<boolean> {
    await this.init();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [name]);
      const { rows } = await client.query('SELECT metrology_covered($2, position) AS covered FROM checkpoints WHERE name = $1 FOR UPDATE', [name, position]);
      if (rows[0].covered) {
        await client.query('ROLLBACK');
        return false;
      }
      await apply({
        get: async <T>(collection: string, id: string) => {
          const { rows: docs } = await client.query('SELECT doc FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
          return docs.length ? (docs[0].doc as T) : undefined;
        },
        put: async <T>(collection: string, id: string, doc: T) => {
          await client.query('INSERT INTO documents (collection, id, doc) VALUES ($1, $2, $3) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc', [
            collection,
            id,
            JSON.stringify(doc),
          ]);
        },
      });
      await client.query('UPDATE checkpoints SET position = $2, updated_at = now() WHERE name = $1', [name, position]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
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

  async saveSnapshot<S>(snapshot: Snapshot<S>): Promise<void> {
    await this.init();
    await this.pool.query(
      `INSERT INTO snapshots (stream_id, version, revision, state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (stream_id, version) DO UPDATE SET revision = excluded.revision, state = excluded.state WHERE excluded.revision > snapshots.revision`,
      [snapshot.streamId, snapshot.version, snapshot.revision, JSON.stringify(snapshot.state)],
    );
  }

  async loadSnapshot<S>(streamId: string, version: string): Promise<Snapshot<S> | undefined> {
    await this.init();
    const { rows } = await this.pool.query('SELECT revision, state FROM snapshots WHERE stream_id = $1 AND version = $2', [streamId, version]);
    return rows.length ? { streamId, version, revision: Number(rows[0].revision), state: rows[0].state as S } : undefined;
  }

  async createAnchor(): Promise<Anchor> {
    await this.init();
    const client = await this.pool.connect();
    try {
      // One consistent view of every head; the lock makes concurrent anchors take turns.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK + 1]);
      const previous = (await client.query('SELECT * FROM anchors ORDER BY seq DESC LIMIT 1')).rows[0];
      const all = (await client.query('SELECT stream_id AS "streamId", revision, hash, anchored_revision FROM streams')).rows as (StreamHead & {
        anchored_revision: number | null;
      })[];
      const globalPosition = Number((await client.query('SELECT COALESCE(MAX(global_position), 0) AS p FROM events')).rows[0].p);
      const changed = all.filter((h) => h.anchored_revision === null || h.anchored_revision !== h.revision);
      const fields = {
        seq: previous ? Number(previous.seq) + 1 : 1,
        createdAt: new Date().toISOString(),
        globalPosition,
        streamCount: all.length,
        headsRoot: headsRoot(all),
        prevHash: previous ? (previous.hash as string) : null,
      };
      const anchor: Anchor = { ...fields, changedStreams: changed.length, hash: anchorHash(fields) };
      await client.query(
        'INSERT INTO anchors (seq, created_at, global_position, stream_count, changed_streams, heads_root, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [anchor.seq, anchor.createdAt, anchor.globalPosition, anchor.streamCount, anchor.changedStreams, anchor.headsRoot, anchor.prevHash, anchor.hash],
      );
      if (changed.length) {
        await client.query(
          `INSERT INTO anchor_heads (anchor_seq, stream_id, revision, hash) SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[])`,
          [anchor.seq, changed.map((h) => h.streamId), changed.map((h) => h.revision), changed.map((h) => h.hash)],
        );
        await client.query(
          `UPDATE streams s SET anchored_revision = c.revision FROM unnest($1::text[], $2::int[]) AS c(stream_id, revision) WHERE s.stream_id = c.stream_id`,
          [changed.map((h) => h.streamId), changed.map((h) => h.revision)],
        );
      }
      await client.query('COMMIT');
      return anchor;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async verify(options: VerifyOptions = {}): Promise<VerificationReport> {
    await this.init();
    return verifyEvents(
      {
        countEvents: async (streamId) =>
          Number((await this.pool.query(`SELECT COUNT(*) AS n FROM events ${streamId ? 'WHERE stream_id = $1' : ''}`, streamId ? [streamId] : [])).rows[0].n),
        eventsInStreamOrder: async (after, limit, streamId) => {
          const clauses: string[] = [];
          const params: unknown[] = [limit];
          if (after) {
            params.push(after.streamId, after.revision);
            clauses.push(`(stream_id, revision) > ($2, $3)`);
          }
          if (streamId) {
            params.push(streamId);
            clauses.push(`stream_id = $${params.length}`);
          }
          const { rows } = await this.pool.query(`SELECT * FROM events ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY stream_id, revision LIMIT $1`, params);
          return rows as StoredEventRow[];
        },
        anchors: async () => (await this.pool.query('SELECT * FROM anchors ORDER BY seq')).rows.map(anchorFromRow),
        anchorHeads: async (seq) => (await this.pool.query('SELECT stream_id AS "streamId", revision, hash FROM anchor_heads WHERE anchor_seq = $1', [seq])).rows as StreamHead[],
        eventHashAt: async (streamId, revision) => (await this.pool.query('SELECT hash FROM events WHERE stream_id = $1 AND revision = $2', [streamId, revision])).rows[0]?.hash,
      },
      options,
    );
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
