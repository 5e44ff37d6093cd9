import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WORKING_DAY_CALENDAR } from '../../calendar/calendar.tokens.js';
import type { WorkingDayCalendar } from '../../calendar/working-days.js';
import { executeOnStream } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { assessmentStreamId, decideAssessment } from '../domain/assessment-case.js';
import { assessmentCaseFolding } from '../domain/assessment-case.folding.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { DeemApplicationAcceptedCommand } from './deem-application-accepted.command.js';

@CommandHandler(DeemApplicationAcceptedCommand)
export class DeemApplicationAcceptedHandler implements ICommandHandler<DeemApplicationAcceptedCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(WORKING_DAY_CALENDAR) private readonly calendar: WorkingDayCalendar,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  async execute(command: DeemApplicationAcceptedCommand): Promise<{ alreadyRecorded: boolean }> {
    const policy = await casePolicy(this.store, this.policies, command.caseId);
    if (!policy) throw new NotFoundError({ en: `No assessment case ${command.caseId}.`, 'zh-CN': `不存在考核案件 ${command.caseId}。` });
    const outcome = await executeOnStream(
      this.store,
      assessmentStreamId(command.caseId),
      assessmentCaseFolding,
      command.context,
      (state) => {
        if (state.status === 'NONE') throw new NotFoundError({ en: `No assessment case ${command.caseId}.`, 'zh-CN': `不存在考核案件 ${command.caseId}。` });
        return decideAssessment({ type: 'DeemApplicationAccepted', caseId: command.caseId }, state, { now: command.asOf, calendar: this.calendar, policy });
      },
      policy.version,
    );
    return { alreadyRecorded: outcome.alreadyRecorded };
  }
}
