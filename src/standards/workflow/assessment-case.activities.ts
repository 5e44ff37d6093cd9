import { Injectable } from '@nestjs/common';
import { CommandBus, type Command } from '@nestjs/cqrs';
import type { DeadlineStep } from '../../../events/assessment.events.js';
import type { AssessmentCaseActivities, TimerStepInput } from '../../../workflows/assessment-case.contract.js';
import type { CertificateActivities, CertificateStepInput } from '../../../workflows/certificate.contract.js';
import type { CommandContext } from '../../shared/command-context.js';
import { Metrics } from '../../operations/metrics.js';
import { sendTimerCommand, timerCommandContext } from '../../temporal/timer-command.js';
import { ActOnAssessmentCaseCommand } from '../commands/act-on-case.command.js';
import { DeemApplicationAcceptedCommand } from '../commands/deem-application-accepted.command.js';
import { ExpireCertificateCommand } from '../commands/expire-certificate.command.js';
import { MarkRenewalDueCommand } from '../commands/mark-renewal-due.command.js';
import { EscalateRenewalCommand } from '../commands/escalate-renewal.command.js';
import { RecordRenewalCommand } from '../commands/record-renewal.command.js';

/**
 * The activities of the assessment case and certificate workflows: each sends a command through the
 * same CommandBus as the HTTP API, so a step taken by the engine is checked by the same rules and
 * recorded the same way.
 */
@Injectable()
export class AssessmentCaseActivitiesService implements AssessmentCaseActivities, CertificateActivities {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  deemApplicationAccepted(input: TimerStepInput): Promise<void> {
    return this.send(input, 'deem-application-accepted', (context) => new DeemApplicationAcceptedCommand(input.caseId, new Date(input.asOf), context));
  }

  recordRectificationMissed(input: TimerStepInput): Promise<void> {
    const step = { type: 'RecordRectificationMissed' as const, caseId: input.caseId };
    return this.send(input, 'rectification-missed', (context) => new ActOnAssessmentCaseCommand(step, context, undefined, new Date(input.asOf)));
  }

  sendDeadlineReminder(input: TimerStepInput & { step: DeadlineStep }): Promise<void> {
    const step = { type: 'SendDeadlineReminder' as const, caseId: input.caseId, step: input.step };
    return this.send(input, `reminder-${input.step.toLowerCase()}`, (context) => new ActOnAssessmentCaseCommand(step, context, undefined, new Date(input.asOf)));
  }

  recordDecisionOverdue(input: TimerStepInput): Promise<void> {
    const step = { type: 'RecordDecisionOverdue' as const, caseId: input.caseId };
    return this.send(input, 'decision-overdue', (context) => new ActOnAssessmentCaseCommand(step, context, undefined, new Date(input.asOf)));
  }

  markRenewalDue(input: CertificateStepInput): Promise<void> {
    return this.send(input, 'renewal-due', (context) => new MarkRenewalDueCommand(input.caseId, new Date(input.asOf), context), 'system:certificate-workflow');
  }

  expireCertificate(input: CertificateStepInput): Promise<void> {
    return this.send(input, 'expire', (context) => new ExpireCertificateCommand(input.caseId, new Date(input.asOf), context), 'system:certificate-workflow');
  }

  escalateRenewal(input: CertificateStepInput): Promise<void> {
    return this.send(input, 'renewal-escalated', (context) => new EscalateRenewalCommand(input.caseId, new Date(input.asOf), context), 'system:certificate-workflow');
  }

  recordRenewal(input: CertificateStepInput & { renewingCaseId: string }): Promise<void> {
    return this.send(
      input,
      'renewed',
      (context) => new RecordRenewalCommand(input.caseId, input.renewingCaseId, new Date(input.asOf), context),
      'system:certificate-workflow',
    );
  }

  private send(
    input: TimerStepInput | CertificateStepInput,
    step: string,
    command: (context: CommandContext) => Command<unknown>,
    actorId = 'system:assessment-workflow',
  ): Promise<void> {
    return sendTimerCommand(this.commandBus, command(timerCommandContext(input, step, actorId)));
  }

  /** The activity functions, bound for registration with a Temporal worker, each timed (metrology_workflow_step_seconds). */
  bound(): AssessmentCaseActivities & CertificateActivities {
    return this.metrics.timeActivities({
      deemApplicationAccepted: this.deemApplicationAccepted.bind(this),
      recordRectificationMissed: this.recordRectificationMissed.bind(this),
      sendDeadlineReminder: this.sendDeadlineReminder.bind(this),
      recordDecisionOverdue: this.recordDecisionOverdue.bind(this),
      markRenewalDue: this.markRenewalDue.bind(this),
      expireCertificate: this.expireCertificate.bind(this),
      escalateRenewal: this.escalateRenewal.bind(this),
      recordRenewal: this.recordRenewal.bind(this),
    });
  }
}
