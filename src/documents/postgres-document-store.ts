import pg from 'pg';
import { SHA256_HEX, sha256Of, verified, type DocumentStore } from './document-store.port.js';

/**
 * The table lives in the event store's database. Not named `documents`: the event store's
 * projections already keep their read-model documents in a table of that name.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS document_blobs (
  sha256 TEXT PRIMARY KEY,
  content BYTEA NOT NULL,
  size BIGINT NOT NULL,
  stored_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
`;
const SCHEMA_LOCK = 0x6d657464; // "metd"

/** The document store in PostgreSQL, used when the event store is PostgreSQL: every node sees the same blobs. */
export class PostgresDocumentStore implements DocumentStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private ready?: Promise<void>;

  constructor(connectionString: string, poolSize = 4) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    // An idle client that loses its server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    // A client checked out of the pool has no error listener of the pool's: a server that ends the
    // connection between two of its queries (a restart) would crash the process. The query fails instead.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /** Creates the table (idempotent, serialised across nodes). */
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
    })();
    return this.ready;
  }

  async put(content: Buffer): Promise<string> {
    await this.init();
    const sha256 = sha256Of(content);
    await this.pool.query('INSERT INTO document_blobs (sha256, content, size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, content, content.length]);
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    await this.init();
    const { rows } = await this.pool.query<{ content: Buffer }>('SELECT content FROM document_blobs WHERE sha256 = $1', [sha256]);
    if (rows.length === 0) return undefined;
    return verified(sha256, rows[0].content, `document_blobs row ${sha256}`);
  }

  private closing?: Promise<void>;

  /** Idempotent: the application's shutdown hooks may call it more than once. */
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}
