import {
  SpecificationEventTypes as T,
  type AppraisalConclusion,
  type CommentDisposition,
  type CommentSourceKind,
  type DraftingGroupMember,
  type DraftVersionRecordedV1,
  type EvaluationOutcome,
  type Fraction,
  type ReviewMeetingHeldV1,
  type SpecificationEvent,
  type Vote,
} from '../../../events/specification.events.js';
import { chinaDate } from '../../calendar/working-days.js';
import { DomainError, type LocalizedText } from '../../shared/domain-error.js';
import {
  addCalendarDays,
  addYears,
  commentPeriodEndsAt,
  periodicReviewDueAt,
  projectLimitRemindAt,
  projectOverdueAt,
  publicNoticeEndsAt,
  reviewMeetingDueAt,
} from './specification-deadlines.js';
import type { SpecificationPolicy } from './specification-policy.js';

/**
 * 地方计量技术规范制修订项目: one project to draft or revise a local technical specification, as
 * pure decision code. `decideSpecificationProject` takes the command, the state and the context
 * (time, policy, the numbers already published) and returns the events to record or refuses with
 * a DomainError naming the rule; `evolveSpecificationProject` folds events into state. No
 * framework, no I/O, no clock: the caller passes `now`.
 *
 * States (shared/DOMAIN.md §3):
 *   PROPOSED → EXPERT_APPRAISED (or APPRAISAL_REJECTED) → PUBLIC_NOTICE → PLANNED
 *   → DRAFTING → CONSULTATION → DISPOSITION → REVIEW_SCHEDULED → REVIEWED | back to DRAFTING
 *   → SUBMITTED_FOR_APPROVAL → PUBLISHED → FILED → IN_FORCE
 *   → PERIODIC_REVIEW | EFFECT_EVALUATION → IN_FORCE (confirmed) | REVISION | WITHDRAWN
 *   PLANNED … REVIEWED may be CANCELLED by a plan adjustment.
 * Periods are calendar days counted in China dates: a period of n days opened on day D runs
 * through day D + n.
 */
export type SpecificationProjectStatus =
  | 'NONE'
  | 'PROPOSED'
  | 'EXPERT_APPRAISED'
  | 'APPRAISAL_REJECTED'
  | 'PUBLIC_NOTICE'
  | 'PLANNED'
  | 'DRAFTING'
  | 'CONSULTATION'
  | 'DISPOSITION'
  | 'REVIEW_SCHEDULED'
  | 'REVIEWED'
  | 'SUBMITTED_FOR_APPROVAL'
  | 'PUBLISHED'
  | 'FILED'
  | 'IN_FORCE'
  | 'PERIODIC_REVIEW'
  | 'EFFECT_EVALUATION'
  | 'REVISION'
  | 'WITHDRAWN'
  | 'CANCELLED';

export interface ProjectComment {
  commentId: string;
  clause: string;
  source: CommentSourceKind;
  disposition?: CommentDisposition;
}

export interface SpecificationProjectState {
  status: SpecificationProjectStatus;
  projectId?: string;
  policyVersion?: string;
  drafterInstitutionId?: string;
  publicNoticeEndsOn?: string;
  planYear?: number;
  deadlineOn?: string;
  /** When the drafting institution is reminded of the project limit. */
  limitRemindOn?: string;
  /** Steps the workflow took when a period or limit came (by the event's moment). */
  publicNoticeEndedAt?: string;
  limitReminderSentAt?: string;
  /** The project limit passed before publication. */
  overdueSince?: string;
  draftingGroup?: { leaderExpertId: string; members: DraftingGroupMember[] };
  versions?: DraftVersionRecordedV1[];
  consultation?: { versionLabel: string; closesOn: string };
  comments?: ProjectComment[];
  review?: { meetingDate: string; reviewDraftVersion: string; draftSentOn: string; noticeDays: number; dueNotifiedAt?: string };
  meetings?: number;
  number?: string;
  publishedOn?: string;
  periodicReviewDueOn?: string;
  outcome?: EvaluationOutcome;
  revisionProjectId?: string;
}

export const initialSpecificationProjectState: SpecificationProjectState = { status: 'NONE' };

export interface MeetingVote {
  expertId: string;
  vote: Vote;
  /** Required with a NO vote: the dissent is recorded with its reasons. */
  reasons?: string[];
}

export type SpecificationProjectCommand =
  | { type: 'Propose'; projectId: string; title: string; proposerInstitutionId: string; drafterInstitutionId: string; revisesProjectId?: string }
  | { type: 'RecordExpertAppraisal'; projectId: string; expertIds: string[]; conclusion: AppraisalConclusion; opinion: string }
  | { type: 'StartPublicNotice'; projectId: string; /** Defaults to, and may not be shorter than, policy.publicNoticeDays. */ days?: number }
  | { type: 'Plan'; projectId: string; planYear: number }
  | { type: 'CancelProject'; projectId: string; reason: string }
  | { type: 'ChangeDrafter'; projectId: string; drafterInstitutionId: string; reason: string }
  | { type: 'FormDraftingGroup'; projectId: string; leaderExpertId: string; members: DraftingGroupMember[] }
  | { type: 'RecordDraftVersion'; projectId: string; versionLabel: string; sha256: string; size: number; name: string }
  | {
      type: 'IssueConsultationDraft';
      projectId: string;
      versionLabel: string;
      explanatoryNotes: string;
      /** Defaults to, and may not be shorter than, policy.commentPeriodDays. */
      days?: number;
    }
  | {
      type: 'ReceiveComment';
      projectId: string;
      commentId: string;
      clause: string;
      text: string;
      source: CommentSourceKind;
      institutionId?: string;
      commenterName?: string;
    }
  | { type: 'CloseCommentPeriod'; projectId: string }
  | { type: 'DisposeComment'; projectId: string; commentId: string; disposition: CommentDisposition; reasons: string[] }
  | { type: 'ScheduleReview'; projectId: string; meetingDate: string; reviewDraftVersion: string }
  | {
      type: 'HoldReviewMeeting';
      projectId: string;
      /** Every member of the technical committee (计量技术委员会). */
      members: string[];
      /** The members present. */
      present: string[];
      /** Invited experts (特邀专家): they attend and speak but do not vote. */
      invitedExperts: string[];
      votes: MeetingVote[];
    }
  | { type: 'SubmitForApproval'; projectId: string }
  | { type: 'Publish'; projectId: string; number: string }
  | { type: 'File'; projectId: string; filingNumber: string }
  | { type: 'EnterIntoForce'; projectId: string; effectiveOn: string }
  | { type: 'StartPeriodicReview'; projectId: string }
  | { type: 'StartEffectEvaluation'; projectId: string; reason: string }
  | { type: 'ConcludeEvaluation'; projectId: string; outcome: EvaluationOutcome; reasons: string[]; revisionProjectId?: string }
  // Taken by the project's workflow when a period or limit comes; each refused before its moment.
  | { type: 'RecordPublicNoticeEnded'; projectId: string }
  | { type: 'SendProjectLimitReminder'; projectId: string }
  | { type: 'RecordProjectOverdue'; projectId: string }
  | { type: 'SendReviewMeetingReminder'; projectId: string };

export interface SpecificationContext {
  now: Date;
  policy: SpecificationPolicy;
  /** Every number already published in the jurisdiction, from the published catalogue's read model. */
  publishedNumbers?: ReadonlySet<string>;
  /** Who acts, and in which role: an expert's drafting steps are the drafting group's alone. */
  actorId?: string;
  actorRole?: string;
  /**
   * Committee members with a conflict of interest with the drafting institution, from the
   * registry (回避: affiliation, recent affiliation, declared interest), each with the rule in words.
   * Like the drafting group, they are recused from the vote on the draft.
   */
  conflictedMembers?: ReadonlyMap<string, LocalizedText>;
}

const refuse = (code: string, en: string, zh: string): never => {
  throw new DomainError(code, { en, 'zh-CN': zh });
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

function isCalendarDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

export { addCalendarDays, addYears };

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The smallest whole count that is at least `fraction` of `of`. */
export function atLeastFractionOf(fraction: Fraction, of: number): number {
  return Math.floor((of * fraction.numerator + fraction.denominator - 1) / fraction.denominator);
}

function expectStatus(state: SpecificationProjectState, projectId: string, allowed: SpecificationProjectStatus[], step: LocalizedText): void {
  if (allowed.includes(state.status)) return;
  if (state.status === 'NONE') refuse('specification.unknown-project', `There is no specification project ${projectId}.`, `不存在规范制修订项目 ${projectId}。`);
  refuse(
    'specification.step-not-allowed-now',
    `Project ${projectId} is ${state.status}; ${step.en} is allowed only when it is ${allowed.join(' or ')}.`,
    `项目 ${projectId} 当前状态为 ${state.status}；只有在 ${allowed.join(' 或 ')} 状态下才能${step['zh-CN']}。`,
  );
}

function expectText(value: string | undefined, what: LocalizedText): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    refuse('specification.text-required', `${what.en} must not be empty.`, `${what['zh-CN']}不能为空。`);
  }
}

function expectReasons(reasons: string[] | undefined, what: LocalizedText): void {
  if (!Array.isArray(reasons) || reasons.length === 0 || reasons.some((r) => typeof r !== 'string' || r.trim().length === 0)) {
    refuse('specification.reasons-required', `${what.en} needs at least one reason.`, `${what['zh-CN']}须说明理由。`);
  }
}

function periodDays(requested: number | undefined, minimum: number, code: string, what: LocalizedText): number {
  const days = requested ?? minimum;
  if (!Number.isInteger(days) || days < minimum) {
    refuse(code, `${what.en} must last at least ${minimum} days, not ${days}.`, `${what['zh-CN']}不得少于 ${minimum} 日（申请 ${days} 日）。`);
  }
  return days;
}

/** Statuses in which the plan may still be adjusted (cancelled, drafter changed). */
const ADJUSTABLE: SpecificationProjectStatus[] = ['PLANNED', 'DRAFTING', 'CONSULTATION', 'DISPOSITION', 'REVIEW_SCHEDULED', 'REVIEWED'];

export function decideSpecificationProject(
  command: SpecificationProjectCommand,
  state: SpecificationProjectState,
  context: SpecificationContext,
): SpecificationEvent[] {
  const { now, policy } = context;
  const at = now.toISOString();
  const today = chinaDate(now);
  const projectId = command.projectId;

  switch (command.type) {
    case 'Propose': {
      if (state.status !== 'NONE') refuse('specification.project-exists', `Project ${projectId} already exists.`, `项目 ${projectId} 已存在。`);
      expectText(command.title, { en: 'The title', 'zh-CN': '项目名称' });
      expectText(command.proposerInstitutionId, { en: 'The proposing institution', 'zh-CN': '提出单位' });
      expectText(command.drafterInstitutionId, { en: 'The drafting institution', 'zh-CN': '起草单位' });
      return [
        {
          type: T.Proposed,
          data: {
            projectId,
            title: command.title,
            proposerInstitutionId: command.proposerInstitutionId,
            drafterInstitutionId: command.drafterInstitutionId,
            proposedAt: at,
            policyVersion: policy.version,
            ...(command.revisesProjectId ? { revisesProjectId: command.revisesProjectId } : {}),
          },
        },
      ];
    }

    case 'RecordExpertAppraisal':
      expectStatus(state, projectId, ['PROPOSED'], { en: 'recording the expert appraisal', 'zh-CN': '记录专家论证' });
      if (command.expertIds.length === 0) refuse('specification.appraisal-needs-experts', 'An expert appraisal names its experts.', '专家论证须列明参加论证的专家。');
      expectText(command.opinion, { en: 'The appraisal opinion', 'zh-CN': '论证意见' });
      return [{ type: T.ExpertAppraised, data: { projectId, appraisedAt: at, expertIds: command.expertIds, conclusion: command.conclusion, opinion: command.opinion } }];

    case 'StartPublicNotice': {
      expectStatus(state, projectId, ['EXPERT_APPRAISED'], { en: 'starting the public notice', 'zh-CN': '开始立项公示' });
      const days = periodDays(command.days, policy.publicNoticeDays, 'specification.public-notice-too-short', { en: 'The public notice', 'zh-CN': '立项公示期' });
      return [{ type: T.PublicNoticeStarted, data: { projectId, startedAt: at, days, endsOn: addCalendarDays(today, days) } }];
    }

    case 'Plan': {
      expectStatus(state, projectId, ['PUBLIC_NOTICE'], { en: 'planning the project', 'zh-CN': '列入制修订计划' });
      if (now.getTime() < Date.parse(publicNoticeEndsAt(state.publicNoticeEndsOn!))) {
        refuse(
          'specification.public-notice-not-ended',
          `The public notice of project ${projectId} runs through ${state.publicNoticeEndsOn}; the project may be planned only after it.`,
          `项目 ${projectId} 的立项公示期至 ${state.publicNoticeEndsOn} 止，公示期满后方可列入计划。`,
        );
      }
      const year = Number(today.slice(0, 4));
      if (!Number.isInteger(command.planYear) || command.planYear < year - 1 || command.planYear > year + 1) {
        refuse('specification.plan-year-out-of-range', `The plan year must be within a year of ${year}, not ${command.planYear}.`, `计划年度应在 ${year} 年前后一年之内，而非 ${command.planYear}。`);
      }
      const limitYears = policy.projectLimitYears;
      const deadlineOn = addYears(today, limitYears);
      const remindOn = addCalendarDays(deadlineOn, -policy.projectLimitReminderDays);
      return [{ type: T.Planned, data: { projectId, plannedAt: at, planYear: command.planYear, limitYears, deadlineOn, remindOn } }];
    }

    case 'CancelProject':
      expectStatus(state, projectId, ADJUSTABLE, { en: 'cancelling the project', 'zh-CN': '撤销项目' });
      expectText(command.reason, { en: 'The reason for the adjustment', 'zh-CN': '计划调整理由' });
      return [{ type: T.PlanAdjusted, data: { projectId, adjustedAt: at, adjustment: 'CANCELLED', reason: command.reason } }];

    case 'ChangeDrafter':
      expectStatus(state, projectId, ADJUSTABLE, { en: 'changing the drafting institution', 'zh-CN': '变更起草单位' });
      expectText(command.reason, { en: 'The reason for the adjustment', 'zh-CN': '计划调整理由' });
      if (command.drafterInstitutionId === state.drafterInstitutionId) {
        refuse('specification.drafter-unchanged', `${command.drafterInstitutionId} is already the drafting institution.`, `${command.drafterInstitutionId} 已是起草单位。`);
      }
      return [
        { type: T.PlanAdjusted, data: { projectId, adjustedAt: at, adjustment: 'DRAFTER_CHANGED', reason: command.reason, drafterInstitutionId: command.drafterInstitutionId } },
      ];

    case 'FormDraftingGroup': {
      expectStatus(state, projectId, ['PLANNED', 'DRAFTING'], { en: 'forming the drafting group', 'zh-CN': '组建起草组' });
      const ids = command.members.map((m) => m.expertId);
      if (ids.length === 0 || new Set(ids).size !== ids.length) {
        refuse('specification.drafting-group-members', 'A drafting group lists each member once, at least one.', '起草组成员至少一人，且不得重复。');
      }
      if (!ids.includes(command.leaderExpertId)) {
        refuse('specification.leader-not-a-member', `The leader ${command.leaderExpertId} must be a member of the drafting group.`, `起草组组长 ${command.leaderExpertId} 须为起草组成员。`);
      }
      return [{ type: T.DraftingGroupFormed, data: { projectId, formedAt: at, leaderExpertId: command.leaderExpertId, members: command.members } }];
    }

    case 'RecordDraftVersion': {
      expectStatus(state, projectId, ['DRAFTING', 'DISPOSITION'], { en: 'recording a draft version', 'zh-CN': '登记草案版本' });
      expectDraftingGroupMember(state, context, { en: 'record a draft version', 'zh-CN': '登记草案版本' });
      if (!/^[0-9a-f]{64}$/.test(command.sha256)) refuse('specification.bad-content-hash', 'A draft version is identified by the SHA-256 of its content (64 hex digits).', '草案版本以其内容的 SHA-256（64 位十六进制）标识。');
      if (!Number.isInteger(command.size) || command.size < 1) refuse('specification.empty-draft', 'A draft version cannot be empty.', '草案版本不能为空。');
      expectText(command.versionLabel, { en: 'The version label', 'zh-CN': '版本标识' });
      expectText(command.name, { en: 'The file name', 'zh-CN': '文件名' });
      if (state.versions?.some((v) => v.versionLabel === command.versionLabel)) {
        refuse('specification.version-label-taken', `Version ${command.versionLabel} is already recorded.`, `版本 ${command.versionLabel} 已登记。`);
      }
      return [{ type: T.DraftVersionRecorded, data: { projectId, recordedAt: at, versionLabel: command.versionLabel, sha256: command.sha256, size: command.size, name: command.name } }];
    }

    case 'IssueConsultationDraft': {
      expectStatus(state, projectId, ['DRAFTING'], { en: 'issuing the consultation draft', 'zh-CN': '发布征求意见稿' });
      expectKnownVersion(state, command.versionLabel);
      expectText(command.explanatoryNotes, { en: 'The explanatory notes (编制说明)', 'zh-CN': '编制说明' });
      const days = periodDays(command.days, policy.commentPeriodDays, 'specification.comment-period-too-short', { en: 'The comment period', 'zh-CN': '征求意见期' });
      return [
        {
          type: T.ConsultationDraftIssued,
          data: { projectId, issuedAt: at, versionLabel: command.versionLabel, explanatoryNotes: command.explanatoryNotes, days, closesOn: addCalendarDays(today, days) },
        },
      ];
    }

    case 'ReceiveComment': {
      expectStatus(state, projectId, ['CONSULTATION'], { en: 'receiving a comment', 'zh-CN': '接收意见' });
      if (today > state.consultation!.closesOn) {
        refuse('specification.comment-period-ended', `The comment period of project ${projectId} ended on ${state.consultation!.closesOn}.`, `项目 ${projectId} 的征求意见期已于 ${state.consultation!.closesOn} 结束。`);
      }
      expectText(command.commentId, { en: 'The comment id', 'zh-CN': '意见编号' });
      expectText(command.clause, { en: 'The clause', 'zh-CN': '条款' });
      expectText(command.text, { en: 'The comment', 'zh-CN': '意见内容' });
      if (state.comments?.some((c) => c.commentId === command.commentId)) {
        refuse('specification.comment-id-taken', `Comment ${command.commentId} is already recorded.`, `意见 ${command.commentId} 已登记。`);
      }
      if (command.source === 'INSTITUTION' && !command.institutionId) {
        refuse('specification.comment-needs-institution', 'A comment from an institution names the institution.', '单位提出的意见须注明单位。');
      }
      return [
        {
          type: T.CommentReceived,
          data: {
            projectId,
            commentId: command.commentId,
            receivedAt: at,
            clause: command.clause,
            text: command.text,
            source: command.source,
            ...(command.source === 'INSTITUTION' ? { institutionId: command.institutionId } : {}),
            ...(command.commenterName ? { commenterName: command.commenterName } : {}),
          },
        },
      ];
    }

    case 'CloseCommentPeriod':
      expectStatus(state, projectId, ['CONSULTATION'], { en: 'closing the comment period', 'zh-CN': '结束征求意见' });
      expectCommentPeriodEnded(state, now);
      return [{ type: T.CommentPeriodClosed, data: { projectId, closedAt: at, comments: state.comments?.length ?? 0 } }];

    case 'DisposeComment': {
      expectStatus(state, projectId, ['CONSULTATION', 'DISPOSITION'], { en: 'disposing of a comment', 'zh-CN': '处理意见' });
      expectDraftingGroupMember(state, context, { en: 'answer a comment', 'zh-CN': '处理意见' });
      const comment = state.comments?.find((c) => c.commentId === command.commentId);
      if (!comment) refuse('specification.unknown-comment', `Project ${projectId} has no comment ${command.commentId}.`, `项目 ${projectId} 没有编号为 ${command.commentId} 的意见。`);
      if (comment!.disposition) {
        refuse('specification.comment-already-disposed', `Comment ${command.commentId} is already answered (${comment!.disposition}).`, `意见 ${command.commentId} 已处理（${comment!.disposition}）。`);
      }
      expectReasons(command.reasons, { en: 'A disposition', 'zh-CN': '意见处理' });
      return [{ type: T.CommentDisposed, data: { projectId, commentId: command.commentId, disposedAt: at, disposition: command.disposition, reasons: command.reasons } }];
    }

    case 'ScheduleReview': {
      expectStatus(state, projectId, ['CONSULTATION', 'DISPOSITION', 'DRAFTING'], { en: 'scheduling the review', 'zh-CN': '安排审定' });
      if (!state.consultation) {
        refuse('specification.no-consultation-yet', `The draft of project ${projectId} has not been put out for comment yet.`, `项目 ${projectId} 的草案尚未征求意见。`);
      }
      if (state.status === 'CONSULTATION') expectCommentPeriodEnded(state, now);
      const open = (state.comments ?? []).filter((c) => !c.disposition).map((c) => c.commentId);
      if (open.length > 0) {
        refuse(
          'specification.comments-open',
          `The review cannot be scheduled while comments are unanswered: ${open.join(', ')}.`,
          `仍有意见未处理（${open.join('、')}），不能安排审定。`,
        );
      }
      expectKnownVersion(state, command.reviewDraftVersion);
      if (!isCalendarDate(command.meetingDate)) refuse('specification.bad-date', `${command.meetingDate} is not a date (YYYY-MM-DD).`, `${command.meetingDate} 不是有效日期（YYYY-MM-DD）。`);
      const notice = daysBetween(today, command.meetingDate);
      if (notice < policy.reviewNoticeDays) {
        refuse(
          'specification.review-notice-too-short',
          `The review draft must reach the reviewers at least ${policy.reviewNoticeDays} days before the meeting; sent on ${today}, a meeting on ${command.meetingDate} leaves ${notice}.`,
          `送审稿应至少在审定会前 ${policy.reviewNoticeDays} 日送达审定人员；${today} 送出，${command.meetingDate} 开会仅余 ${notice} 日。`,
        );
      }
      return [
        {
          type: T.ReviewScheduled,
          data: { projectId, scheduledAt: at, meetingDate: command.meetingDate, reviewDraftVersion: command.reviewDraftVersion, draftSentOn: today, noticeDays: notice },
        },
      ];
    }

    case 'HoldReviewMeeting':
      expectStatus(state, projectId, ['REVIEW_SCHEDULED'], { en: 'holding the review meeting', 'zh-CN': '召开审定会' });
      if (today < state.review!.meetingDate) {
        refuse('specification.meeting-not-yet', `The review meeting is scheduled for ${state.review!.meetingDate}.`, `审定会定于 ${state.review!.meetingDate} 召开。`);
      }
      return [{ type: T.ReviewMeetingHeld, data: countMeeting(command, state, context) }];

    case 'SubmitForApproval':
      expectStatus(state, projectId, ['REVIEWED'], { en: 'submitting for approval', 'zh-CN': '报批' });
      return [{ type: T.SubmittedForApproval, data: { projectId, submittedAt: at } }];

    case 'Publish': {
      expectStatus(state, projectId, ['SUBMITTED_FOR_APPROVAL'], { en: 'publishing', 'zh-CN': '发布' });
      const number = command.number;
      if (typeof number !== 'string' || !new RegExp(policy.numberPattern, 'u').test(number)) {
        refuse('specification.malformed-number', `"${number}" is not a specification number of this jurisdiction (${policy.numberPattern}).`, `“${number}”不符合本地规范编号格式（${policy.numberPattern}）。`);
      }
      const year = number.slice(-4);
      if (year !== today.slice(0, 4)) {
        refuse('specification.number-year-mismatch', `The number's year ${year} must be the publication year ${today.slice(0, 4)}.`, `编号中的年号 ${year} 应为发布年份 ${today.slice(0, 4)}。`);
      }
      if (context.publishedNumbers?.has(number)) refuse('specification.duplicate-number', `${number} has already been given to another specification.`, `编号 ${number} 已被其他规范使用。`);
      return [
        {
          type: T.Published,
          data: { projectId, publishedAt: at, number, publishedOn: today, periodicReviewDueOn: addYears(today, policy.periodicReviewYears) },
        },
      ];
    }

    case 'File':
      expectStatus(state, projectId, ['PUBLISHED'], { en: 'filing', 'zh-CN': '备案' });
      expectText(command.filingNumber, { en: 'The filing number', 'zh-CN': '备案号' });
      return [{ type: T.Filed, data: { projectId, filedAt: at, filingNumber: command.filingNumber } }];

    case 'EnterIntoForce':
      expectStatus(state, projectId, ['FILED'], { en: 'entering into force', 'zh-CN': '实施' });
      if (!isCalendarDate(command.effectiveOn)) refuse('specification.bad-date', `${command.effectiveOn} is not a date (YYYY-MM-DD).`, `${command.effectiveOn} 不是有效日期（YYYY-MM-DD）。`);
      if (command.effectiveOn < state.publishedOn!) {
        refuse('specification.effective-before-publication', `A specification cannot take effect (${command.effectiveOn}) before it is published (${state.publishedOn}).`, `规范实施日期（${command.effectiveOn}）不得早于发布日期（${state.publishedOn}）。`);
      }
      return [{ type: T.EnteredIntoForce, data: { projectId, enteredAt: at, effectiveOn: command.effectiveOn } }];

    case 'StartPeriodicReview':
      expectStatus(state, projectId, ['IN_FORCE'], { en: 'starting the periodic review', 'zh-CN': '开始复审' });
      if (now.getTime() < Date.parse(periodicReviewDueAt(state.periodicReviewDueOn!))) {
        refuse('specification.periodic-review-not-due', `The periodic review of project ${projectId} falls due on ${state.periodicReviewDueOn}.`, `项目 ${projectId} 的复审于 ${state.periodicReviewDueOn} 到期。`);
      }
      return [{ type: T.PeriodicReviewStarted, data: { projectId, startedAt: at, dueOn: state.periodicReviewDueOn! } }];

    case 'StartEffectEvaluation':
      expectStatus(state, projectId, ['IN_FORCE'], { en: 'starting an effect evaluation', 'zh-CN': '开始实施效果评估' });
      expectText(command.reason, { en: 'The reason for the evaluation', 'zh-CN': '评估理由' });
      return [{ type: T.EffectEvaluationStarted, data: { projectId, startedAt: at, reason: command.reason } }];

    case 'ConcludeEvaluation': {
      expectStatus(state, projectId, ['PERIODIC_REVIEW', 'EFFECT_EVALUATION'], { en: 'concluding the review', 'zh-CN': '作出复审结论' });
      expectReasons(command.reasons, { en: 'A review conclusion', 'zh-CN': '复审结论' });
      if (command.outcome === 'REVISION') {
        if (!command.revisionProjectId) refuse('specification.revision-needs-project', 'A revision names the new project that revises the specification.', '修订结论须注明新的修订项目。');
        if (command.revisionProjectId === projectId) refuse('specification.revision-is-a-new-project', 'A revision is a new project, not this one.', '修订须另立新项目。');
      }
      return [
        {
          type: T.EvaluationConcluded,
          data: {
            projectId,
            concludedAt: at,
            outcome: command.outcome,
            reasons: command.reasons,
            ...(command.outcome === 'REVISION' ? { revisionProjectId: command.revisionProjectId } : {}),
            ...(command.outcome === 'CONFIRMED' ? { nextReviewDueOn: addYears(today, policy.periodicReviewYears) } : {}),
          },
        },
      ];
    }

    case 'RecordPublicNoticeEnded':
      expectStatus(state, projectId, ['PUBLIC_NOTICE'], { en: 'recording the end of the public notice', 'zh-CN': '记录立项公示期满' });
      if (state.publicNoticeEndedAt) refuse('specification.already-recorded', `The end of the public notice of project ${projectId} is already recorded.`, `项目 ${projectId} 的立项公示期满已记录。`);
      expectMomentCame(now, publicNoticeEndsAt(state.publicNoticeEndsOn!), { en: 'The public notice', 'zh-CN': '立项公示期' });
      return [{ type: T.PublicNoticeEnded, data: { projectId, endsOn: state.publicNoticeEndsOn!, recordedAt: at } }];

    case 'SendProjectLimitReminder':
      expectStatus(state, projectId, UNDER_LIMIT, { en: 'reminding of the project limit', 'zh-CN': '提醒项目期限' });
      if (state.limitReminderSentAt || state.overdueSince) refuse('specification.already-recorded', `Project ${projectId} was already reminded of its limit.`, `项目 ${projectId} 已提醒过项目期限。`);
      expectMomentCame(now, projectLimitRemindAt(limitRemindOn(state)), { en: 'The reminder of the project limit', 'zh-CN': '项目期限提醒' });
      return [
        {
          type: T.ProjectLimitReminderSent,
          data: { projectId, deadlineOn: state.deadlineOn!, remindedAt: at, drafterInstitutionId: state.drafterInstitutionId!, status: state.status },
        },
      ];

    case 'RecordProjectOverdue':
      expectStatus(state, projectId, UNDER_LIMIT, { en: 'recording the project overdue', 'zh-CN': '记录项目超期' });
      if (state.overdueSince) refuse('specification.already-recorded', `Project ${projectId} is already recorded overdue.`, `项目 ${projectId} 已记录超期。`);
      expectMomentCame(now, projectOverdueAt(state.deadlineOn!), { en: 'The project limit', 'zh-CN': '项目期限' });
      return [
        { type: T.ProjectOverdue, data: { projectId, deadlineOn: state.deadlineOn!, escalatedAt: at, drafterInstitutionId: state.drafterInstitutionId!, status: state.status } },
      ];

    case 'SendReviewMeetingReminder': {
      expectStatus(state, projectId, ['REVIEW_SCHEDULED'], { en: 'telling the committee the meeting is due', 'zh-CN': '通知审定会' });
      const review = state.review!;
      if (review.dueNotifiedAt) refuse('specification.already-recorded', `The committee was already told of the meeting on ${review.meetingDate}.`, `已通知 ${review.meetingDate} 的审定会。`);
      expectMomentCame(now, reviewMeetingDueAt(review.meetingDate), { en: 'The review meeting', 'zh-CN': '审定会' });
      return [
        {
          type: T.ReviewMeetingDue,
          data: { projectId, meetingDate: review.meetingDate, reviewDraftVersion: review.reviewDraftVersion, draftSentOn: review.draftSentOn, noticeDays: review.noticeDays, remindedAt: at },
        },
      ];
    }

    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** An expert acts on a draft only as a member of its drafting group; the secretariat and the system are not checked here. */
function expectDraftingGroupMember(state: SpecificationProjectState, context: SpecificationContext, step: LocalizedText): void {
  if (context.actorRole !== 'expert') return;
  if (state.draftingGroup?.members.some((m) => m.expertId === context.actorId)) return;
  refuse(
    'specification.not-in-drafting-group',
    `Only a member of the drafting group of project ${state.projectId} may ${step.en}; ${context.actorId} is not one.`,
    `只有项目 ${state.projectId} 起草组的成员才能${step['zh-CN']}；${context.actorId} 不是起草组成员。`,
  );
}

/** Statuses in which the project limit applies: planned and not yet published. */
const UNDER_LIMIT: SpecificationProjectStatus[] = [...ADJUSTABLE, 'SUBMITTED_FOR_APPROVAL'];

/** The reminder date of a project planned before Planned carried one: the policy default of 90 days. */
const limitRemindOn = (state: SpecificationProjectState): string => state.limitRemindOn ?? addCalendarDays(state.deadlineOn!, -90);

/** A step the workflow takes when a moment comes is refused before it. */
function expectMomentCame(now: Date, moment: string, what: LocalizedText): void {
  if (now.getTime() < Date.parse(moment)) {
    refuse('specification.not-yet-due', `${what.en} comes at ${moment}, not before.`, `${what['zh-CN']}于 ${moment} 到期，此前不能办理。`);
  }
}

function expectKnownVersion(state: SpecificationProjectState, versionLabel: string): void {
  if (!state.versions?.some((v) => v.versionLabel === versionLabel)) {
    refuse('specification.unknown-version', `No draft version ${versionLabel} is recorded.`, `未登记草案版本 ${versionLabel}。`);
  }
}

function expectCommentPeriodEnded(state: SpecificationProjectState, now: Date): void {
  const closesOn = state.consultation!.closesOn;
  if (now.getTime() < Date.parse(commentPeriodEndsAt(closesOn))) {
    refuse('specification.comment-period-open', `The comment period runs through ${closesOn}.`, `征求意见期至 ${closesOn} 止，尚未结束。`);
  }
}

const fractionText = (f: Fraction): string => `${f.numerator}/${f.denominator}`;

/**
 * 审定会表决: checks the attendance and the votes and counts them. Quorum: present members ≥
 * policy.quorum of all members. Passing: yes votes ≥ policy.passFraction of the present members
 * entitled to vote; a present member of the drafting group is recused (counted for the quorum, not
 * for the vote) and invited experts never vote. A NO vote is dissent and carries its reasons.
 */
function countMeeting(
  command: Extract<SpecificationProjectCommand, { type: 'HoldReviewMeeting' }>,
  state: SpecificationProjectState,
  context: SpecificationContext,
): ReviewMeetingHeldV1 {
  const { policy } = context;
  const members = command.members;
  const memberSet = new Set(members);
  if (members.length === 0 || memberSet.size !== members.length) refuse('specification.committee-members', 'The committee lists each member once, at least one.', '技术委员会委员至少一人，且不得重复。');
  const present = command.present;
  if (new Set(present).size !== present.length) refuse('specification.attendance-duplicate', 'Each member is listed present once.', '出席委员不得重复登记。');
  for (const id of present) {
    if (!memberSet.has(id)) refuse('specification.present-not-a-member', `${id} is not a committee member; invited experts are listed separately.`, `${id} 不是技术委员会委员；特邀专家应另行登记。`);
  }
  const invited = new Set(command.invitedExperts);
  for (const id of invited) {
    if (memberSet.has(id)) refuse('specification.invited-expert-is-member', `${id} is a committee member, not an invited expert.`, `${id} 是技术委员会委员，不是特邀专家。`);
  }
  const drafters = new Set((state.draftingGroup?.members ?? []).map((m) => m.expertId));
  const conflicted = context.conflictedMembers ?? new Map<string, LocalizedText>();
  const presentSet = new Set(present);
  const voted = new Set<string>();
  for (const v of command.votes) {
    if (invited.has(v.expertId)) {
      refuse('specification.invited-expert-cannot-vote', `${v.expertId} attends as an invited expert and does not vote.`, `${v.expertId} 为特邀专家，不参加表决。`);
    }
    if (drafters.has(v.expertId)) {
      refuse('specification.drafter-cannot-vote', `${v.expertId} is in the drafting group and may not vote on its own draft.`, `${v.expertId} 是起草组成员，不得对本组草案表决。`);
    }
    const conflict = conflicted.get(v.expertId);
    if (conflict) {
      refuse('specification.conflicted-member-cannot-vote', `${v.expertId} may not vote on this draft: ${conflict.en}`, `${v.expertId} 应当回避，不得对本草案表决：${conflict['zh-CN']}`);
    }
    if (!memberSet.has(v.expertId)) refuse('specification.voter-not-a-member', `${v.expertId} is not a committee member.`, `${v.expertId} 不是技术委员会委员。`);
    if (!presentSet.has(v.expertId)) refuse('specification.voter-not-present', `${v.expertId} is not recorded as present.`, `${v.expertId} 未登记出席。`);
    if (voted.has(v.expertId)) refuse('specification.voted-twice', `${v.expertId} voted twice.`, `${v.expertId} 重复表决。`);
    voted.add(v.expertId);
    if (v.vote === 'NO') expectReasons(v.reasons, { en: `The dissent of ${v.expertId}`, 'zh-CN': `${v.expertId} 的反对意见` });
  }

  const recused = present.filter((id) => drafters.has(id) || conflicted.has(id));
  const eligible = present.length - recused.length;
  const quorumRequired = Math.max(1, atLeastFractionOf(policy.quorum, members.length));
  const quorate = present.length >= quorumRequired;
  const yesRequired = atLeastFractionOf(policy.passFraction, eligible);
  const votes = command.votes.map((v) => (v.reasons?.length ? { expertId: v.expertId, vote: v.vote, reasons: v.reasons } : { expertId: v.expertId, vote: v.vote }));
  const yes = votes.filter((v) => v.vote === 'YES').length;
  const no = votes.filter((v) => v.vote === 'NO').length;
  const abstain = votes.filter((v) => v.vote === 'ABSTAIN').length;
  const outcome = !quorate ? 'NO_QUORUM' : eligible > 0 && yes >= yesRequired ? 'PASSED' : 'NOT_PASSED';
  const rule =
    `quorum: ${present.length} of ${members.length} members present, ${quorumRequired} (${fractionText(policy.quorum)}) needed; ` +
    `vote: ${yes} yes of ${eligible} present members entitled to vote, ${yesRequired} (${fractionText(policy.passFraction)}) needed` +
    (recused.length ? `; recused (drafting group or conflict of interest): ${recused.join(', ')}` : '') +
    (invited.size ? `; invited experts (no vote): ${[...invited].join(', ')}` : '');
  return {
    projectId: command.projectId,
    heldAt: context.now.toISOString(),
    meetingDate: state.review!.meetingDate,
    members,
    present,
    invitedExperts: command.invitedExperts,
    recused,
    votes,
    quorum: policy.quorum,
    quorumRequired,
    passFraction: policy.passFraction,
    yesRequired,
    yes,
    no,
    abstain,
    outcome,
    dissent: votes.filter((v) => v.vote === 'NO').map((v) => ({ expertId: v.expertId, reasons: v.reasons! })),
    rule,
  };
}

export function evolveSpecificationProject(state: SpecificationProjectState, event: SpecificationEvent): SpecificationProjectState {
  switch (event.type) {
    case T.Proposed:
      return {
        status: 'PROPOSED',
        projectId: event.data.projectId,
        policyVersion: event.data.policyVersion,
        drafterInstitutionId: event.data.drafterInstitutionId,
      };
    case T.ExpertAppraised:
      return { ...state, status: event.data.conclusion === 'RECOMMENDED' ? 'EXPERT_APPRAISED' : 'APPRAISAL_REJECTED' };
    case T.PublicNoticeStarted:
      return { ...state, status: 'PUBLIC_NOTICE', publicNoticeEndsOn: event.data.endsOn };
    case T.Planned:
      return {
        ...state,
        status: 'PLANNED',
        planYear: event.data.planYear,
        deadlineOn: event.data.deadlineOn,
        ...(event.data.remindOn ? { limitRemindOn: event.data.remindOn } : {}),
      };
    case T.PlanAdjusted:
      return event.data.adjustment === 'CANCELLED'
        ? { ...state, status: 'CANCELLED' }
        : { ...state, drafterInstitutionId: event.data.drafterInstitutionId };
    case T.DraftingGroupFormed:
      return { ...state, status: 'DRAFTING', draftingGroup: { leaderExpertId: event.data.leaderExpertId, members: event.data.members } };
    case T.DraftVersionRecorded:
      return { ...state, versions: [...(state.versions ?? []), event.data] };
    case T.ConsultationDraftIssued:
      return { ...state, status: 'CONSULTATION', consultation: { versionLabel: event.data.versionLabel, closesOn: event.data.closesOn }, comments: [] };
    case T.CommentReceived:
      return { ...state, comments: [...(state.comments ?? []), { commentId: event.data.commentId, clause: event.data.clause, source: event.data.source }] };
    case T.CommentPeriodClosed:
      return { ...state, status: 'DISPOSITION' };
    case T.CommentDisposed:
      return {
        ...state,
        comments: (state.comments ?? []).map((c) => (c.commentId === event.data.commentId ? { ...c, disposition: event.data.disposition } : c)),
      };
    case T.ReviewScheduled:
      return {
        ...state,
        status: 'REVIEW_SCHEDULED',
        review: { meetingDate: event.data.meetingDate, reviewDraftVersion: event.data.reviewDraftVersion, draftSentOn: event.data.draftSentOn, noticeDays: event.data.noticeDays },
      };
    case T.ReviewMeetingHeld:
      return { ...state, status: event.data.outcome === 'PASSED' ? 'REVIEWED' : 'DRAFTING', meetings: (state.meetings ?? 0) + 1 };
    case T.SubmittedForApproval:
      return { ...state, status: 'SUBMITTED_FOR_APPROVAL' };
    case T.Published:
      return { ...state, status: 'PUBLISHED', number: event.data.number, publishedOn: event.data.publishedOn, periodicReviewDueOn: event.data.periodicReviewDueOn };
    case T.Filed:
      return { ...state, status: 'FILED' };
    case T.EnteredIntoForce:
      return { ...state, status: 'IN_FORCE' };
    case T.PeriodicReviewStarted:
      return { ...state, status: 'PERIODIC_REVIEW' };
    case T.EffectEvaluationStarted:
      return { ...state, status: 'EFFECT_EVALUATION' };
    case T.EvaluationConcluded:
      switch (event.data.outcome) {
        case 'CONFIRMED':
          return { ...state, status: 'IN_FORCE', outcome: 'CONFIRMED', periodicReviewDueOn: event.data.nextReviewDueOn };
        case 'REVISION':
          return { ...state, status: 'REVISION', outcome: 'REVISION', revisionProjectId: event.data.revisionProjectId };
        case 'WITHDRAWN':
          return { ...state, status: 'WITHDRAWN', outcome: 'WITHDRAWN' };
      }
      return state;
    case T.PublicNoticeEnded:
      return { ...state, publicNoticeEndedAt: event.data.recordedAt };
    case T.ProjectLimitReminderSent:
      return { ...state, limitReminderSentAt: event.data.remindedAt };
    case T.ProjectOverdue:
      return { ...state, overdueSince: event.data.escalatedAt };
    case T.ReviewMeetingDue:
      return state.review ? { ...state, review: { ...state.review, dueNotifiedAt: event.data.remindedAt } } : state;
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

export function foldSpecificationProject(events: readonly SpecificationEvent[]): SpecificationProjectState {
  return events.reduce(evolveSpecificationProject, initialSpecificationProjectState);
}
