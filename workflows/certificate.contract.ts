/**
 * The one module that defines the certificate workflow's signals, queries and activities, imported
 * by the client side (src/) and by the workflow itself. Keep it free of Node, Nest and database
 * imports: it is bundled into the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const CERTIFICATE_WORKFLOW = 'certificateWorkflow';

/** One certificate per approved case. */
export const certificateWorkflowId = (caseId: string): string => `certificate-${caseId}`;

/** The issued certificate and its schedule, computed by the domain code from the approval event. */
export interface CertificateWorkflowInput {
  caseId: string;
  certificateNo: string;
  /** Last valid day (YYYY-MM-DD). */
  validUntil: string;
  /** The day the re-examination falls due (YYYY-MM-DD). */
  renewalDueOn: string;
  /** Start of renewalDueOn, China time. */
  renewalDueAt: string;
  /** End of validUntil, China time. */
  expiresAt: string;
  /** The approval that issued the certificate: the cause of the workflow's steps. */
  issuedByEventId: string;
  correlationId: string;
}

/** A recorded event about the certificate, forwarded by the event-to-workflow bridge (at least once). */
export interface CertificateEventSignal {
  eventId: string;
  type: string;
  globalPosition: number;
  correlationId: string;
  data: unknown;
}

export type CertificatePhase = 'VALID' | 'MARKING_RENEWAL_DUE' | 'RENEWAL_DUE' | 'EXPIRING' | 'EXPIRED';

export interface CertificateWorkflowState {
  phase: CertificatePhase;
  renewalDueAt: string;
  expiresAt: string;
  eventsSeen: number;
}

export const certificateEventSignal = defineSignal<[CertificateEventSignal]>('certificateEvent');
export const certificateStateQuery = defineQuery<CertificateWorkflowState>('certificateState');

/** What a timer-driven step needs: the case, the workflow acting, and the event that caused it. */
export interface CertificateStepInput {
  caseId: string;
  workflowId: string;
  /** The workflow's time when the timer fired; the step is decided as of then. */
  asOf: string;
  correlationId: string;
  causationEventId: string;
}

/** Activities the workflow calls; each sends a command through the application's CommandBus. */
export interface CertificateActivities {
  markRenewalDue(input: CertificateStepInput): Promise<void>;
  expireCertificate(input: CertificateStepInput): Promise<void>;
}
