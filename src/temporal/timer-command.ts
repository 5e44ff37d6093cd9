import type { CommandBus, ICommand } from '@nestjs/cqrs';
import { ApplicationFailure } from '@temporalio/common';
import type { CommandContext } from '../shared/command-context.js';
import { DomainError } from '../shared/domain-error.js';

/** Where a workflow's timer step comes from: the workflow, and the recorded event whose moment came. */
export interface TimerStepOrigin {
  workflowId: string;
  correlationId: string;
  causationEventId: string;
}

/**
 * The context of a command a workflow's timer sends, recorded as the system actor with the workflow
 * id and the event that set the moment as causation. The command id is stable per step, so a retried
 * activity records the step once.
 */
export function timerCommandContext(origin: TimerStepOrigin, step: string, actorId: string): CommandContext {
  return {
    commandId: `${origin.workflowId}:${step}:${origin.causationEventId}`,
    actorId,
    role: 'system',
    correlationId: origin.correlationId,
    causationId: origin.causationEventId,
    workflowId: origin.workflowId,
  };
}

/**
 * Sends a timer step's command through the application's CommandBus, as an activity. A refusal by
 * the rules will not change on retry, so it fails the activity for good; anything else (the store
 * down) is thrown as is, and Temporal retries it.
 */
export async function sendTimerCommand(commandBus: CommandBus, command: ICommand): Promise<void> {
  try {
    await commandBus.execute(command);
  } catch (error) {
    if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.code);
    throw error;
  }
}
