import { EventEmitter } from 'node:events';
import pg from 'pg';
import { anchorHash, headsRoot, type StreamHead } from './anchors.js';
import { chainEvents, checkAppend, checkExpectedRevision, checkReadAll, checkReadStream, classifyRetry, type ChainedEvent } from './append-rules.js';
import { WrongExpectedRevisionError } from './errors.js';
import type {
  Anchor,
  AppendResult,
  ConsumerLockSession,
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
  hash TEXT NOT NULL,
  -- Every transaction below this id had finished when the anchor was taken; it covers their events.
  barrier XID8 NOT NULL
);
CREATE TABLE IF NOT EXISTS anchor_heads (anchor_seq BIGINT NOT NULL, stream_id TEXT COLLATE "C" NOT NULL, revision INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (anchor_seq, stream_id));
-- Answers of write requests by (actor, Idempotency-Key); status is NULL while the first request runs.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER,
  body TEXT,
  headers JSONB,
  expires_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Is the event at _p delivered at or before the one at _cp (both in delivery order)?
CREATE OR REPLACE FUNCTION metrology_covered(_p BIGINT, _cp BIGINT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT COALESCE((SELECT (transaction_id, global_position) FROM events WHERE global_position = _p)
               <= (SELECT (transaction_id, global_position) FROM events WHERE global_position = _cp), false)
$$;
`;

const NOTIFY_CHANNEL = 'metrology_events';
/** Rounds of read-head-then-append before a racing append gives up. */
const MAX_ATTEMPTS = 20;
const HEAD_CACHE_SIZE = 10_000;
const SCHEMA_LOCK = 0x6d657472; // "metr"
/** First key of the two-key advisory locks that elect a subscription's consumer; the second is hashtext(name). */
const CONSUMER_LOCK_CLASS = 0x6d657473;
/** application_name of the consumer lock connections (pg_stat_activity shows which node holds what). */
export const CONSUMER_LOCKS_APPLICATION = 'metrology-consumer-locks';
/** How often a consumer lock session checks that its connection is alive. */
const CONSUMER_LOCK_HEARTBEAT_MS = 1000;
type Queryable = pg.Pool | pg.PoolClient;

/** PostgreSQL event store for one or many application nodes, through the `pg` driver. */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly appended = new EventEmitter();
  private listener?: pg.PoolClient;
  private ready?: Promise<void>;
  private notifyPending = false;
  /** Last known head of recently appended streams (bounded); it may lag behind, never lead. */
  private readonly heads = new Map<string, { revision: number; hash: string }>();

  constructor(readonly connectionString: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    // A client checked out of the pool has no error listener of the pool's: a server that ends the
    // connection between two of its queries (a restart) would crash the process. The query fails instead.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
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
      client.on('error', () => undefined);
      client.once('error', () => {
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
   * readers wait for it). On the common path it is one INSERT statement: the stream's head comes
   * from a per-process cache, and the unique key (stream_id, revision) is the concurrency check:
   * a writer that lost the race for a revision gets a unique violation, never a gap, because a
   * cached head can only lag behind the stream, never run ahead of it.
   */
  async appendVia(db: Queryable, streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    // A new stream needs no read: if it exists after all, revision 0 is taken and the unique key says so.
    let head = this.heads.get(streamId) ?? (expectedRevision === 'no_stream' ? null : await this.readHead(db, streamId));
    for (let attempt = 1; ; attempt++) {
      try {
        checkExpectedRevision(streamId, expectedRevision, head ? head.revision : null);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        const original = await this.originalAppend(db, streamId, events);
        if (original) return original;
        const fresh = await this.readHead(db, streamId);
        if (fresh?.revision === head?.revision) throw error;
        head = fresh; // the cache lagged: decide again on the stream as it is
        continue;
      }
      const chained = chainEvents(streamId, events, head, new Date().toISOString());
      const rows = chained.map((c) => c.row);
      try {
        // A plain multi-row VALUES list: the cheapest statement for the server to parse and plan.
        const params: unknown[] = [];
        const tuples = rows.map((r) => {
          const n = params.push(r.event_id, r.stream_id, r.revision, r.type, r.schema_version, r.data, r.metadata, r.recorded_at, r.prev_hash, r.hash);
          return `($${n - 9}, $${n - 8}, $${n - 7}, $${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        const inserted = await db.query(
          `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
           VALUES ${tuples.join(', ')} RETURNING global_position`,
          params,
        );
        const result = this.recorded(chained, inserted.rows);
        this.rememberHead(streamId, result.events[result.events.length - 1]);
        return result;
      } catch (error) {
        if ((error as { code?: string }).code !== '23505' || attempt >= MAX_ATTEMPTS) throw error;
        // A recorded id (a retry, or a concurrent twin) or a revision another writer took first.
        const original = await this.originalAppend(db, streamId, events);
        if (original) return original;
        head = await this.readHead(db, streamId);
      }
    }
  }

  /** The original answer when every id was already recorded; null when none was; refuses a mix. */
  private async originalAppend(db: Queryable, streamId: string, events: NewEvent[]): Promise<AppendResult | null> {
    const { rows } = await db.query('SELECT * FROM events WHERE event_id = ANY($1) ORDER BY global_position', [events.map((e) => e.id)]);
    const original = classifyRetry(streamId, events, (rows as StoredEventRow[]).map(rowToEvent));
    if (!original) return null;
    const head = await this.readHead(db, streamId);
    return { nextRevision: head!.revision, events: original, alreadyRecorded: true };
  }

  private async readHead(db: Queryable, streamId: string): Promise<{ revision: number; hash: string } | null> {
    const { rows } = await db.query('SELECT revision, hash FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1', [streamId]);
    const head = rows.length ? { revision: Number(rows[0].revision), hash: rows[0].hash as string } : null;
    if (head) this.rememberHead(streamId, head);
    return head;
  }

  private rememberHead(streamId: string, head: { revision: number; hash: string }): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, { revision: head.revision, hash: head.hash });
    if (this.heads.size > HEAD_CACHE_SIZE) this.heads.delete(this.heads.keys().next().value!);
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

  /**
   * Identical reads asked for in the same turn of the event loop share one query: the projections
   * of a process, woken by the same append, all ask for the events after the same position. The
   * query goes out after every caller has asked, so each sees what was committed before it asked.
   * Callers get their own array of the same (read-only) events.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    checkReadAll(options);
    await this.init();
    const key = JSON.stringify([options.after ?? 0, options.limit ?? 1000, options.types ?? null, options.streamPrefix ?? null]);
    let shared = this.readsAsked.get(key);
    if (!shared) {
      shared = new Promise<void>((asked) => setImmediate(asked)).then(() => {
        this.readsAsked.delete(key);
        return this.readAllNow(options);
      });
      this.readsAsked.set(key, shared);
    }
    return (await shared).slice();
  }

  private readonly readsAsked = new Map<string, Promise<RecordedEvent[]>>();

  private async readAllNow(options: ReadAllOptions): Promise<RecordedEvent[]> {
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

  /**
   * The documents are read as committed (each read on its own), kept in memory as `apply` writes
   * them, then written with the checkpoint in ONE statement, which is atomic by itself: the
   * checkpoint row's upsert decides whether the documents are written at all. A checkpoint that
   * already covers `position` (or, for a batch, has moved past `after`) writes nothing, so a
   * projection applies each event exactly once; a concurrent consumer's write to the checkpoint
   * row makes the statement wait for it and decide on the row as it then is. A failed apply writes
   * nothing. Two round trips and a read per document, where BEGIN, a write each and COMMIT took
   * four and more.
   */
  async applyWithCheckpoint(name: string, position: number, apply: (tx: DocumentTransaction) => Promise<void>, after?: number): Promise<boolean> {
    await this.init();
    const written = new Map<string, { collection: string; id: string; json: string }>();
    const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
    await apply({
      get: async <T>(collection: string, id: string) => {
        const held = written.get(keyOf(collection, id));
        if (held) return JSON.parse(held.json) as T;
        const { rows: docs } = await this.pool.query('SELECT doc FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
        return docs.length ? (docs[0].doc as T) : undefined;
      },
      put: async <T>(collection: string, id: string, doc: T) => {
        written.set(keyOf(collection, id), { collection, id, json: JSON.stringify(doc) });
      },
      putJson: async (collection: string, id: string, json: string) => {
        written.set(keyOf(collection, id), { collection, id, json });
      },
    });
    const docs = [...written.values()];
    const { rows } = await this.pool.query(
      `WITH moved AS (
         INSERT INTO checkpoints (name, position) VALUES ($1, $2)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
         WHERE CASE WHEN $3::bigint IS NULL THEN NOT metrology_covered(excluded.position, checkpoints.position)
                    ELSE checkpoints.position = $3 OR metrology_covered(checkpoints.position, $3) END
         RETURNING 1
       ), written AS (
         INSERT INTO documents (collection, id, doc)
         SELECT c, i, d::jsonb FROM unnest($4::text[], $5::text[], $6::text[]) AS t(c, i, d) WHERE EXISTS (SELECT 1 FROM moved)
         ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc
       )
       SELECT count(*)::int AS moved FROM moved`,
      [name, position, after ?? null, docs.map((d) => d.collection), docs.map((d) => d.id), docs.map((d) => d.json)],
    );
    return rows[0].moved === 1;
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

  async resetProjection(name: string, collections: readonly string[]): Promise<void> {
    await this.init();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM documents WHERE collection = ANY($1)', [[...collections]]);
      await client.query('DELETE FROM checkpoints WHERE name = $1', [name]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
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
      // One consistent view; the lock makes concurrent anchors take turns. The anchor covers the
      // events of every transaction older than the oldest one still running (the read barrier),
      // and records the heads of the streams that gained events since the previous barrier.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK + 1]);
      const barrier = (await client.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x')).rows[0].x as string;
      const previous = (await client.query('SELECT *, barrier::text AS barrier FROM anchors ORDER BY seq DESC LIMIT 1')).rows[0];
      const headsQuery = (extra: string) =>
        `SELECT DISTINCT ON (stream_id) stream_id AS "streamId", revision, hash FROM events
         WHERE transaction_id < $1::xid8 ${extra} ORDER BY stream_id, revision DESC`;
      const all = (await client.query(headsQuery(''), [barrier])).rows as StreamHead[];
      const changed = previous
        ? ((await client.query(headsQuery('AND stream_id IN (SELECT stream_id FROM events WHERE transaction_id >= $2::xid8 AND transaction_id < $1::xid8)'), [barrier, previous.barrier])).rows as StreamHead[])
        : all;
      const globalPosition = Number((await client.query('SELECT COALESCE(MAX(global_position), 0) AS p FROM events WHERE transaction_id < $1::xid8', [barrier])).rows[0].p);
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
        'INSERT INTO anchors (seq, created_at, global_position, stream_count, changed_streams, heads_root, prev_hash, hash, barrier) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::xid8)',
        [anchor.seq, anchor.createdAt, anchor.globalPosition, anchor.streamCount, anchor.changedStreams, anchor.headsRoot, anchor.prevHash, anchor.hash, barrier],
      );
      if (changed.length) {
        await client.query(`INSERT INTO anchor_heads (anchor_seq, stream_id, revision, hash) SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[])`, [
          anchor.seq,
          changed.map((h) => h.streamId),
          changed.map((h) => h.revision),
          changed.map((h) => h.hash),
        ]);
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

  async claimIdempotencyKey(scope: string, key: string, requestHash: string, leaseUntil: Date, now: Date): Promise<IdempotencyRecord | undefined> {
    await this.init();
    // A record that has expired (an old answer, or the claim of a request that died) is taken over.
    const claimed = await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status = NULL, body = NULL, headers = NULL, expires_at = excluded.expires_at
       WHERE idempotency_keys.expires_at <= $5`,
      [scope, key, requestHash, leaseUntil, now],
    );
    if (claimed.rowCount === 1) return undefined;
    return (await this.getIdempotentAnswer(scope, key, now)) ?? this.claimIdempotencyKey(scope, key, requestHash, leaseUntil, now);
  }

  async getIdempotentAnswer(scope: string, key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    await this.init();
    const { rows } = await this.pool.query('SELECT request_hash, status, body, headers, expires_at FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > $3', [
      scope,
      key,
      now,
    ]);
    if (!rows.length) return undefined;
    const row = rows[0] as { request_hash: string; status: number | null; body: string | null; headers: Record<string, string> | null; expires_at: Date };
    return {
      requestHash: row.request_hash,
      expiresAt: row.expires_at.toISOString(),
      ...(row.status === null ? {} : { answer: { status: Number(row.status), body: row.body ?? '', headers: row.headers ?? {} } }),
    };
  }

  async saveIdempotentAnswer(scope: string, key: string, requestHash: string, answer: IdempotentAnswer, expiresAt: Date): Promise<void> {
    await this.init();
    await this.pool.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, body, headers, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (scope, key) DO UPDATE SET status = excluded.status, body = excluded.body, headers = excluded.headers, expires_at = excluded.expires_at
       WHERE idempotency_keys.request_hash = excluded.request_hash`,
      [scope, key, requestHash, answer.status, answer.body, JSON.stringify(answer.headers), expiresAt],
    );
  }

  async releaseIdempotencyKey(scope: string, key: string, requestHash: string): Promise<void> {
    await this.init();
    await this.pool.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND request_hash = $3 AND status IS NULL', [scope, key, requestHash]);
  }

  async purgeIdempotentAnswers(now: Date): Promise<number> {
    await this.init();
    return (await this.pool.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now])).rowCount ?? 0;
  }

  /**
   * Advisory locks held by a connection of their own (not the pool's): PostgreSQL releases them
   * when that connection ends, so a node that dies or loses the database gives its subscriptions up
   * and another node's session can take them.
   */
  async openConsumerLocks(): Promise<ConsumerLockSession> {
    await this.init();
    const client = new pg.Client({ connectionString: this.connectionString, keepAlive: true, query_timeout: 5000, application_name: CONSUMER_LOCKS_APPLICATION });
    const listeners: (() => void)[] = [];
    let lost = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const loseIt = () => {
      if (lost) return;
      lost = true;
      clearInterval(heartbeat);
      client.end().catch(() => undefined);
      for (const listener of listeners.splice(0)) listener();
    };
    client.on('error', loseIt);
    client.on('end', loseIt);
    await client.connect();
    heartbeat = setInterval(() => void client.query('SELECT 1').catch(loseIt), CONSUMER_LOCK_HEARTBEAT_MS);
    heartbeat.unref();
    return {
      tryAcquire: async (name) => {
        if (lost) return false;
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [CONSUMER_LOCK_CLASS, name]);
        return rows[0].ok === true;
      },
      release: async (name) => {
        if (lost) return;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [CONSUMER_LOCK_CLASS, name]);
      },
      onLost: (listener) => {
        if (lost) listener();
        else listeners.push(listener);
      },
      close: async () => {
        if (lost) return;
        lost = true;
        clearInterval(heartbeat);
        listeners.splice(0);
        await client.end().catch(() => undefined);
      },
    };
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    if (listener) {
      // Its error handler would release it a second time when the server drops the connection.
      listener.removeAllListeners('error');
      listener.on('error', () => undefined);
      listener.release(true);
    }
    await this.pool.end();
  }
}
