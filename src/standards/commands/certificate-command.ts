import type { AssessmentEvent } from '../../../events/assessment.events.js';
import type { CertificateEvent } from '../../../events/certificate.events.js';
import { executeOnStream, type Folding } from '../../event-store/event-sourced-command.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import type { CommandContext } from '../../shared/command-context.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { assessmentStreamId } from '../domain/assessment-case.js';
import type { AssessmentPolicy } from '../domain/assessment-policy.js';
import {
  certificateStreamId,
  decideCertificate,
  evolveCertificate,
  initialCertificateState,
  type CertificateCommand,
  type CertificateState,
} from '../domain/certificate.js';

/**
 * Runs a certificate command: the certificate's state starts from the case's events (where it was
 * issued) and continues with the certificate's own stream, where the decided events are appended
 * (once per command id).
 */
export async function executeCertificateCommand(
  store: EventStore,
  command: CertificateCommand,
  asOf: Date,
  context: CommandContext,
  policy: AssessmentPolicy,
): Promise<{ alreadyRecorded: boolean }> {
  const caseEvents = await store.readStream(assessmentStreamId(command.caseId));
  const issued = caseEvents.reduce((s, e) => evolveCertificate(s, { type: e.type, data: e.data } as AssessmentEvent), initialCertificateState);
  if (issued.status === 'NONE') {
    throw new NotFoundError({ en: `No certificate was issued by case ${command.caseId}.`, 'zh-CN': `案件 ${command.caseId} 未签发证书。` });
  }
  const folding: Folding<CertificateState, CertificateEvent> = { initial: issued, evolve: evolveCertificate };
  const outcome = await executeOnStream(
    store,
    certificateStreamId(command.caseId),
    folding,
    context,
    (state) => decideCertificate(command, state, { now: asOf, policy }),
    policy.version,
  );
  return { alreadyRecorded: outcome.alreadyRecorded };
}
