import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { SpecificationActivities, SpecificationStepInput, SpecificationTimerStep } from '../../../workflows/specification.contract.js';
import { Metrics } from '../../operations/metrics.js';
import { sendTimerCommand, timerCommandContext } from '../../temporal/timer-command.js';
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

  takeSpecificationStep(input: SpecificationStepInput): Promise<void> {
    const step = { type: COMMANDS[input.step], projectId: input.projectId } as SpecificationProjectCommand;
    const context = timerCommandContext(input, `${input.step}:${input.on}`, 'system:specification-workflow');
    return sendTimerCommand(this.commandBus, new ActOnSpecificationCommand(step, context, new Date(input.asOf)));
  }

  /** The activity functions, bound for registration with a Temporal worker. */
  bound(): SpecificationActivities {
    return this.metrics.timeActivities({ takeSpecificationStep: this.takeSpecificationStep.bind(this) });
  }
}
