import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type ConsumerLockSession, type EventStore } from './event-store.port.js';
import { CatchUpSubscription, type Projection, type Reactor } from './subscription.js';

/** Which long-running consumers this process runs (the API runs projections, the worker the bridge). */
export interface ProcessRoles {
  projections: boolean;
  bridge: boolean;
}

export const PROCESS_ROLES = Symbol('ProcessRoles');

export interface SubscriptionRunnerOptions {
  /** How often a standby node tries to take over the subscriptions no node runs (default 1,000 ms). */
  takeoverIntervalMs?: number;
  /** Poll interval of the catch-up subscriptions (default: theirs, 500 ms). */
  pollIntervalMs?: number;
}

export const SUBSCRIPTION_RUNNER_OPTIONS = Symbol('SubscriptionRunnerOptions');

/** Whether this node consumes a subscription (holds its lock) or stands by to take it over. */
export type ConsumerState = 'active' | 'standby';

export interface SubscriptionLag {
  name: string;
  kind: 'projection' | 'reactor';
  /** Last global position processed (in memory). */
  position: number;
  /** Last global position stored as its checkpoint. */
  checkpoint: number;
  /** Largest global position in the log when asked. */
  head: number;
  /** Positions behind the head. */
  lag: number;
  consumer: ConsumerState;
}

type Target = { kind: 'projection'; projection: Projection } | { kind: 'reactor'; reactor: Reactor };

const nameOf = (target: Target) => (target.kind === 'projection' ? target.projection.name : target.reactor.name);

/**
 * Reactors (the bridge to Temporal) handle up to this many streams of a batch at once, each
 * stream's events in order: one slow round trip to Temporal no longer holds up every other case.
 */
const REACTOR_CONCURRENCY = 16;

/**
 * Feature modules register their projections and reactors here during module init; the runner
 * starts a checkpointed catch-up subscription for each once the application has bootstrapped.
 *
 * On several nodes (PostgreSQL) exactly one node consumes each subscription: it holds a
 * session-level advisory lock named after the subscription on a connection of its own while it
 * consumes. The other nodes stand by and try to take the lock every `takeoverIntervalMs`; the one
 * that gets it starts from the stored checkpoint. When the lock connection is lost, the node stops
 * consuming at once (PostgreSQL has released its locks with the session) and stands by again.
 * On SQLite (one node) every subscription is active.
 */
@Injectable()
export class SubscriptionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('subscriptions');
  private readonly projections: Projection[] = [];
  private readonly reactors: Reactor[] = [];
  private readonly running = new Map<string, CatchUpSubscription>();
  /** The subscriptions this process's roles give it, active or standing by. */
  private readonly targets = new Map<string, Target>();
  private locks?: ConsumerLockSession;
  private electing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private shuttingDown = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles,
    @Optional() @Inject(SUBSCRIPTION_RUNNER_OPTIONS) private readonly options: SubscriptionRunnerOptions = {},
  ) {
    this.options ??= {};
  }

  registerProjection(projection: Projection): void {
    this.projections.push(projection);
  }

  registerReactor(reactor: Reactor): void {
    this.reactors.push(reactor);
  }

  async onApplicationBootstrap(): Promise<void> {
    const targets: Target[] = [
      ...(this.roles.projections ? this.projections.map((projection) => ({ kind: 'projection' as const, projection })) : []),
      ...(this.roles.bridge ? this.reactors.map((reactor) => ({ kind: 'reactor' as const, reactor })) : []),
    ];
    for (const target of targets) this.targets.set(nameOf(target), target);
    if (!this.store.openConsumerLocks) {
      for (const name of this.targets.keys()) this.activate(name);
      return;
    }
    if (this.targets.size === 0) return;
    // The first election at once, so that a single node starts with every subscription active.
    await this.elect();
    this.timer = setInterval(() => void this.elect(), this.options.takeoverIntervalMs ?? 1000);
    this.timer.unref();
  }

  /** Takes the lock of every subscription no node consumes; (re)opens the lock session first when needed. */
  private elect(): Promise<void> {
    this.electing ??= (async () => {
      try {
        if (!this.locks) {
          const session = await this.store.openConsumerLocks!();
          if (this.shuttingDown) {
            await session.close();
            return;
          }
          this.locks = session;
          session.onLost(() => void this.standBy(session));
        }
        const session = this.locks;
        for (const name of this.targets.keys()) {
          if (this.shuttingDown || this.locks !== session) return;
          if (this.running.has(name)) continue;
          if (await session.tryAcquire(name)) {
            if (this.locks === session && !this.shuttingDown) this.activate(name);
            else await session.release(name).catch(() => undefined);
          }
        }
      } catch (error) {
        this.logger.debug?.(`consumer election failed; trying again: ${(error as Error).message}`);
      } finally {
        this.electing = undefined;
      }
    })();
    return this.electing;
  }

  /** The lock session is gone, and with it every lock: stop consuming and stand by. */
  private async standBy(session: ConsumerLockSession): Promise<void> {
    if (this.locks !== session) return;
    this.locks = undefined;
    const active = [...this.running.values()];
    this.running.clear();
    if (active.length) this.logger.warn(`lost the consumer lock session; ${active.length} subscription(s) stand by until this node takes them again`);
    await Promise.all(active.map((s) => s.stop()));
  }

  private activate(name: string): void {
    const target = this.targets.get(name)!;
    const subscription = new CatchUpSubscription(this.store, target, {
      concurrency: target.kind === 'reactor' ? REACTOR_CONCURRENCY : 1,
      ...(this.options.pollIntervalMs ? { pollIntervalMs: this.options.pollIntervalMs } : {}),
      onError: (error, event) =>
        this.logger.warn(`${subscription.name} failed at position ${event?.globalPosition ?? '?'} (${event?.type ?? 'read'}); retrying: ${(error as Error).message}`),
    });
    this.running.set(name, subscription);
    subscription.start();
  }

  /** Whether this node consumes the named subscription; undefined when its roles do not include it. */
  consumerState(name: string): ConsumerState | undefined {
    if (!this.targets.has(name)) return undefined;
    return this.running.has(name) ? 'active' : 'standby';
  }

  /**
   * Resolves once the named subscription (or every one this process's roles include) has processed
   * `position`: here when this node is active, by its stored checkpoint when another node is.
   */
  async waitFor(position: number, name?: string, timeoutMs = 10_000): Promise<void> {
    const names = name ? [name].filter((n) => this.targets.has(n)) : [...this.targets.keys()];
    await Promise.all(
      names.map(async (n) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const active = this.running.get(n);
          if (active) return active.waitFor(position, Math.max(1, deadline - Date.now()));
          const checkpoint = await this.store.getCheckpoint(n);
          if (checkpoint > 0 && (await this.store.isCovered(position, checkpoint))) return;
          if (Date.now() > deadline) throw new Error(`subscription ${n} did not reach position ${position} (stored checkpoint ${checkpoint})`);
          await new Promise((r) => setTimeout(r, 25));
        }
      }),
    );
  }

  /** Each subscription of this process with the last global position it has processed (0 on standby) and whether it is active here. */
  status(): { name: string; position: number; consumer: ConsumerState }[] {
    return [...this.targets.keys()].map((name) => ({ name, position: this.running.get(name)?.processedPosition ?? 0, consumer: this.consumerState(name)! }));
  }

  /** The projections the feature modules registered, whether this process runs them or not. */
  registeredProjections(): readonly Projection[] {
    return this.projections;
  }

  /**
   * How far behind the log each running subscription is: `lag` is the head position minus the
   * position it has processed (positions can have gaps, so it is an upper bound on events behind);
   * `checkpoint` is the position stored for it, which may trail a projection passing over events.
   */
  async lag(): Promise<SubscriptionLag[]> {
    const head = await this.store.headPosition();
    return Promise.all(
      [...this.targets.entries()].map(async ([name, target]) => {
        const checkpoint = await this.store.getCheckpoint(name);
        const active = this.running.get(name);
        // On standby the stored checkpoint is where the active node stands.
        const position = active ? active.processedPosition : checkpoint;
        return { name, kind: target.kind, position, checkpoint, head, lag: Math.max(0, head - position), consumer: active ? ('active' as const) : ('standby' as const) };
      }),
    );
  }

  /** Stops consuming, then gives the locks up (another node takes over within takeoverIntervalMs). */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.timer);
    await this.electing;
    await Promise.all([...this.running.values()].map((s) => s.stop()));
    this.running.clear();
    const locks = this.locks;
    this.locks = undefined;
    await locks?.close();
  }
}
