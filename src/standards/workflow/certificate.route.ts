import { AssessmentEventTypes, type ApplicationSubmittedV1, type CaseDecidedV1 } from '../../../events/assessment.events.js';
import { CertificateEventTypes } from '../../../events/certificate.events.js';
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port.js';
import { eventSignal, type WorkflowTarget } from '../../temporal/workflow-bridge.js';
import {
  CERTIFICATE_WORKFLOW,
  certificateEventSignal,
  certificateRenewalSignal,
  certificateWorkflowId,
  type CertificateEventSignal,
  type CertificateRenewalSignal,
  type CertificateWorkflowInput,
} from '../../../workflows/certificate.contract.js';
import type { PolicyRegistry } from '../policy/policy-registry.js';
import { certificateSchedule } from '../domain/certificate.js';
import { lineageRootCaseId, renewsCaseIdOf } from './certificate-lineage.js';

/**
 * The certificate events a lineage's workflow acts on; those it records itself (reminder,
 * escalation, renewal) or that change no time (a change filed) are not sent, to keep its history small.
 */
const LINEAGE_EVENTS = new Set<string>([CertificateEventTypes.Sealed, CertificateEventTypes.Revoked, CertificateEventTypes.Cancelled, CertificateEventTypes.Expired]);

/**
 * Which certificate workflow an event concerns. One workflow looks after a certificate lineage:
 * - an approval that renews nothing issues a first certificate: it starts the lineage's workflow,
 *   with the schedule under the policy version the case recorded;
 * - an approval of a re-examination signals the renewed certificate's lineage instead, with the new
 *   certificate's schedule, so that the workflow records the renewal and continues as new;
 * - a re-examination's submission, refusal or failure, and the certificate events that end or seal a
 *   certificate, are signalled to the lineage's running workflow (never starting one).
 */
export const certificateRoute =
  (policies: PolicyRegistry, store: EventStore) =>
  async (event: RecordedEvent): Promise<WorkflowTarget | undefined> => {
    const signal: CertificateEventSignal = eventSignal(event);
    const toLineage = async (caseId: string): Promise<WorkflowTarget> => ({
      workflowType: CERTIFICATE_WORKFLOW,
      workflowId: certificateWorkflowId(await lineageRootCaseId(store, caseId)),
      args: [],
      signal: certificateEventSignal,
      signalArgs: [signal],
      signalOnly: true,
    });
    if (LINEAGE_EVENTS.has(event.type)) return toLineage((event.data as { caseId: string }).caseId);
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted: {
        const renews = (event.data as ApplicationSubmittedV1).renewsCaseId;
        return renews ? toLineage(renews) : undefined;
      }
      case AssessmentEventTypes.RectificationDeadlineMissed: {
        const renews = await renewsCaseIdOf(store, (event.data as { caseId: string }).caseId);
        return renews ? toLineage(renews) : undefined;
      }
      case AssessmentEventTypes.CaseDecided: {
        const decided = event.data as CaseDecidedV1;
        const renews = await renewsCaseIdOf(store, decided.caseId);
        if (decided.decision !== 'APPROVED' || !decided.certificate) return renews ? toLineage(renews) : undefined;
        const { certificateNo, validUntil } = decided.certificate;
        const input: CertificateWorkflowInput = {
          caseId: decided.caseId,
          certificateNo,
          validUntil,
          ...certificateSchedule(validUntil, policies.byVersion(event.metadata.policyVersion ?? '')),
          issuedByEventId: event.id,
          correlationId: event.metadata.correlationId,
        };
        if (!renews) {
          return { workflowType: CERTIFICATE_WORKFLOW, workflowId: certificateWorkflowId(decided.caseId), args: [input], signal: certificateEventSignal, signalArgs: [signal] };
        }
        const renewal: CertificateRenewalSignal = { event: signal, renewsCaseId: renews, next: input };
        // With signal-with-start: should the lineage's workflow never have run, the new certificate still gets one.
        return {
          workflowType: CERTIFICATE_WORKFLOW,
          workflowId: certificateWorkflowId(await lineageRootCaseId(store, renews)),
          args: [input],
          signal: certificateRenewalSignal,
          signalArgs: [renewal],
        };
      }
      default:
        return undefined;
    }
  };
