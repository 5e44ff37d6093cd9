// Types only: erased at compile time, so this file still imports nothing at run time.
import type { TechnicalCheckRecord } from '../src/standards/domain/technical-checks.js';
import type { DocumentKind } from './document.events.js';

/**
 * Events of the measurement standard assessment (计量标准考核) case.
 *
 * The `type` strings are stable names stored in the log; never derive them from a
 * class name, since renaming a class would orphan stored history.
 */

export const AssessmentEventTypes = {
  ApplicationSubmitted: 'standards.assessment.application-submitted',
  ApplicationDeemedAccepted: 'standards.assessment.application-deemed-accepted',
  SupplementRequested: 'standards.assessment.supplement-requested',
  ApplicationResubmitted: 'standards.assessment.application-resubmitted',
  ApplicationAccepted: 'standards.assessment.application-accepted',
  AssessorsAssigned: 'standards.assessment.assessors-assigned',
  EvaluationStarted: 'standards.assessment.evaluation-started',
  RectificationRequested: 'standards.assessment.rectification-requested',
  RectificationSubmitted: 'standards.assessment.rectification-submitted',
  RectificationConfirmed: 'standards.assessment.rectification-confirmed',
  RectificationDeadlineMissed: 'standards.assessment.rectification-deadline-missed',
  EvaluationConcluded: 'standards.assessment.evaluation-concluded',
  CaseDecided: 'standards.assessment.case-decided',
  DocumentsAttached: 'standards.assessment.documents-attached',
  TechnicalCheckRecorded: 'standards.assessment.technical-check-recorded',
  DecisionLimitExtended: 'standards.assessment.decision-limit-extended',
  DeadlineReminderSent: 'standards.assessment.deadline-reminder-sent',
  DecisionOverdue: 'standards.assessment.decision-overdue',
} as const;

/** 考评方式: how the assessors evaluate: document review (书面审查) or on-site evaluation (现场考评). */
export type EvaluationMode = 'DOCUMENT_REVIEW' | 'ON_SITE';
export const EVALUATION_MODES: readonly EvaluationMode[] = ['DOCUMENT_REVIEW', 'ON_SITE'];

/** 考核类型: the kind of assessment an application asks for. */
export type AssessmentKind = 'NEW' | 'RE_EXAMINATION' | 'UPGRADE' | 'CHANGE';
export const ASSESSMENT_KINDS: readonly AssessmentKind[] = ['NEW', 'RE_EXAMINATION', 'UPGRADE', 'CHANGE'];

/** 计量标准类别: the category of the standard, which decides the competent authority. */
export type StandardCategory = 'PUBLIC' | 'DEPARTMENT_HIGHEST' | 'ENTERPRISE_HIGHEST';
export const STANDARD_CATEGORIES: readonly StandardCategory[] = ['PUBLIC', 'DEPARTMENT_HIGHEST', 'ENTERPRISE_HIGHEST'];

/** A deadline as recorded: the instant, and what computed it. */
export interface RecordedDeadline {
  /** ISO 8601 instant at which the time limit runs out (end of the last working day, China time). */
  dueAt: string;
  workingDays: number;
  /** Identifies the calendar that counted the working days. */
  calendar: string;
  /** When a reminder goes out (the policy's lead in working days before the last day); absent when none is due. */
  remindAt?: string;
}

/** 时限环节: the steps of a case that run against a time limit, and who is reminded of each. */
export type DeadlineStep = 'ACCEPTANCE' | 'RECTIFICATION' | 'DECISION';
export const DEADLINE_STEPS: readonly DeadlineStep[] = ['ACCEPTANCE', 'RECTIFICATION', 'DECISION'];

export interface ApplicationSubmittedV1 {
  caseId: string;
  kind: AssessmentKind;
  institutionId: string;
  standard: {
    name: string;
    category: StandardCategory;
    measurand: string;
  };
  submittedAt: string;
  /** Without a supplement notice by then, the application is deemed accepted. */
  acceptanceDeadline: RecordedDeadline;
  /** RE_EXAMINATION only: the case that issued the certificate this one renews (its stream: certificate-<renewsCaseId>). */
  renewsCaseId?: string;
}

export interface ApplicationDeemedAcceptedV1 {
  caseId: string;
  acceptedAt: string;
  /** The deadline that ran out without a supplement notice. */
  deadline: RecordedDeadline;
}

/** 补正通知: one notice listing everything missing from the application. */
export interface SupplementRequestedV1 {
  caseId: string;
  requestedAt: string;
  missing: string[];
}

export interface ApplicationResubmittedV1 {
  caseId: string;
  resubmittedAt: string;
  /** A new acceptance window runs from the resubmission. */
  acceptanceDeadline: RecordedDeadline;
}

export interface ApplicationAcceptedV1 {
  caseId: string;
  acceptedAt: string;
}

/** 考评员: an assessor assigned to the case, after the conflict-of-interest rule allowed it. */
export interface AssignedAssessor {
  expertId: string;
  discipline: string;
}

export interface AssessorsAssignedV1 {
  caseId: string;
  assignedAt: string;
  assessors: AssignedAssessor[];
}

export interface EvaluationStartedV1 {
  caseId: string;
  startedAt: string;
  mode: EvaluationMode;
}

/** 不符合项: one nonconformity the assessors found. */
export interface Nonconformity {
  clause: string;
  finding: string;
}

/** 整改: the applicant must fix the nonconformities by the deadline. */
export interface RectificationRequestedV1 {
  caseId: string;
  requestedAt: string;
  nonconformities: Nonconformity[];
  deadline: RecordedDeadline;
}

export interface RectificationSubmittedV1 {
  caseId: string;
  submittedAt: string;
  /** References (content hashes) of the rectification evidence. */
  evidence: string[];
}

export interface RectificationConfirmedV1 {
  caseId: string;
  confirmedAt: string;
}

export interface RectificationDeadlineMissedV1 {
  caseId: string;
  missedAt: string;
  deadline: RecordedDeadline;
}

export interface EvaluationConcludedV1 {
  caseId: string;
  concludedAt: string;
  outcome: 'PASS' | 'FAIL';
  summary: string;
  /** The authority decides by then (policy decisionWorkingDays); absent on conclusions recorded before the decision limit was kept. */
  decisionDeadline?: RecordedDeadline;
}

/** 延长审批期限: the authority extends its decision limit once, with its reasons. */
export interface DecisionLimitExtendedV1 {
  caseId: string;
  extendedAt: string;
  reasons: string[];
  /** The new limit, counted on from the last day of the old one. */
  deadline: RecordedDeadline;
  previousDueAt: string;
}

/** 时限提醒: a step's limit is near; the applicant (rectification) or the authority (acceptance, decision) is reminded. */
export interface DeadlineReminderSentV1 {
  caseId: string;
  step: DeadlineStep;
  audience: 'APPLICANT' | 'AUTHORITY';
  dueAt: string;
  remindedAt: string;
}

/** 审批逾期: the decision limit passed with no decision; the matter is escalated to the authority's head. */
export interface DecisionOverdueV1 {
  caseId: string;
  dueAt: string;
  escalatedAt: string;
}

/** 审批决定: the authority approves (licence granted) or refuses, with the main reasons. */
export interface CaseDecidedV1 {
  caseId: string;
  decidedAt: string;
  decision: 'APPROVED' | 'REFUSED';
  reasons: string[];
  /** Set when approved: the certificate issued with the licence. */
  certificate?: { certificateNo: string; validFrom: string; validUntil: string };
}

/** 技术考核项目: the technical checks computed from submitted data (src/standards/domain/technical-checks.ts). */
export type TechnicalCheckKind = 'REPEATABILITY' | 'STABILITY' | 'UNCERTAINTY_BUDGET' | 'VERIFICATION_OF_RESULTS';
export const TECHNICAL_CHECK_KINDS: readonly TechnicalCheckKind[] = ['REPEATABILITY', 'STABILITY', 'UNCERTAINTY_BUDGET', 'VERIFICATION_OF_RESULTS'];

/**
 * A technical check computed from the data the applicant or an assessor submitted. `record` is the
 * computation's whole record (inputs, formula, result, and pass/fail where the check has one), so
 * the result can be recomputed from the log alone. A later record of the same check supersedes it.
 */
export interface TechnicalCheckRecordedV1 {
  caseId: string;
  recordedAt: string;
  check: TechnicalCheckKind;
  record: TechnicalCheckRecord;
}

/** A document attached to a case, as the applicant's upload filed it (documents.document-uploaded). */
export interface AttachedDocument {
  sha256: string;
  name: string;
  kind: DocumentKind;
  size: number;
}

/** Why documents were attached: with the application, with a resubmission after a supplement notice, as rectification evidence. */
export type DocumentAttachmentPurpose = 'APPLICATION' | 'SUPPLEMENT' | 'RECTIFICATION';
export const DOCUMENT_ATTACHMENT_PURPOSES: readonly DocumentAttachmentPurpose[] = ['APPLICATION', 'SUPPLEMENT', 'RECTIFICATION'];

/**
 * 申报材料: documents the applicant attached to the case; recorded in the same append as the
 * submission, resubmission or rectification that carried them.
 */
export interface DocumentsAttachedV1 {
  caseId: string;
  attachedAt: string;
  purpose: DocumentAttachmentPurpose;
  documents: AttachedDocument[];
}

export type AssessmentEvent =
  | { type: typeof AssessmentEventTypes.ApplicationSubmitted; data: ApplicationSubmittedV1 }
  | { type: typeof AssessmentEventTypes.ApplicationDeemedAccepted; data: ApplicationDeemedAcceptedV1 }
  | { type: typeof AssessmentEventTypes.SupplementRequested; data: SupplementRequestedV1 }
  | { type: typeof AssessmentEventTypes.ApplicationResubmitted; data: ApplicationResubmittedV1 }
  | { type: typeof AssessmentEventTypes.ApplicationAccepted; data: ApplicationAcceptedV1 }
  | { type: typeof AssessmentEventTypes.AssessorsAssigned; data: AssessorsAssignedV1 }
  | { type: typeof AssessmentEventTypes.EvaluationStarted; data: EvaluationStartedV1 }
  | { type: typeof AssessmentEventTypes.RectificationRequested; data: RectificationRequestedV1 }
  | { type: typeof AssessmentEventTypes.RectificationSubmitted; data: RectificationSubmittedV1 }
  | { type: typeof AssessmentEventTypes.RectificationConfirmed; data: RectificationConfirmedV1 }
  | { type: typeof AssessmentEventTypes.RectificationDeadlineMissed; data: RectificationDeadlineMissedV1 }
  | { type: typeof AssessmentEventTypes.EvaluationConcluded; data: EvaluationConcludedV1 }
  | { type: typeof AssessmentEventTypes.CaseDecided; data: CaseDecidedV1 }
  | { type: typeof AssessmentEventTypes.DocumentsAttached; data: DocumentsAttachedV1 }
  | { type: typeof AssessmentEventTypes.TechnicalCheckRecorded; data: TechnicalCheckRecordedV1 }
  | { type: typeof AssessmentEventTypes.DecisionLimitExtended; data: DecisionLimitExtendedV1 }
  | { type: typeof AssessmentEventTypes.DeadlineReminderSent; data: DeadlineReminderSentV1 }
  | { type: typeof AssessmentEventTypes.DecisionOverdue; data: DecisionOverdueV1 };
