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
describe('a connection ended by the server in the middle of a transaction (PostgreSQL)', () => {
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

  /** Ends the backends of this database that sit inside a transaction, as a restart would, and lets the message arrive. */
  const terminateIdleInTransaction = async () => {
    const { rows } = await admin.query(
      "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction'",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    return rows.length;
  };

  it('fails the projection transaction without crashing the process, and the store works on', async () => {
    // given a projection transaction waiting between two queries
    // when the server ends its connection
    let ended = 0;
    const attempt = store.applyWithCheckpoint('projection:connection-loss', 1, async (tx) => {
      await tx.put('connection-loss', 'a', { n: 1 });
      ended = await terminateIdleInTransaction();
    });
    // then the transaction fails, nothing is written, no error escapes, and the next transaction succeeds
    await expect(attempt).rejects.toThrow();
    expect(ended).toBe(1);
    expect(uncaught).toEqual([]);
    expect(await store.getDocument('connection-loss', 'a')).toBeUndefined();
    expect(await store.applyWithCheckpoint('projection:connection-loss', 1, (tx) => tx.put('connection-loss', 'a', { n: 2 }))).toBe(true);
    expect(await store.getDocument('connection-loss', 'a')).toEqual({ n: 2 });
  });
});
