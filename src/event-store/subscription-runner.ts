import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from './event-store.port.js';
import { CatchUpSubscription, type Projection, type Reactor } from './subscription.js';

/** Which long-running consumers this process runs (the API runs projections, the worker the bridge). */
export interface ProcessRoles {
  projections: boolean;
  bridge: boolean;
}

export const PROCESS_ROLES = Symbol('ProcessRoles');

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
}

/**
 * Reactors (the bridge to Temporal) handle up to this many streams of a batch at once, each
 * stream's events in order: one slow round trip to Temporal no longer holds up every other case.
 */
const REACTOR_CONCURRENCY = 16;

/**
 * Feature modules register their projections and reactors here during module init; the runner
 * starts a checkpointed catch-up subscription for each once the application has bootstrapped.
 */
@Injectable()
export class SubscriptionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('subscriptions');
  private readonly projections: Projection[] = [];
  private readonly reactors: Reactor[] = [];
  private readonly running = new Map<string, CatchUpSubscription>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROCESS_ROLES) private readonly roles: ProcessRoles,
  ) {}

  registerProjection(projection: Projection): void {
    this.projections.push(projection);
  }

  registerReactor(reactor: Reactor): void {
    this.reactors.push(reactor);
  }

  onApplicationBootstrap(): void {
    const targets = [
      ...(this.roles.projections ? this.projections.map((projection) => ({ kind: 'projection' as const, projection })) : []),
      ...(this.roles.bridge ? this.reactors.map((reactor) => ({ kind: 'reactor' as const, reactor })) : []),
    ];
    for (const target of targets) {
      const subscription = new CatchUpSubscription(this.store, target, {
        concurrency: target.kind === 'reactor' ? REACTOR_CONCURRENCY : 1,
        onError: (error, event) =>
          this.logger.warn(`${subscription.name} failed at position ${event?.globalPosition ?? '?'} (${event?.type ?? 'read'}); retrying: ${(error as Error).message}`),
      });
      this.running.set(subscription.name, subscription);
      subscription.start();
    }
  }

  /** Resolves once the named subscription (or every running one) has processed `position`. */
  async waitFor(position: number, name?: string, timeoutMs?: number): Promise<void> {
    const subs = name ? [this.running.get(name)].filter((s): s is CatchUpSubscription => !!s) : [...this.running.values()];
    await Promise.all(subs.map((s) => s.waitFor(position, timeoutMs)));
  }

  /** Each running subscription with the last global position it has processed. */
  status(): { name: string; position: number }[] {
    return [...this.running.values()].map((s) => ({ name: s.name, position: s.processedPosition }));
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
      [...this.running.values()].map(async (s) => ({
        name: s.name,
        kind: s.kind,
        position: s.processedPosition,
        checkpoint: await this.store.getCheckpoint(s.name),
        head,
        lag: Math.max(0, head - s.processedPosition),
      })),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.running.values()].map((s) => s.stop()));
    this.running.clear();
  }
}
