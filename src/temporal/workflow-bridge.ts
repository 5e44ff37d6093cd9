import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { Reactor } from '../event-store/subscription.js';
import { TEMPORAL_CLIENT } from './temporal.tokens.js';

/** Where an event must go: the workflow that remembers its case's time. */
export interface WorkflowTarget {
  workflowType: string;
  workflowId: string;
  args: unknown[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route's signal has its own argument type
  signal: SignalDefinition<any[]>;
  signalArgs: unknown[];
  /**
   * Only signal a running workflow, never start one (`args` unused): for events about something
   * whose workflow an earlier event started. A workflow that has ended, or never ran, is skipped.
   */
  signalOnly?: boolean;
}

/** Routes may read the store (e.g. to find the workflow of a certificate lineage), hence a promise. */
export type WorkflowRoute = (event: RecordedEvent) => WorkflowTarget | undefined | Promise<WorkflowTarget | undefined>;

/** A recorded event as workflows receive it in their event signal (the same shape for every workflow). */
export function eventSignal(event: RecordedEvent) {
  return { eventId: event.id, type: event.type, globalPosition: event.globalPosition, correlationId: event.metadata.correlationId, data: event.data };
}

/**
 * The event-to-workflow bridge: a checkpointed subscription (at least once) that delivers each
 * case event to its workflow with signal-with-start, so the first event starts the workflow and
 * every later one signals it. Workflows ignore events they have already seen, so a redelivery
 * after a crash doubles nothing.
 */
@Injectable()
export class WorkflowBridge implements Reactor {
  readonly name = 'bridge:temporal-workflows';
  private readonly routes: WorkflowRoute[] = [];

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  addRoute(route: WorkflowRoute): void {
    this.routes.push(route);
  }

  async handle(event: RecordedEvent): Promise<void> {
    for (const route of this.routes) {
      const target = await route(event);
      if (!target) continue;
      if (target.signalOnly) {
        try {
          await this.client.workflow.getHandle(target.workflowId).signal(target.signal, ...target.signalArgs);
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) continue; // ended, or never started
          throw error;
        }
        continue;
      }
      try {
        await this.client.workflow.signalWithStart(target.workflowType, {
          taskQueue: this.config.temporalTaskQueue,
          workflowId: target.workflowId,
          args: target.args,
          signal: target.signal,
          signalArgs: target.signalArgs,
          // A case has one workflow for life: an event redelivered after it closed must not start another.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) continue; // the case's workflow has finished
        throw error;
      }
    }
  }
}
