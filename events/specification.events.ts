/**
 * Events of a local technical specification project (地方计量技术规范制修订项目), DOMAIN.md §3.
 *
 * The `type` strings are stable names stored in the log; never derive them from a class name.
 * Calendar dates are YYYY-MM-DD (China time), instants are ISO 8601. Draft content lives in the
 * document store under its SHA-256; the log records the hash, size, name and version label.
 */
export const SpecificationEventTypes = {
  Proposed: 'specifications.project.proposed',
  ExpertAppraised: 'specifications.project.expert-appraised',
  PublicNoticeStarted: 'specifications.project.public-notice-started',
  Planned: 'specifications.project.planned',
  PlanAdjusted: 'specifications.project.plan-adjusted',
  DraftingGroupFormed: 'specifications.project.drafting-group-formed',
  DraftVersionRecorded: 'specifications.project.draft-version-recorded',
  ConsultationDraftIssued: 'specifications.project.consultation-draft-issued',
  CommentReceived: 'specifications.project.comment-received',
  CommentPeriodClosed: 'specifications.project.comment-period-closed',
  CommentDisposed: 'specifications.project.comment-disposed',
  ReviewScheduled: 'specifications.project.review-scheduled',
  ReviewMeetingHeld: 'specifications.project.review-meeting-held',
  SubmittedForApproval: 'specifications.project.submitted-for-approval',
  Published: 'specifications.project.published',
  Filed: 'specifications.project.filed',
  EnteredIntoForce: 'specifications.project.entered-into-force',
  PeriodicReviewStarted: 'specifications.project.periodic-review-started',
  EffectEvaluationStarted: 'specifications.project.effect-evaluation-started',
  EvaluationConcluded: 'specifications.project.evaluation-concluded',
  // Recorded by the project's workflow when a period or limit comes (workflows/specification.workflow.ts).
  PublicNoticeEnded: 'specifications.project.public-notice-ended',
  ProjectLimitReminderSent: 'specifications.project.project-limit-reminder-sent',
  ProjectOverdue: 'specifications.project.project-overdue',
  ReviewMeetingDue: 'specifications.project.review-meeting-due',
} as const;

/** 专家论证结论: whether the appraisal recommends the project for the plan. */
export type AppraisalConclusion = 'RECOMMENDED' | 'NOT_RECOMMENDED';
export const APPRAISAL_CONCLUSIONS: readonly AppraisalConclusion[] = ['RECOMMENDED', 'NOT_RECOMMENDED'];

/** 计划调整: a planned project cancelled, or its drafting institution changed. */
export type PlanAdjustmentKind = 'CANCELLED' | 'DRAFTER_CHANGED';
export const PLAN_ADJUSTMENT_KINDS: readonly PlanAdjustmentKind[] = ['CANCELLED', 'DRAFTER_CHANGED'];

/** 意见来源: a named institution, or a member of the public. */
export type CommentSourceKind = 'INSTITUTION' | 'PUBLIC';
export const COMMENT_SOURCE_KINDS: readonly CommentSourceKind[] = ['INSTITUTION', 'PUBLIC'];

/** 意见处理: adopted (采纳), partly adopted (部分采纳), not adopted (不采纳). */
export type CommentDisposition = 'ADOPTED' | 'PARTLY_ADOPTED' | 'NOT_ADOPTED';
export const COMMENT_DISPOSITIONS: readonly CommentDisposition[] = ['ADOPTED', 'PARTLY_ADOPTED', 'NOT_ADOPTED'];

/** 表决意见 of one voting committee member. */
export type Vote = 'YES' | 'NO' | 'ABSTAIN';
export const VOTES: readonly Vote[] = ['YES', 'NO', 'ABSTAIN'];

/** 审定结果: passed, no quorum (不足法定人数), or not passed. */
export type ReviewOutcome = 'PASSED' | 'NO_QUORUM' | 'NOT_PASSED';
export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = ['PASSED', 'NO_QUORUM', 'NOT_PASSED'];

/** 复审/实施效果评估结论: confirmed (确认), revised as a new project (修订), withdrawn (废止). */
export type EvaluationOutcome = 'CONFIRMED' | 'REVISION' | 'WITHDRAWN';
export const EVALUATION_OUTCOMES: readonly EvaluationOutcome[] = ['CONFIRMED', 'REVISION', 'WITHDRAWN'];

/** A fraction of a count, as the policy states it (2/3, 3/4). */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export interface DraftingGroupMember {
  expertId: string;
  institutionId: string;
}

export interface ProposedV1 {
  projectId: string;
  title: string;
  proposerInstitutionId: string;
  drafterInstitutionId: string;
  proposedAt: string;
  policyVersion: string;
  /** A revision names the published specification (its project) it revises. */
  revisesProjectId?: string;
}
export interface ExpertAppraisedV1 {
  projectId: string;
  appraisedAt: string;
  expertIds: string[];
  conclusion: AppraisalConclusion;
  opinion: string;
}
export interface PublicNoticeStartedV1 {
  projectId: string;
  startedAt: string;
  days: number;
  /** The notice runs through this China date; the project may be planned after it. */
  endsOn: string;
}
export interface PlannedV1 {
  projectId: string;
  plannedAt: string;
  planYear: number;
  limitYears: number;
  /** The project should be finished by this China date. */
  deadlineOn: string;
  /** The drafting institution is reminded of the limit on this China date (policy.projectLimitReminderDays before it). */
  remindOn?: string;
}
export interface PlanAdjustedV1 {
  projectId: string;
  adjustedAt: string;
  adjustment: PlanAdjustmentKind;
  reason: string;
  drafterInstitutionId?: string;
}
export interface DraftingGroupFormedV1 {
  projectId: string;
  formedAt: string;
  leaderExpertId: string;
  members: DraftingGroupMember[];
}
export interface DraftVersionRecordedV1 {
  projectId: string;
  recordedAt: string;
  versionLabel: string;
  sha256: string;
  size: number;
  name: string;
}
export interface ConsultationDraftIssuedV1 {
  projectId: string;
  issuedAt: string;
  versionLabel: string;
  explanatoryNotes: string;
  days: number;
  /** Comments are received through this China date. */
  closesOn: string;
}
export interface CommentReceivedV1 {
  projectId: string;
  commentId: string;
  receivedAt: string;
  clause: string;
  text: string;
  source: CommentSourceKind;
  /** Required when the source is an institution. */
  institutionId?: string;
  /** The commenter's name as given (optional for the public). */
  commenterName?: string;
}
export interface CommentPeriodClosedV1 {
  projectId: string;
  closedAt: string;
  comments: number;
}
export interface CommentDisposedV1 {
  projectId: string;
  commentId: string;
  disposedAt: string;
  disposition: CommentDisposition;
  reasons: string[];
}
export interface ReviewScheduledV1 {
  projectId: string;
  scheduledAt: string;
  meetingDate: string;
  reviewDraftVersion: string;
  /** The review draft went to the reviewers on this China date. */
  draftSentOn: string;
  noticeDays: number;
}
export interface ReviewMeetingHeldV1 {
  projectId: string;
  heldAt: string;
  meetingDate: string;
  members: string[];
  present: string[];
  invitedExperts: string[];
  /** Present members who did not vote because they belong to the drafting group. */
  recused: string[];
  votes: { expertId: string; vote: Vote; reasons?: string[] }[];
  quorum: Fraction;
  quorumRequired: number;
  passFraction: Fraction;
  /** Yes votes needed: passFraction of the present members entitled to vote. */
  yesRequired: number;
  yes: number;
  no: number;
  abstain: number;
  outcome: ReviewOutcome;
  dissent: { expertId: string; reasons: string[] }[];
  /** The rule applied, in words, for the meeting record. */
  rule: string;
}
export interface SubmittedForApprovalV1 {
  projectId: string;
  submittedAt: string;
}
export interface PublishedV1 {
  projectId: string;
  publishedAt: string;
  number: string;
  publishedOn: string;
  periodicReviewDueOn: string;
}
export interface FiledV1 {
  projectId: string;
  filedAt: string;
  filingNumber: string;
}
export interface EnteredIntoForceV1 {
  projectId: string;
  enteredAt: string;
  effectiveOn: string;
}
export interface PeriodicReviewStartedV1 {
  projectId: string;
  startedAt: string;
  dueOn: string;
}
export interface EffectEvaluationStartedV1 {
  projectId: string;
  startedAt: string;
  reason: string;
}
export interface EvaluationConcludedV1 {
  projectId: string;
  concludedAt: string;
  outcome: EvaluationOutcome;
  reasons: string[];
  /** REVISION: the new project that revises the specification. */
  revisionProjectId?: string;
  /** CONFIRMED: the next periodic review. */
  nextReviewDueOn?: string;
}

/** 立项公示期满: the public notice ended; the project may now be planned. */
export interface PublicNoticeEndedV1 {
  projectId: string;
  endsOn: string;
  recordedAt: string;
}
/** 项目期限提醒: the drafting institution is reminded that the project limit is near. */
export interface ProjectLimitReminderSentV1 {
  projectId: string;
  deadlineOn: string;
  remindedAt: string;
  drafterInstitutionId: string;
  /** Where the project stood when reminded. */
  status: string;
}
/** 项目超期: the project was not published within its limit; escalated to the committee secretariat. */
export interface ProjectOverdueV1 {
  projectId: string;
  deadlineOn: string;
  escalatedAt: string;
  drafterInstitutionId: string;
  status: string;
}
/** 审定会到期: the day of the review meeting came; the committee is told, with the notice the draft had. */
export interface ReviewMeetingDueV1 {
  projectId: string;
  meetingDate: string;
  reviewDraftVersion: string;
  draftSentOn: string;
  noticeDays: number;
  remindedAt: string;
}

export type SpecificationEvent =
  | { type: typeof SpecificationEventTypes.Proposed; data: ProposedV1 }
  | { type: typeof SpecificationEventTypes.ExpertAppraised; data: ExpertAppraisedV1 }
  | { type: typeof SpecificationEventTypes.PublicNoticeStarted; data: PublicNoticeStartedV1 }
  | { type: typeof SpecificationEventTypes.Planned; data: PlannedV1 }
  | { type: typeof SpecificationEventTypes.PlanAdjusted; data: PlanAdjustedV1 }
  | { type: typeof SpecificationEventTypes.DraftingGroupFormed; data: DraftingGroupFormedV1 }
  | { type: typeof SpecificationEventTypes.DraftVersionRecorded; data: DraftVersionRecordedV1 }
  | { type: typeof SpecificationEventTypes.ConsultationDraftIssued; data: ConsultationDraftIssuedV1 }
  | { type: typeof SpecificationEventTypes.CommentReceived; data: CommentReceivedV1 }
  | { type: typeof SpecificationEventTypes.CommentPeriodClosed; data: CommentPeriodClosedV1 }
  | { type: typeof SpecificationEventTypes.CommentDisposed; data: CommentDisposedV1 }
  | { type: typeof SpecificationEventTypes.ReviewScheduled; data: ReviewScheduledV1 }
  | { type: typeof SpecificationEventTypes.ReviewMeetingHeld; data: ReviewMeetingHeldV1 }
  | { type: typeof SpecificationEventTypes.SubmittedForApproval; data: SubmittedForApprovalV1 }
  | { type: typeof SpecificationEventTypes.Published; data: PublishedV1 }
  | { type: typeof SpecificationEventTypes.Filed; data: FiledV1 }
  | { type: typeof SpecificationEventTypes.EnteredIntoForce; data: EnteredIntoForceV1 }
  | { type: typeof SpecificationEventTypes.PeriodicReviewStarted; data: PeriodicReviewStartedV1 }
  | { type: typeof SpecificationEventTypes.EffectEvaluationStarted; data: EffectEvaluationStartedV1 }
  | { type: typeof SpecificationEventTypes.EvaluationConcluded; data: EvaluationConcludedV1 }
  | { type: typeof SpecificationEventTypes.PublicNoticeEnded; data: PublicNoticeEndedV1 }
  | { type: typeof SpecificationEventTypes.ProjectLimitReminderSent; data: ProjectLimitReminderSentV1 }
  | { type: typeof SpecificationEventTypes.ProjectOverdue; data: ProjectOverdueV1 }
  | { type: typeof SpecificationEventTypes.ReviewMeetingDue; data: ReviewMeetingDueV1 };
