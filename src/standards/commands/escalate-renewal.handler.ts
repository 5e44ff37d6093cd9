import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { executeCertificateCommand } from './certificate-command.js';
import { EscalateRenewalCommand } from './escalate-renewal.command.js';

@CommandHandler(EscalateRenewalCommand)
export class EscalateRenewalHandler implements ICommandHandler<EscalateRenewalCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  async execute(command: EscalateRenewalCommand): Promise<{ alreadyRecorded: boolean }> {
    const policy = await casePolicy(this.store, this.policies, command.caseId);
    if (!policy) throw new NotFoundError({ en: `No assessment case ${command.caseId}.`, 'zh-CN': `不存在考核案件 ${command.caseId}。` });
    const { alreadyRecorded } = await executeCertificateCommand(this.store, { type: 'EscalateRenewal', caseId: command.caseId }, command.asOf, command.context, policy);
    return { alreadyRecorded };
  }
}
