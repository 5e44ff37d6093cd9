import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { ComparisonActivities, ComparisonStepInput } from '../../../workflows/comparison.contract.js';
import { Metrics } from '../../operations/metrics.js';
import { sendTimerCommand, timerCommandContext } from '../../temporal/timer-command.js';
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

  private send(input: ComparisonStepInput, step: string, command: ComparisonCommand): Promise<void> {
    return sendTimerCommand(this.commandBus, new ActOnComparisonCommand(command, timerCommandContext(input, step, 'system:comparison-workflow'), new Date(input.asOf)));
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
