import type { AssessmentEvent } from '../../../events/assessment.events.js';
import type { CertificateEvent } from '../../../events/certificate.events.js';
import { executeOnStream, type Folding } from '../../event-store/event-sourced-command.js';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port.js';
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

const asDomainEvent = (e: RecordedEvent) => ({ type: e.type, data: e.data }) as AssessmentEvent | CertificateEvent;

/** The certificate as issued by its case (NONE when the case issued none). */
async function issuedBy(store: EventStore, caseId: string): Promise<CertificateState> {
  const caseEvents = await store.readStream(assessmentStreamId(caseId));
  return caseEvents.map(asDomainEvent).reduce(evolveCertificate, initialCertificateState);
}

/** The certificate issued by a case, as it stands now: the case's events, then the certificate's own. */
export async function loadCertificate(store: EventStore, caseId: string): Promise<CertificateState> {
  const issued = await issuedBy(store, caseId);
  if (issued.status === 'NONE') return issued;
  const own = await store.readStream(certificateStreamId(caseId));
  return own.map(asDomainEvent).reduce(evolveCertificate, issued);
}

export interface CertificateCommandOutcome {
  alreadyRecorded: boolean;
  events: RecordedEvent[];
  /** The certificate after the command. */
  state: CertificateState;
}

/**
 * Runs a certificate command: the certificate's state starts from the case's events (where it was
 * issued) and continues with the certificate's own stream, where the decided events are appended
 * (once per command id). With `onBehalfOfInstitution`, a certificate of another holder answers as
 * absent, so that its existence does not leak.
 */
export async function executeCertificateCommand(
  store: EventStore,
  command: CertificateCommand,
  asOf: Date,
  context: CommandContext,
  policy: AssessmentPolicy,
  onBehalfOfInstitution?: string,
): Promise<CertificateCommandOutcome> {
  const issued = await issuedBy(store, command.caseId);
  if (issued.status === 'NONE' || (onBehalfOfInstitution !== undefined && issued.institutionId !== onBehalfOfInstitution)) {
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
  return { alreadyRecorded: outcome.alreadyRecorded, events: outcome.events, state: await loadCertificate(store, command.caseId) };
}
