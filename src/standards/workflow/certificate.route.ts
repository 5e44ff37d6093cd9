import { AssessmentEventTypes, type CaseDecidedV1 } from '../../../events/assessment.events.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';
import { eventSignal, type WorkflowTarget } from '../../temporal/workflow-bridge.js';
import {
  CERTIFICATE_WORKFLOW,
  certificateEventSignal,
  certificateWorkflowId,
  type CertificateEventSignal,
  type CertificateWorkflowInput,
} from '../../../workflows/certificate.contract.js';
import type { PolicyRegistry } from '../policy/policy-registry.js';
import { certificateSchedule } from '../domain/certificate.js';

/**
 * An approval issues a certificate: it starts that certificate's workflow, with its schedule under
 * the policy version the case recorded.
 */
export const certificateRoute = (policies: PolicyRegistry) => (event: RecordedEvent): WorkflowTarget | undefined => {
  if (event.type !== AssessmentEventTypes.CaseDecided) return undefined;
  const decided = event.data as CaseDecidedV1;
  if (decided.decision !== 'APPROVED' || !decided.certificate) return undefined;
  const { certificateNo, validUntil } = decided.certificate;
  const input: CertificateWorkflowInput = {
    caseId: decided.caseId,
    certificateNo,
    validUntil,
    ...certificateSchedule(validUntil, policies.byVersion(event.metadata.policyVersion ?? '')),
    issuedByEventId: event.id,
    correlationId: event.metadata.correlationId,
  };
  const signal: CertificateEventSignal = eventSignal(event);
  return {
    workflowType: CERTIFICATE_WORKFLOW,
    workflowId: certificateWorkflowId(decided.caseId),
    args: [input],
    signal: certificateEventSignal,
    signalArgs: [signal],
  };
};
