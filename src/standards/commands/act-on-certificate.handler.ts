import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { casePolicy } from '../policy/case-policy.js';
import { ASSESSMENT_POLICIES, type PolicyRegistry } from '../policy/policy-registry.js';
import { ActOnCertificateCommand, type CertificateStepResult } from './act-on-certificate.command.js';
import { executeCertificateCommand } from './certificate-command.js';

/** Load the certificate (under the policy of the case that issued it), decide the step, append. */
@CommandHandler(ActOnCertificateCommand)
export class ActOnCertificateHandler implements ICommandHandler<ActOnCertificateCommand, CertificateStepResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
  ) {}

  async execute({ step, context, onBehalfOfInstitution }: ActOnCertificateCommand): Promise<CertificateStepResult> {
    const policy = await casePolicy(this.store, this.policies, step.caseId);
    if (!policy) throw new NotFoundError({ en: `No certificate was issued by case ${step.caseId}.`, 'zh-CN': `案件 ${step.caseId} 未签发证书。` });
    const outcome = await executeCertificateCommand(this.store, step, this.clock.now(), context, policy, onBehalfOfInstitution);
    return {
      caseId: step.caseId,
      certificateNo: outcome.state.certificateNo!,
      status: outcome.state.status,
      recorded: outcome.events.map((e) => ({ type: e.type, globalPosition: e.globalPosition })),
      alreadyRecorded: outcome.alreadyRecorded,
    };
  }
}
