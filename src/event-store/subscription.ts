import type { EventStore, RecordedEvent } from './event-store.port.js';
import type { DocumentTransaction } from './event-store.port.js';
import { writeBehind } from './write-behind.js';

export interface SubscriptionOptions {
  /** Longest sleep between catch-up reads when nothing wakes the subscription. */
  pollIntervalMs?: number;
  batchSize?: number;
  /**
   * Reactors only: how many partitions of a batch are handled at once (default 1, one event at a
   * time). Events of one partition (Reactor.partitionKey) are always handled in order.
   */
  concurrency?: number;
  /** Called when handling an event failed; the subscription retries the same event later. */
  onError?: (error: unknown, event: RecordedEvent | undefined) => void;
}

/** A projection: applies each event to read-model documents, exactly once. */
export interface Projection {
  readonly name: string;
  /**
   * The document collections this projection alone writes: what a rebuild drops before replaying
   * the log (npm run rebuild). A projection without them cannot be rebuilt.
   */
  readonly collections?: readonly string[];
  apply(event: RecordedEvent, tx: DocumentTransaction): Promise<void>;
  /**
   * Whether `apply` does anything with the event. Events it does not handle are passed over
   * without a transaction; the checkpoint moves past them with the next handled event, or at the
   * end of the batch. Default: every event is applied.
   */
  handles?(event: RecordedEvent): boolean;
}

/** A side effect (e.g. signalling Temporal): at least once, so the handler must be idempotent. */
export interface Reactor {
  readonly name: string;
  handle(event: RecordedEvent): Promise<void>;
  /**
   * Events with the same key are handled in global order, one after the other; events with
   * different keys may be handled at the same time (SubscriptionOptions.concurrency). Default: the
   * event's stream.
   */
  partitionKey?(event: RecordedEvent): string;
}

/** How often at most a projection stores a checkpoint that only passes over events it does not handle. */
const PASSED_OVER_SAVE_MS = 2000;

/** The first failure of a batch handled in partitions, with the event it failed on. */
class ReactorFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly event: RecordedEvent,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Catch-up-then-live subscription from a stored checkpoint. It reads the log in global order
 * from the checkpoint, then sleeps until an append wakes it (or the poll interval passes, which
 * covers appends by other processes). An event whose handler fails is retried, never skipped.
 */
export class CatchUpSubscription {
  private running = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private unsubscribe?: () => void;
  private position = 0;
  /** Set by an append that arrived while the subscription was busy, so that it reads again at once. */
  private dirty = false;

  constructor(
    private readonly store: EventStore,
    private readonly target: { kind: 'projection'; projection: Projection } | { kind: 'reactor'; reactor: Reactor },
    private readonly options: SubscriptionOptions = {},
  ) {}

  get name(): string {
    return this.target.kind === 'projection' ? this.target.projection.name : this.target.reactor.name;
  }

  get kind(): 'projection' | 'reactor' {
    return this.target.kind;
  }

  /** Global position of the last event this subscription has processed. */
  get processedPosition(): number {
    return this.position;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.store.onAppended(() => {
      this.dirty = true;
      this.wake?.();
    });
    this.loop = this.run();
  }

  /**
   * Stops reading and waits for the event in hand, at most `graceMs`: a handler stuck on an
   * unreachable service must not keep the process from shutting down. An event whose handling is
   * cut short is not checkpointed, so it is handled again after the restart.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    await this.recordPassedOver(undefined, true).catch(() => undefined);
  }

  /** Resolves once the subscription has processed the event at `position` (in delivery order, not by number). */
  async waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(this.position > 0 && (await this.store.isCovered(position, this.position)))) {
      if (Date.now() > deadline) throw new Error(`subscription ${this.name} did not reach position ${position} (at ${this.position})`);
      this.wake?.();
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async run(): Promise<void> {
    const pollIntervalMs = this.options.pollIntervalMs ?? 500;
    const batchSize = this.options.batchSize ?? 500;
    // The stored checkpoint is read at the start and after a failure; in between the subscription
    // goes on from where it is (it may be ahead of the store over events a projection passed over).
    let fromStore = true;
    while (this.running) {
      let progressed = false;
      let current: RecordedEvent | undefined;
      this.dirty = false;
      try {
        if (fromStore) {
          this.position = await this.store.getCheckpoint(this.name);
          fromStore = false;
        }
        const batch = await this.store.readAll({ after: this.position, limit: batchSize });
        if (batch.length > 0 && this.target.kind === 'projection') {
          if (!(await this.applyBatch(this.target.projection, batch, (event) => (current = event)))) {
            fromStore = true; // another consumer went past this batch's start: go on from where it is
            continue;
          }
          this.position = batch[batch.length - 1].globalPosition;
          progressed = true;
        } else if (this.target.kind === 'reactor' && (this.options.concurrency ?? 1) > 1 && batch.length > 1) {
          const handled = await this.reactInPartitions(this.target.reactor, batch);
          progressed = handled !== undefined;
          if (handled !== undefined) this.position = handled;
        } else if (this.target.kind === 'reactor') {
          // One event at a time.
          for (const event of batch) {
            if (!this.running) break;
            current = event;
            await this.target.reactor.handle(event);
            await this.store.saveCheckpoint(this.name, event.globalPosition);
            this.position = event.globalPosition;
            progressed = true;
          }
        }
        if (batch.length === batchSize && this.running) continue;
      } catch (error) {
        // Retried from the stored checkpoint after a pause; the failed event is not skipped.
        fromStore = true;
        if (error instanceof ReactorFailure) this.options.onError?.(error.cause, error.event);
        else this.options.onError?.(error, current);
        if (this.running) await new Promise((r) => setTimeout(r, pollIntervalMs));
        continue;
      }
      if (!progressed && this.running) await this.sleep(pollIntervalMs);
    }
  }

  /**
   * A projection applies a batch in one atomic write, its checkpoint moved to the batch's last
   * event with the documents: one commit per batch, not per event, and each document read and
   * written once per batch. A batch with no event the projection handles moves the checkpoint now
   * and then only (recordPassedOver). False when another consumer moved the checkpoint past the
   * batch's start: nothing was applied.
   */
  private async applyBatch(projection: Projection, batch: RecordedEvent[], onEvent: (event: RecordedEvent) => void): Promise<boolean> {
    const handled = projection.handles ? batch.filter((event) => projection.handles!(event)) : batch;
    const last = batch[batch.length - 1].globalPosition;
    if (handled.length === 0) {
      await this.recordPassedOver(last, false);
      return true;
    }
    this.unsavedPassedOver = undefined; // the transaction's checkpoint covers them
    return this.store.applyWithCheckpoint(
      this.name,
      last,
      async (tx) => {
        const documents = writeBehind(tx);
        for (const event of handled) {
          onEvent(event);
          await projection.apply(event, documents);
        }
        await documents.flush();
      },
      this.position,
    );
  }

  private lastPassedOverSave = 0;
  private unsavedPassedOver?: number;

  private async recordPassedOver(position: number | undefined, now: boolean): Promise<void> {
    if (position !== undefined) this.unsavedPassedOver = position;
    if (this.unsavedPassedOver === undefined) return;
    if (!now && Date.now() - this.lastPassedOverSave < PASSED_OVER_SAVE_MS) return;
    const saving = this.unsavedPassedOver;
    this.unsavedPassedOver = undefined;
    this.lastPassedOverSave = Date.now();
    // A handled event's transaction may have moved the checkpoint past it meanwhile: never go back.
    if (!(await this.store.isCovered(saving, await this.store.getCheckpoint(this.name)))) await this.store.saveCheckpoint(this.name, saving);
  }

  /**
   * Handles a batch in partitions, up to `concurrency` at once, each partition in order; then
   * checkpoints the longest prefix of the batch (in global order) whose events were all handled.
   * A failure stops its partition; the other partitions go on, and whatever comes after the first
   * unhandled event is delivered again from the checkpoint (at least once, as always). Throws the
   * first failure after checkpointing, so that the caller pauses and retries.
   */
  private async reactInPartitions(reactor: Reactor, batch: RecordedEvent[]): Promise<number | undefined> {
    const partitions = new Map<string, RecordedEvent[]>();
    for (const event of batch) {
      const key = reactor.partitionKey ? reactor.partitionKey(event) : event.streamId;
      const queue = partitions.get(key);
      if (queue) queue.push(event);
      else partitions.set(key, [event]);
    }
    const handled = new Set<number>();
    const failures: { error: unknown; event: RecordedEvent }[] = [];
    const queues = [...partitions.values()];
    const lanes = Array.from({ length: Math.min(this.options.concurrency ?? 1, queues.length) }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) {
        for (const event of queue) {
          if (!this.running) return;
          try {
            await reactor.handle(event);
            handled.add(event.globalPosition);
          } catch (error) {
            failures.push({ error, event });
            break; // the rest of this partition waits for the retry, in order
          }
        }
      }
    });
    await Promise.all(lanes);
    // Delivery order, not numeric order (on PostgreSQL they can differ): the prefix of the batch.
    let checkpoint: number | undefined;
    for (const event of batch) {
      if (!handled.has(event.globalPosition)) break;
      checkpoint = event.globalPosition;
    }
    if (checkpoint !== undefined) await this.store.saveCheckpoint(this.name, checkpoint);
    if (failures.length) {
      const first = batch.find((e) => failures.some((f) => f.event === e))!;
      throw new ReactorFailure(failures.find((f) => f.event === first)!.error, first);
    }
    return checkpoint;
  }

  private sleep(ms: number): Promise<void> {
    if (this.dirty) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
