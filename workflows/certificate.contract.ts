/**
 * The one module that defines the certificate workflow's signals, queries and activities, imported
 * by the client side (src/) and by the workflow itself. Keep it free of Node, Nest and database
 * imports: it is bundled into the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const CERTIFICATE_WORKFLOW = 'certificateWorkflow';

/**
 * One workflow per certificate lineage: named by the case that issued the first certificate. A
 * renewal continues the same workflow (continue-as-new) with the new certificate.
 */
export const certificateWorkflowId = (caseId: string): string => `certificate-${caseId}`;

/** The certificate the run looks after and its schedule, computed by the domain code from the approval event. */
export interface CertificateWorkflowInput {
  /** The case that issued the certificate this run looks after (the lineage's first case, or the latest renewal). */
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
  /** The day the authority is told if no re-examination was filed (YYYY-MM-DD); absent when the policy never escalates. */
  escalationDueOn?: string;
  /** Start of escalationDueOn, China time. */
  escalateAt?: string;
  /** The approval that issued the certificate: the cause of the workflow's steps. */
  issuedByEventId: string;
  correlationId: string;
  /** Events about this certificate that reached the previous run after it had learnt of the renewal. */
  backlog?: CertificateEventSignal[];
}

/** A recorded event about the certificate, forwarded by the event-to-workflow bridge (at least once). */
export interface CertificateEventSignal {
  eventId: string;
  type: string;
  globalPosition: number;
  correlationId: string;
  data: unknown;
}

/**
 * An approved re-examination renewed a certificate of the lineage: the approval event, the case
 * that issued the certificate it renews, and the new certificate's schedule (computed by the
 * domain code under the re-examination case's policy).
 */
export interface CertificateRenewalSignal {
  event: CertificateEventSignal;
  renewsCaseId: string;
  next: CertificateWorkflowInput;
}

export type CertificatePhase =
  | 'VALID'
  | 'MARKING_RENEWAL_DUE'
  | 'RENEWAL_DUE'
  | 'ESCALATING'
  | 'SEALED'
  | 'EXPIRING'
  /** The certificate ended (revoked, cancelled, expired) while a re-examination of it was still open. */
  | 'AWAITING_RE_EXAMINATION'
  | 'RENEWING'
  | 'EXPIRED'
  | 'REVOKED'
  | 'CANCELLED';

export interface CertificateWorkflowState {
  phase: CertificatePhase;
  /** The case whose certificate this run looks after. */
  caseId?: string;
  certificateNo?: string;
  renewalDueAt: string;
  escalateAt?: string;
  expiresAt: string;
  /** Open re-examination cases of the certificate. */
  reExaminations?: string[];
  eventsSeen: number;
}

export const certificateEventSignal = defineSignal<[CertificateEventSignal]>('certificateEvent');
export const certificateRenewalSignal = defineSignal<[CertificateRenewalSignal]>('certificateRenewal');
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
  /** No re-examination was filed by the escalation day: the authority is told. */
  escalateRenewal(input: CertificateStepInput): Promise<void>;
  /** The approved re-examination `renewingCaseId` renewed the certificate issued by `caseId`. */
  recordRenewal(input: CertificateStepInput & { renewingCaseId: string }): Promise<void>;
}
