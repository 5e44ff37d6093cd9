import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AssessmentEvent } from '../../../events/assessment.events.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { assessmentStreamId } from '../domain/assessment-case.js';
import { evolveRenewingCase, type RenewingCase } from '../domain/certificate.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { executeCertificateCommand } from './certificate-command.js';
import { RecordRenewalCommand } from './record-renewal.command.js';

@CommandHandler(RecordRenewalCommand)
export class RecordRenewalHandler implements ICommandHandler<RecordRenewalCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  async execute(command: RecordRenewalCommand): Promise<{ alreadyRecorded: boolean }> {
    const policy = await casePolicy(this.store, this.policies, command.caseId);
    if (!policy) throw new NotFoundError({ en: `No assessment case ${command.caseId}.`, 'zh-CN': `不存在考核案件 ${command.caseId}。` });
    // What the renewing case is comes from its own recorded events.
    const renewingEvents = await this.store.readStream(assessmentStreamId(command.renewingCaseId));
    const renewal = renewingEvents.reduce<RenewingCase>((s, e) => evolveRenewingCase(s, { type: e.type, data: e.data } as AssessmentEvent), { caseId: command.renewingCaseId });
    const { alreadyRecorded } = await executeCertificateCommand(this.store, { type: 'RecordRenewal', caseId: command.caseId, renewal }, command.asOf, command.context, policy);
    return { alreadyRecorded };
  }
}
