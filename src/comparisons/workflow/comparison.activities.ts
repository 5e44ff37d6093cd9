import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplicationFailure } from '@temporalio/common';
import type { ComparisonActivities, ComparisonStepInput } from '../../../workflows/comparison.contract.js';
import { Metrics } from '../../operations/metrics.js';
import { DomainError } from '../../shared/domain-error.js';
import { ActOnComparisonCommand } from '../commands/act-on-comparison.command.js';
import type { ComparisonCommand } from '../domain/comparison.js';

/**
 * The activities of the comparison workflow: each sends a command through the same CommandBus as the
 * HTTP API, decided as of the time the workflow's timer fired, so a step taken by the engine is
 * checked by the same rules (the decider refuses it before its limit) and recorded the same way.
 */
@Injectable()
export class ComparisonActivitiesService implements ComparisonActivities {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  sendLegReminder(input: ComparisonStepInput & { participant: string }): Promise<void> {
    return this.send(input, `leg-reminder-${input.participant}`, { type: 'SendLegReminder', comparisonId: input.comparisonId, participant: input.participant });
  }

  recordLegOverdue(input: ComparisonStepInput & { participant: string }): Promise<void> {
    return this.send(input, `leg-overdue-${input.participant}`, { type: 'RecordLegOverdue', comparisonId: input.comparisonId, participant: input.participant });
  }

  remindStabilityCheck(input: ComparisonStepInput & { afterLeg: string }): Promise<void> {
    return this.send(input, `stability-check-reminder-${input.afterLeg}`, { type: 'RemindStabilityCheck', comparisonId: input.comparisonId, afterLeg: input.afterLeg });
  }

  closeDraftAReview(input: ComparisonStepInput): Promise<void> {
    return this.send(input, 'draft-a-review-closed', { type: 'CloseDraftAReview', comparisonId: input.comparisonId });
  }

  recordFollowUpOverdue(input: ComparisonStepInput & { lab: string }): Promise<void> {
    return this.send(input, `follow-up-overdue-${input.lab}`, { type: 'RecordFollowUpOverdue', comparisonId: input.comparisonId, lab: input.lab });
  }

  private async send(input: ComparisonStepInput, step: string, command: ComparisonCommand): Promise<void> {
    try {
      await this.commandBus.execute(
        new ActOnComparisonCommand(
          command,
          {
            // Stable per timer: a retried activity records the step once.
            commandId: `${input.workflowId}:${step}:${input.causationEventId}`,
            actorId: 'system:comparison-workflow',
            role: 'system',
            correlationId: input.correlationId,
            causationId: input.causationEventId,
            workflowId: input.workflowId,
          },
          new Date(input.asOf),
        ),
      );
    } catch (error) {
      // A refusal by the rules will not change on retry; anything else (store down) is retried.
      if (error instanceof DomainError) throw ApplicationFailure.nonRetryable(error.message, error.code);
      throw error;
    }
  }

  /** The activity functions, bound for registration with a Temporal worker, each timed (metrology_workflow_step_seconds). */
  bound(): ComparisonActivities {
    return this.metrics.timeActivities({
      sendLegReminder: this.sendLegReminder.bind(this),
      recordLegOverdue: this.recordLegOverdue.bind(this),
      remindStabilityCheck: this.remindStabilityCheck.bind(this),
      closeDraftAReview: this.closeDraftAReview.bind(this),
      recordFollowUpOverdue: this.recordFollowUpOverdue.bind(this),
    });
  }
}
