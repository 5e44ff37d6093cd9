/**
 * Events of the measurement standard assessment (计量标准考核) case.
 *
 * The `type` strings are stable names stored in the log; never derive them from a
 * class name, since renaming a class would orphan stored history.
 */

export const AssessmentEventTypes = {
  ApplicationSubmitted: 'standards.assessment.application-submitted',
  ApplicationDeemedAccepted: 'standards.assessment.application-deemed-accepted',
} as const;

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
}

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
}

export interface ApplicationDeemedAcceptedV1 {
  caseId: string;
  acceptedAt: string;
  /** The deadline that ran out without a supplement notice. */
  deadline: RecordedDeadline;
}

export type AssessmentEvent =
  | { type: typeof AssessmentEventTypes.ApplicationSubmitted; data: ApplicationSubmittedV1 }
  | { type: typeof AssessmentEventTypes.ApplicationDeemedAccepted; data: ApplicationDeemedAcceptedV1 };
