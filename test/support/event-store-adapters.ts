import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { createTestDatabase } from './services.js';

/** One adapter of the event store for a test run against both: `open` once per describe, `cleanup` at the end. */
export type EventStoreAdapter = { name: string; open(): Promise<EventStore>; cleanup(): Promise<void> };

/** SQLite in a temporary folder (named after `prefix`) and PostgreSQL in a fresh test database. */
export function eventStoreAdapters(prefix: string): EventStoreAdapter[] {
  const dir = mkdtempSync(join(tmpdir(), `metrology-${prefix}-`));
  let db: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  return [
    { name: 'sqlite', open: async () => new SqliteEventStore(join(dir, 'events.sqlite')), cleanup: async () => rmSync(dir, { recursive: true, force: true }) },
    {
      name: 'postgres',
      open: async () => {
        db ??= await createTestDatabase();
        const store = new PostgresEventStore(db.url);
        await store.init();
        return store;
      },
      cleanup: async () => db?.drop(),
    },
  ];
}
