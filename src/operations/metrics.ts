import { HttpException, Injectable } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { ApplicationFailure } from '@temporalio/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from '../event-store/errors.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { SubscriptionLag } from '../event-store/subscription-runner.js';
import { DomainError, NotFoundError } from '../shared/domain-error.js';
import { logContext } from './json-logger.js';

/** How a command ended: done (or already done), refused by a rule or as malformed, lost a race, or failed. */
export type CommandOutcome = 'ok' | 'refused' | 'conflict' | 'error';

export function commandOutcome(error: unknown): CommandOutcome {
  if (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyConflictError) return 'conflict';
  if (error instanceof DomainError || error instanceof NotFoundError || error instanceof InvalidEventError) return 'refused';
  if (error instanceof HttpException && error.getStatus() < 500) return 'refused';
  return 'error';
}

const seconds = (startedNs: bigint) => Number(process.hrtime.bigint() - startedNs) / 1e9;

/**
 * The process's Prometheus metrics (GET /metrics on the API, WORKER_METRICS_PORT on the worker),
 * in a registry of its own so that several applications in one process (the tests) do not mix.
 * Names are prefixed `metrology_`; durations are in seconds, as Prometheus expects.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'metrology_commands_total',
    help: 'Commands executed through the command bus, by command class, step type (for commands that carry one) and outcome (ok, refused, conflict, error)',
    labelNames: ['command', 'step', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly appendSeconds = new Histogram({
    name: 'metrology_event_store_append_seconds',
    help: 'Latency of event store appends, by adapter and outcome',
    labelNames: ['adapter', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly workflowStepSeconds = new Histogram({
    name: 'metrology_workflow_step_seconds',
    help: 'Latency of Temporal activities (workflow steps that send a command), by activity and outcome (ok, refused, error)',
    labelNames: ['activity', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly httpSeconds = new Histogram({
    name: 'metrology_http_request_duration_seconds',
    help: 'HTTP request latency, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private lagSource?: () => Promise<SubscriptionLag[]>;

  constructor() {
    const lagGauge = (name: string, help: string, label: 'projection' | 'reactor', value: (l: SubscriptionLag) => number) => {
      const source = () => this.lagSource;
      const gauge: Gauge<typeof label> = new Gauge({
        name,
        help,
        labelNames: [label],
        registers: [this.registry],
        // Computed on scrape from the running subscriptions: no timer, nothing stale.
        async collect() {
          gauge.reset();
          const lags = (await source()?.()) ?? [];
          for (const l of lags.filter((l) => l.kind === label)) gauge.set({ [label]: l.name }, value(l));
        },
      });
    };
    lagGauge('metrology_projection_lag_events', 'Positions the projection is behind the head of the log', 'projection', (l) => l.lag);
    lagGauge('metrology_projection_checkpoint', 'Global position of the projection\'s stored checkpoint', 'projection', (l) => l.checkpoint);
    lagGauge('metrology_reactor_lag_events', 'Positions the reactor (the bridge to Temporal) is behind the head of the log', 'reactor', (l) => l.lag);
  }

  /** Process metrics (CPU, memory, event loop lag, GC), for the long-running processes only. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'metrology_' });
  }

  /** Where the lag gauges read from (the process's SubscriptionRunner). */
  observeSubscriptions(source: () => Promise<SubscriptionLag[]>): void {
    this.lagSource = source;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The store with its appends timed; every other member is the store's own. */
  instrumentStore(store: EventStore): EventStore {
    const histogram = this.appendSeconds;
    const append: EventStore['append'] = async (streamId, events, expected) => {
      const started = process.hrtime.bigint();
      let outcome: CommandOutcome = 'error';
      try {
        const result = await store.append(streamId, events, expected);
        outcome = 'ok';
        return result;
      } catch (error) {
        outcome = commandOutcome(error);
        throw error;
      } finally {
        histogram.observe({ adapter: store.kind, outcome }, seconds(started));
      }
    };
    return new Proxy(store, {
      get(target, property) {
        if (property === 'append') return append;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  /**
   * Counts every command by wrapping the bus's execute: the one place that every command, from
   * HTTP or from a workflow activity, passes through.
   */
  instrumentCommandBus(bus: CommandBus): void {
    const execute = bus.execute.bind(bus) as (command: object, ...rest: unknown[]) => Promise<unknown>;
    const counter = this.commands;
    const wrapped = async (command: object, ...rest: unknown[]) => {
      const labels = { command: command.constructor.name, step: stepOf(command) };
      try {
        const result = await execute(command, ...rest);
        counter.inc({ ...labels, outcome: 'ok' });
        return result;
      } catch (error) {
        counter.inc({ ...labels, outcome: commandOutcome(error) });
        throw error;
      }
    };
    (bus as unknown as { execute: typeof wrapped }).execute = wrapped;
  }

  /** The activity functions, each timed under its own name (for registration with a Temporal worker). */
  timeActivities<T extends object>(activities: T): T {
    const histogram = this.workflowStepSeconds;
    const timed: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(activities)) {
      if (typeof fn !== 'function') {
        timed[name] = fn;
        continue;
      }
      timed[name] = async (...args: unknown[]) => {
        const started = process.hrtime.bigint();
        let outcome = 'error';
        try {
          // The step's log lines carry the case's correlation id, as a request's carry the request's.
          const correlationId = (args[0] as { correlationId?: unknown } | undefined)?.correlationId;
          const call = () => (fn as (...a: unknown[]) => Promise<unknown>)(...args);
          const result = await (typeof correlationId === 'string' ? logContext.run({ correlationId }, call) : call());
          outcome = 'ok';
          return result;
        } catch (error) {
          outcome = error instanceof ApplicationFailure && error.nonRetryable ? 'refused' : 'error';
          throw error;
        } finally {
          histogram.observe({ activity: name, outcome }, seconds(started));
        }
      };
    }
    return timed as T;
  }

  observeHttp(method: string, route: string, status: number, durationSeconds: number): void {
    this.httpSeconds.observe({ method, route, status: String(status) }, durationSeconds);
  }
}

/** The step a command carries (`step.type` or `command.type`), so that one command class's steps are told apart. */
function stepOf(command: object): string {
  const c = command as { step?: { type?: unknown }; command?: { type?: unknown } };
  const type = c.step?.type ?? c.command?.type;
  return typeof type === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(type) ? type : '';
}
