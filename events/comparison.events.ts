// Types only: erased at compile time, so this file still imports nothing at run time.
import type { ComparisonEvaluation, OutlierScreening, ReferenceMethod } from '../src/comparisons/domain/evaluation.js';

/**
 * Events of a measurement comparison (计量比对), DOMAIN.md §2.
 *
 * The `type` strings are stable names stored in the log; never derive them from a class name.
 * Every number is recorded with its unit and, for an expanded uncertainty, its coverage factor;
 * Draft A records the whole evaluation with its input, so that recomputing from the events gives
 * the same numbers.
 */
export const ComparisonEventTypes = {
  Proposed: 'comparisons.comparison.proposed',
  Approved: 'comparisons.comparison.approved',
  ProtocolDrafted: 'comparisons.comparison.protocol-drafted',
  ProtocolConsulted: 'comparisons.comparison.protocol-consulted',
  ProtocolAgreed: 'comparisons.comparison.protocol-agreed',
  StabilityChecked: 'comparisons.comparison.stability-checked',
  CirculationStarted: 'comparisons.comparison.circulation-started',
  TransferStandardHandedOver: 'comparisons.comparison.transfer-standard-handed-over',
  TransferStandardReceived: 'comparisons.comparison.transfer-standard-received',
  ResultSubmitted: 'comparisons.comparison.result-submitted',
  ResultsLocked: 'comparisons.comparison.results-locked',
  CorrectionRequested: 'comparisons.comparison.correction-requested',
  CorrectionDecided: 'comparisons.comparison.correction-decided',
  DraftAIssued: 'comparisons.comparison.draft-a-issued',
  DraftBIssued: 'comparisons.comparison.draft-b-issued',
  ReportApproved: 'comparisons.comparison.report-approved',
  Published: 'comparisons.comparison.published',
  CauseAnalysisRecorded: 'comparisons.comparison.cause-analysis-recorded',
  CorrectiveActionRecorded: 'comparisons.comparison.corrective-action-recorded',
  FollowUpClosed: 'comparisons.comparison.follow-up-closed',
  // Steps the comparison workflow takes when a limit comes (src/comparisons/domain/comparison-deadlines.ts).
  LegReminderSent: 'comparisons.comparison.leg-reminder-sent',
  LegOverdue: 'comparisons.comparison.leg-overdue',
  StabilityCheckReminderSent: 'comparisons.comparison.stability-check-reminder-sent',
  DraftAReviewClosed: 'comparisons.comparison.draft-a-review-closed',
  FollowUpOverdue: 'comparisons.comparison.follow-up-overdue',
} as const;

/** 传递方式: ring (环式), or star/petal (星式/花瓣式), where the transfer standard returns to the pilot between legs. */
export type CirculationScheme = 'RING' | 'STAR';
export const CIRCULATION_SCHEMES: readonly CirculationScheme[] = ['RING', 'STAR'];

/** 稳定性核查的时机: before circulation (预实验), between two legs of a star scheme, or at the end. */
export type StabilityCheckStage = 'PRE_TEST' | 'BETWEEN_LEGS';
export const STABILITY_CHECK_STAGES: readonly StabilityCheckStage[] = ['PRE_TEST', 'BETWEEN_LEGS'];

/** 传递路线中的一段: one participant's leg, due back (handed on) by the date, YYYY-MM-DD China time. */
export interface CirculationLeg {
  participant: string;
  dueDate: string;
}

/** 比对实施方案: the protocol, as the pilot drafted it and every participant agreed it. */
export interface ComparisonProtocol {
  measurand: string;
  unit: string;
  transferStandard: { name: string; id: string };
  scheme: CirculationScheme;
  legs: CirculationLeg[];
  referenceMethod: ReferenceMethod;
  outlierScreening?: OutlierScreening;
  /** 传递标准的不稳定性 u_tr, a standard uncertainty in the unit; present only where instability is declared. */
  transferStandardUncertainty?: number;
}

/** A lab's measured value as reported: value and expanded uncertainty in the unit, with its coverage factor. */
export interface ReportedResult {
  value: number;
  expandedUncertainty: number;
  coverageFactor: number;
  unit: string;
}

export interface ComparisonProposedV1 {
  comparisonId: string;
  title: string;
  measurand: string;
  /** 主导实验室: the pilot institution. */
  pilotInstitutionId: string;
  /** 参比实验室: the participant institutions (the pilot not among them). */
  participants: string[];
  /** The standard each named lab (the pilot or a participant) compares, where the organiser named one; absent in older events. */
  standards?: ComparedStandard[];
  proposedAt: string;
}

/** 参比计量标准: the measurement standard a lab compares, by its standards registry id (the lineage id of GET /api/v1/standards/:id). */
export interface ComparedStandard {
  institutionId: string;
  standardId: string;
}
export interface ComparisonApprovedV1 {
  comparisonId: string;
  approvedAt: string;
}
export interface ProtocolDraftedV1 {
  comparisonId: string;
  /** 1 for the first draft; a redraft after objections increments it and opens a new consultation. */
  version: number;
  protocol: ComparisonProtocol;
  draftedAt: string;
}
export interface ProtocolConsultedV1 {
  comparisonId: string;
  participant: string;
  protocolVersion: number;
  agreed: boolean;
  /** The participant's objections to the protocol; present when it does not agree. */
  objections?: string[];
  consultedAt: string;
}
export interface ProtocolAgreedV1 {
  comparisonId: string;
  protocolVersion: number;
  agreedAt: string;
}
export interface StabilityCheckedV1 {
  comparisonId: string;
  stage: StabilityCheckStage;
  /** BETWEEN_LEGS: the participant whose leg the standard came back from. */
  afterLeg?: string;
  stable: boolean;
  summary: string;
  checkedAt: string;
}
export interface CirculationStartedV1 {
  comparisonId: string;
  startedAt: string;
}
export interface TransferStandardHandedOverV1 {
  comparisonId: string;
  from: string;
  to: string;
  handedOverAt: string;
}
export interface TransferStandardReceivedV1 {
  comparisonId: string;
  by: string;
  from: string;
  receivedAt: string;
}
export interface ResultSubmittedV1 {
  comparisonId: string;
  lab: string;
  result: ReportedResult;
  submittedAt: string;
}
export interface ResultsLockedV1 {
  comparisonId: string;
  labs: string[];
  lockedAt: string;
}
export interface CorrectionRequestedV1 {
  comparisonId: string;
  lab: string;
  /** 1, 2, ... per lab. */
  requestNo: number;
  reasons: string;
  corrected: ReportedResult;
  requestedAt: string;
}
export interface CorrectionDecidedV1 {
  comparisonId: string;
  lab: string;
  requestNo: number;
  decision: 'ACCEPTED' | 'REJECTED';
  reasons: string;
  decidedAt: string;
}
export interface DraftAIssuedV1 {
  comparisonId: string;
  /** The input of evaluateComparison exactly as given: evaluateComparison(input) gives `evaluation` again. */
  input: {
    method: ReferenceMethod;
    pilotLab?: string;
    unit: string;
    transferStandardUncertainty?: number;
    outlierScreening?: OutlierScreening;
    results: { lab: string; value: number; expandedUncertainty: number; coverageFactor: number }[];
  };
  evaluation: ComparisonEvaluation;
  issuedAt: string;
}
export interface DraftBIssuedV1 {
  comparisonId: string;
  summary: string;
  issuedAt: string;
}
export interface ReportApprovedV1 {
  comparisonId: string;
  approvedAt: string;
}
export interface ComparisonPublishedV1 {
  comparisonId: string;
  /** |En| > 1: each opens a follow-up. */
  unsatisfactoryLabs: string[];
  publishedAt: string;
}
export interface CauseAnalysisRecordedV1 {
  comparisonId: string;
  lab: string;
  analysis: string;
  recordedAt: string;
}
export interface CorrectiveActionRecordedV1 {
  comparisonId: string;
  lab: string;
  action: string;
  /** Whether the lab measures again in a re-comparison (再比对). */
  reComparison: boolean;
  recordedAt: string;
}
export interface FollowUpClosedV1 {
  comparisonId: string;
  lab: string;
  summary: string;
  closedAt: string;
}

/** 传递段到期提醒: a leg's due time is near and the participant has not handed the standard on. */
export interface LegReminderSentV1 {
  comparisonId: string;
  participant: string;
  dueDate: string;
  /** The end of the due date, China time. */
  dueAt: string;
  remindedAt: string;
}
/** 传递段逾期: the leg's due time passed with the standard not handed on; escalated to the pilot and the organiser. */
export interface LegOverdueV1 {
  comparisonId: string;
  participant: string;
  dueDate: string;
  dueAt: string;
  /** Who is told: the pilot institution and the organiser. */
  escalatedTo: { pilotInstitutionId: string; organiser: true };
  escalatedAt: string;
}
/** 稳定性核查提醒: in a star scheme, the pilot has not checked the returned standard within the limit. */
export interface StabilityCheckReminderSentV1 {
  comparisonId: string;
  /** The participant whose leg the standard came back from. */
  afterLeg: string;
  dueAt: string;
  remindedAt: string;
}
/** A 稿征求意见期结束: the participants' comments window on Draft A has closed. */
export interface DraftAReviewClosedV1 {
  comparisonId: string;
  reviewEndsAt: string;
  closedAt: string;
}
/** 后续处理逾期: an unsatisfactory lab's cause analysis or corrective action is late; escalated to the organiser. */
export interface FollowUpOverdueV1 {
  comparisonId: string;
  lab: string;
  dueAt: string;
  missing: ('CAUSE_ANALYSIS' | 'CORRECTIVE_ACTION')[];
  escalatedAt: string;
}

export type ComparisonEvent =
  | { type: typeof ComparisonEventTypes.Proposed; data: ComparisonProposedV1 }
  | { type: typeof ComparisonEventTypes.Approved; data: ComparisonApprovedV1 }
  | { type: typeof ComparisonEventTypes.ProtocolDrafted; data: ProtocolDraftedV1 }
  | { type: typeof ComparisonEventTypes.ProtocolConsulted; data: ProtocolConsultedV1 }
  | { type: typeof ComparisonEventTypes.ProtocolAgreed; data: ProtocolAgreedV1 }
  | { type: typeof ComparisonEventTypes.StabilityChecked; data: StabilityCheckedV1 }
  | { type: typeof ComparisonEventTypes.CirculationStarted; data: CirculationStartedV1 }
  | { type: typeof ComparisonEventTypes.TransferStandardHandedOver; data: TransferStandardHandedOverV1 }
  | { type: typeof ComparisonEventTypes.TransferStandardReceived; data: TransferStandardReceivedV1 }
  | { type: typeof ComparisonEventTypes.ResultSubmitted; data: ResultSubmittedV1 }
  | { type: typeof ComparisonEventTypes.ResultsLocked; data: ResultsLockedV1 }
  | { type: typeof ComparisonEventTypes.CorrectionRequested; data: CorrectionRequestedV1 }
  | { type: typeof ComparisonEventTypes.CorrectionDecided; data: CorrectionDecidedV1 }
  | { type: typeof ComparisonEventTypes.DraftAIssued; data: DraftAIssuedV1 }
  | { type: typeof ComparisonEventTypes.DraftBIssued; data: DraftBIssuedV1 }
  | { type: typeof ComparisonEventTypes.ReportApproved; data: ReportApprovedV1 }
  | { type: typeof ComparisonEventTypes.Published; data: ComparisonPublishedV1 }
  | { type: typeof ComparisonEventTypes.CauseAnalysisRecorded; data: CauseAnalysisRecordedV1 }
  | { type: typeof ComparisonEventTypes.CorrectiveActionRecorded; data: CorrectiveActionRecordedV1 }
  | { type: typeof ComparisonEventTypes.FollowUpClosed; data: FollowUpClosedV1 }
  | { type: typeof ComparisonEventTypes.LegReminderSent; data: LegReminderSentV1 }
  | { type: typeof ComparisonEventTypes.LegOverdue; data: LegOverdueV1 }
  | { type: typeof ComparisonEventTypes.StabilityCheckReminderSent; data: StabilityCheckReminderSentV1 }
  | { type: typeof ComparisonEventTypes.DraftAReviewClosed; data: DraftAReviewClosedV1 }
  | { type: typeof ComparisonEventTypes.FollowUpOverdue; data: FollowUpOverdueV1 };
