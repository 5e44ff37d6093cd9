import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { executeCertificateCommand } from './certificate-command.js';
import { ExpireCertificateCommand } from './expire-certificate.command.js';

@CommandHandler(ExpireCertificateCommand)
export class ExpireCertificateHandler implements ICommandHandler<ExpireCertificateCommand, { alreadyRecorded: boolean }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  async execute(command: ExpireCertificateCommand): Promise<{ alreadyRecorded: boolean }> {
    const policy = await casePolicy(this.store, this.policies, command.caseId);
    if (!policy) throw new NotFoundError({ en: `No assessment case ${command.caseId}.`, 'zh-CN': `不存在考核案件 ${command.caseId}。` });
    return executeCertificateCommand(this.store, { type: 'ExpireCertificate', caseId: command.caseId }, command.asOf, command.context, policy);
  }
}
