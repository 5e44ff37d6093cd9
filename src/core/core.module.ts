import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { createEventStore } from '../event-store/create-event-store.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PROCESS_ROLES, SubscriptionRunner, type ProcessRoles } from '../event-store/subscription-runner.js';
import { configureConflictRetries } from '../event-store/event-sourced-command.js';
import { IdempotencyInterceptor } from '../http/idempotency.js';
import { ProblemDetailsFilter } from '../http/problem-details.filter.js';
import { AuthGuard } from '../identity/auth.guard.js';
import { CLOCK, systemClock, type Clock } from '../shared/clock.js';
import { TemporalHealth } from '../temporal/temporal-health.js';
import { TEMPORAL_CLIENT } from '../temporal/temporal.tokens.js';
import { WorkflowBridge } from '../temporal/workflow-bridge.js';
import { Metrics } from '../operations/metrics.js';

export interface CoreOptions {
  config: AppConfig;
  roles: ProcessRoles;
  /** A store the caller owns (tests); otherwise one is opened from EVENT_STORE_URL and closed on shutdown. */
  eventStore?: EventStore;
  /** A client the caller owns (tests); otherwise a lazy connection to TEMPORAL_ADDRESS. */
  temporalClient?: Client;
  clock?: Clock;
}

const OWNED = Symbol('OwnedResources');

/** Configuration, the event store, the clock, Temporal and the cross-cutting HTTP rules. */
@Global()
@Module({})
export class CoreModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(OWNED) private readonly owned: { store?: EventStore; temporal?: Connection },
    private readonly subscriptions: SubscriptionRunner,
    private readonly bridge: WorkflowBridge,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerReactor(this.bridge);
  }

  static forRoot(options: CoreOptions): DynamicModule {
    const owned: { store?: EventStore; temporal?: Connection } = {};
    configureConflictRetries({ retries: options.config.commandConflictRetries ?? 3 });
    return {
      module: CoreModule,
      providers: [
        { provide: OWNED, useValue: owned },
        { provide: APP_CONFIG, useValue: options.config },
        { provide: PROCESS_ROLES, useValue: options.roles },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        Metrics,
        {
          provide: EVENT_STORE,
          inject: [Metrics],
          // The application's store has its appends timed (metrology_event_store_append_seconds).
          useFactory: async (metrics: Metrics) => {
            if (options.eventStore) return metrics.instrumentStore(options.eventStore);
            owned.store = await createEventStore(options.config.eventStoreUrl);
            return metrics.instrumentStore(owned.store);
          },
        },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: () => {
            if (options.temporalClient) return options.temporalClient;
            // Lazy: the API starts and reports Temporal as down in /health instead of refusing to start.
            owned.temporal = Connection.lazy({ address: options.config.temporalAddress });
            return new Client({ connection: owned.temporal, namespace: options.config.temporalNamespace });
          },
        },
        SubscriptionRunner,
        WorkflowBridge,
        TemporalHealth,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [APP_CONFIG, PROCESS_ROLES, CLOCK, EVENT_STORE, TEMPORAL_CLIENT, SubscriptionRunner, WorkflowBridge, TemporalHealth, Metrics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.owned.temporal?.close();
    await this.owned.store?.close();
  }
}
