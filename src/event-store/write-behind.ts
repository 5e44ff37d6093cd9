import type { DocumentTransaction } from './event-store.port.js';

/**
 * A batch's documents kept in memory between its events and written once at the end of the batch:
 * a document a case's events update fifty times costs one read and one write per batch, not fifty
 * of each (on PostgreSQL each is a round trip). Documents are held as JSON text, so that `get`
 * answers a fresh copy, as a read from the database would.
 */
export function writeBehind(tx: DocumentTransaction): DocumentTransaction & { flush(): Promise<void> } {
  const held = new Map<string, { collection: string; id: string; json: string | undefined; dirty: boolean }>();
  const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
  return {
    async get<T>(collection: string, id: string): Promise<T | undefined> {
      const key = keyOf(collection, id);
      let entry = held.get(key);
      if (!entry) {
        const doc = await tx.get<T>(collection, id);
        entry = { collection, id, json: doc === undefined ? undefined : JSON.stringify(doc), dirty: false };
        held.set(key, entry);
      }
      return entry.json === undefined ? undefined : (JSON.parse(entry.json) as T);
    },
    async put<T>(collection: string, id: string, doc: T): Promise<void> {
      held.set(keyOf(collection, id), { collection, id, json: JSON.stringify(doc), dirty: true });
    },
    async flush(): Promise<void> {
      for (const entry of held.values()) {
        if (!entry.dirty) continue;
        if (tx.putJson) await tx.putJson(entry.collection, entry.id, entry.json!);
        else await tx.put(entry.collection, entry.id, JSON.parse(entry.json!));
      }
    },
  };
}
