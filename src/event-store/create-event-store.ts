import { resolve } from 'node:path';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/**
 * Chooses the adapter from EVENT_STORE_URL: `sqlite:<path>` (relative paths resolve against
 * the working directory) or `postgres://…` / `postgresql://…`.
 */
export async function createEventStore(url: string): Promise<EventStore> {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return new SqliteEventStore(path === ':memory:' ? path : resolve(path));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const store = new PostgresEventStore(url);
    await store.init();
    return store;
  }
  throw new Error(`EVENT_STORE_URL must start with sqlite: or postgres://, got "${url}"`);
}
