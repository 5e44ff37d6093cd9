import type { DocumentTransaction, EventStore } from './event-store.port.js';
import type { Projection } from './subscription.js';
import { writeBehind } from './write-behind.js';

export interface RebuildOptions {
  /** Events read and applied per transaction (default 1,000). */
  batchSize?: number;
  /** Called (and awaited) after each batch with the last global position applied and the head at the start. */
  onProgress?: (position: number, head: number) => void | Promise<void>;
}

export interface RebuildReport {
  projection: string;
  /** Events read from the log (every event, handled or passed over). */
  eventsRead: number;
  /** Events the projection applied. */
  eventsApplied: number;
  /** The checkpoint the rebuilt projection stands at. */
  checkpoint: number;
  durationMs: number;
  eventsPerSecond: number;
}

/** Another process moved the projection's checkpoint while it was being rebuilt. */
export class RebuildInterruptedError extends Error {
  constructor(readonly projection: string, readonly position: number) {
    super(
      `${projection}: another process applied events to it during the rebuild (its checkpoint passed position ${position}); ` +
        'stop the API processes that run projections and rebuild again',
    );
    this.name = 'RebuildInterruptedError';
  }
}

/**
 * Read models are disposable: drops a projection's documents and checkpoint, then replays the whole
 * log through it, one atomic write per batch (the batch's events applied in order, the checkpoint
 * moved to the batch's last event with them). The same `apply` as the live subscription, so the
 * rebuilt documents are the live ones. Run it while no API process runs this projection: a live
 * subscription applying at the same time is detected and the rebuild stops.
 */
export async function rebuildProjection(store: EventStore, projection: Projection, options: RebuildOptions = {}): Promise<RebuildReport> {
  if (!projection.collections?.length) throw new Error(`${projection.name} does not name its document collections, so it cannot be dropped and rebuilt`);
  const batchSize = options.batchSize ?? 1000;
  const started = performance.now();
  await store.resetProjection(projection.name, projection.collections);
  const head = await store.headPosition();
  let after = 0;
  let eventsRead = 0;
  let eventsApplied = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: batchSize });
    if (batch.length === 0) break;
    const handled = projection.handles ? batch.filter((event) => projection.handles!(event)) : batch;
    const last = batch[batch.length - 1].globalPosition;
    const applied = await store.applyWithCheckpoint(projection.name, last, async (tx) => {
      const batchTx = writeBehind(tx);
      for (const event of handled) await projection.apply(event, batchTx);
      await batchTx.flush();
    });
    if (!applied) throw new RebuildInterruptedError(projection.name, last);
    eventsRead += batch.length;
    eventsApplied += handled.length;
    after = last;
    await options.onProgress?.(last, Math.max(head, last));
    if (batch.length < batchSize) break;
  }
  const durationMs = performance.now() - started;
  return {
    projection: projection.name,
    eventsRead,
    eventsApplied,
    checkpoint: after,
    durationMs: Math.round(durationMs),
    eventsPerSecond: durationMs > 0 ? Math.round((eventsRead * 1000) / durationMs) : eventsRead,
  };
}
