import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApplicationFailure } from '@temporalio/common';
import type { SpecificationActivities, SpecificationStepInput, SpecificationTimerStep } from '../../../workflows/specification.contract.js';
import { Metrics } from '../../operations/metrics.js';
import { DomainError } from '../../shared/domain-error.js';
import { ActOnSpecificationCommand } from '../commands/act-on-specification.command.js';
import type { SpecificationProjectCommand } from '../domain/specification-project.js';

const COMMANDS: Record<SpecificationTimerStep, SpecificationProjectCommand['type']> = {
  PUBLIC_NOTICE_END: 'RecordPublicNoticeEnded',
  COMMENT_PERIOD_CLOSE: 'CloseCommentPeriod',
  PROJECT_LIMIT_REMINDER: 'SendProjectLimitReminder',
  PROJECT_OVERDUE: 'RecordProjectOverdue',
  REVIEW_MEETING_DUE: 'SendReviewMeetingReminder',
  PERIODIC_REVIEW: 'StartPeriodicReview',
};

/**
 * The activity of the specification project workflow: it sends the step's command through the same
 * CommandBus as the HTTP API, decided as of the time the workflow's timer fired, so a step taken by
 * the engine is checked by the same rules (refused before its moment) and recorded the same way.
 */
@Injectable()
export class SpecificationActivitiesService implements SpecificationActivities {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  async takeSpecificationStep(input: SpecificationStepInput): Promise<void> {
    const step = { type: COMMANDS[input.step], projectId: input.projectId } as SpecificationProjectCommand;
    try {
      await this.commandBus.execute(
        new ActOnSpecificationCommand(
          step,
          {
            // Stable per moment: a retried activity records the step once.
            commandId: `${input.workflowId}:${input.step}:${input.on}`,
            actorId: 'system:specification-workflow',
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

  /** The activity functions, bound for registration with a Temporal worker. */
  bound(): SpecificationActivities {
    return this.metrics.timeActivities({ takeSpecificationStep: this.takeSpecificationStep.bind(this) });
  }
}
