import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { createTestDatabase } from '../support/services.js';

/**
 * A PostgreSQL restart ends every connection, also one a transaction holds between two of its
 * queries. Found by the fault run (npm run chaos): such a client had no error listener, and the
 * 'error' event it emitted crashed the API process. The transaction must fail instead, and the
 * store go on with fresh connections.
 */
describe('connections ended by the server (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await store?.close();
    await db?.drop();
  });

  /** Ends the backends of this database in the given state, as a restart would, and lets the message arrive. */
  const terminate = async (state: 'idle' | 'idle in transaction') => {
    const { rows } = await admin.query(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = $1',
      [state],
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    return rows.length;
  };

  it('survives a connection ended while the store holds it inside a transaction, and works on', async () => {
    // given one of the store's connections checked out, between two queries of a transaction
    const client = await (store as unknown as { pool: pg.Pool }).pool.connect();
    await client.query('BEGIN');
    // when the server ends it
    expect(await terminate('idle in transaction')).toBe(1);
    // then its next query fails, no error escapes, and the store goes on with fresh connections
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    expect(uncaught).toEqual([]);
    expect(await store.applyWithCheckpoint('projection:connection-loss-held', 1, (tx) => tx.put('connection-loss', 'held', { n: 1 }))).toBe(true);
    expect(await store.getDocument('connection-loss', 'held')).toEqual({ n: 1 });
  });

  it("writes a projection's documents and checkpoint together or not at all when the connections end meanwhile", async () => {
    // given a projection that has read and written its documents in memory
    // when the server ends every idle connection of the store before the write
    const attempt = await store
      .applyWithCheckpoint('projection:connection-loss', 1, async (tx) => {
        await tx.get('connection-loss', 'a');
        await tx.put('connection-loss', 'a', { n: 1 });
        await terminate('idle');
      })
      .then(
        (applied) => ({ applied }),
        (error: unknown) => ({ error }),
      );
    // then no error escapes, and the document and the checkpoint tell the same story
    expect(uncaught).toEqual([]);
    const written = 'applied' in attempt && attempt.applied;
    expect(await store.getDocument('connection-loss', 'a')).toEqual(written ? { n: 1 } : undefined);
    expect(await store.getCheckpoint('projection:connection-loss')).toBe(written ? 1 : 0);
    // and the store works on
    expect(await store.applyWithCheckpoint('projection:connection-loss', 2, (tx) => tx.put('connection-loss', 'a', { n: 2 }))).toBe(true);
    expect(await store.getDocument('connection-loss', 'a')).toEqual({ n: 2 });
  });
});
