import {
  AssessmentEventTypes,
  type AssessmentEvent,
  type AssessmentKind,
  type AssignedAssessor,
  type DeadlineStep,
  type EvaluationMode,
  type Nonconformity,
  type RecordedDeadline,
  type StandardCategory,
} from '../../../events/assessment.events.js';
import type { AttachedDocument, DocumentAttachmentPurpose } from '../../../events/assessment.events.js';
import type { DocumentKind } from '../../../events/document.events.js';
import { addWorkingDays, chinaDate, endOfChinaDay, subtractWorkingDays, type WorkingDayCalendar } from '../../calendar/working-days.js';
import { DomainError, type LocalizedText } from '../../shared/domain-error.js';
import type { AssessmentPolicy } from './assessment-policy.js';
import { computeTechnicalCheck, type TechnicalCheckData } from './technical-check-recording.js';
import { checkRenewalLink, type RenewedCertificateFacts } from './re-examination.js';

/**
 * 计量标准考核案件: one assessment case of a measurement standard, as pure decision code.
 * `decideAssessment` takes the command, the state and the context (time, calendar, policy, actor)
 * and returns the events to record or refuses with a DomainError naming the rule; `evolve` folds
 * events into state. No framework, no I/O, no clock: the caller passes `now`.
 *
 * States (shared/DOMAIN.md §1):
 *   SUBMITTED → SUPPLEMENT_REQUESTED → SUBMITTED (resubmitted)
 *   SUBMITTED → ACCEPTED (explicitly, or deemed when the window passes without a notice)
 *   ACCEPTED → ASSESSORS_ASSIGNED → UNDER_EVALUATION ⇄ RECTIFICATION (deadline missed: FAILED)
 *   UNDER_EVALUATION → EVALUATED_PASS | EVALUATED_FAIL → APPROVED (certificate issued) | REFUSED
 */
export type AssessmentCaseStatus =
  | 'NONE'
  | 'SUBMITTED'
  | 'SUPPLEMENT_REQUESTED'
  | 'ACCEPTED'
  | 'ASSESSORS_ASSIGNED'
  | 'UNDER_EVALUATION'
  | 'RECTIFICATION'
  | 'FAILED'
  | 'EVALUATED_PASS'
  | 'EVALUATED_FAIL'
  | 'APPROVED'
  | 'REFUSED';

export interface AssessmentCaseState {
  status: AssessmentCaseStatus;
  caseId?: string;
  kind?: AssessmentKind;
  institutionId?: string;
  acceptanceDeadline?: RecordedDeadline;
  /** One supplement notice per submission round; a resubmission opens a new round. */
  supplementRequestedThisRound?: boolean;
  assessors?: AssignedAssessor[];
  evaluationMode?: EvaluationMode;
  rectification?: { deadline: RecordedDeadline; submitted: boolean };
  /** Set by the conclusion: the authority's decision limit, and whether it was extended (once). */
  decision?: { deadline: RecordedDeadline; extended: boolean; escalated: boolean };
  /** `${step}@${dueAt}` of every reminder sent: one per step and limit. */
  remindersSent?: string[];
  /** The kinds of every document attached so far, for the completeness check (材料完整性检查). */
  attachedDocumentKinds?: DocumentKind[];
}

export const initialAssessmentCaseState: AssessmentCaseState = { status: 'NONE' };

/** What the registry's conflict-of-interest rule said about one proposed assessor. */
export interface ProposedAssessor extends AssignedAssessor {
  refusals: { rule: string; text: LocalizedText }[];
}

export type AssessmentCommand =
  | {
      type: 'SubmitApplication';
      caseId: string;
      kind: AssessmentKind;
      institutionId: string;
      standard: { name: string; category: StandardCategory; measurand: string };
      /** Resolved against the applicant's uploads by the handler; a submission may lack some (a supplement notice asks for them). */
      documents?: AttachedDocument[];
      /** RE_EXAMINATION only: the case that issued the certificate to renew ... */
      renewsCaseId?: string;
      /** ... and that certificate as the handler found it (src/standards/domain/re-examination.ts decides). */
      renewedCertificate?: RenewedCertificateFacts;
    }
  | { type: 'DeemApplicationAccepted'; caseId: string }
  | { type: 'RequestSupplement'; caseId: string; missing: string[] }
  | { type: 'ResubmitApplication'; caseId: string; documents?: AttachedDocument[] }
  | { type: 'AcceptApplication'; caseId: string }
  | { type: 'AssignAssessors'; caseId: string; assessors: ProposedAssessor[] }
  | { type: 'StartEvaluation'; caseId: string; mode: EvaluationMode }
  | { type: 'RequestRectification'; caseId: string; nonconformities: Nonconformity[] }
  | {
      type: 'SubmitRectification';
      caseId: string;
      /** References (SHA-256) of the evidence. */
      evidence: string[];
      /** The same references resolved against the applicant's uploads (the handler resolves them). */
      documents?: AttachedDocument[];
    }
  | { type: 'ConfirmRectification'; caseId: string }
  | { type: 'RecordRectificationMissed'; caseId: string }
  | { type: 'ConcludeEvaluation'; caseId: string; outcome: 'PASS' | 'FAIL'; summary: string }
  | { type: 'DecideCase'; caseId: string; decision: 'APPROVED' | 'REFUSED'; reasons: string[]; certificateNo?: string }
  | { type: 'ExtendDecisionLimit'; caseId: string; reasons: string[] }
  | { type: 'SendDeadlineReminder'; caseId: string; step: DeadlineStep }
  | { type: 'RecordDecisionOverdue'; caseId: string }
  | { type: 'RecordTechnicalCheck'; caseId: string; data: TechnicalCheckData };

export interface DecisionContext {
  now: Date;
  calendar: WorkingDayCalendar;
  policy: AssessmentPolicy;
  /** Who sends the command; rules about assessors compare it with the assigned ones. */
  actorId?: string;
  /** The role the actor acts in, for steps more than one role may take (technical data). */
  actorRole?: string;
  /** The actor's institution, for steps the applicant takes. */
  actorInstitutionId?: string;
}

const refuse = (code: string, en: string, zh: string): never => {
  throw new DomainError(code, { en, 'zh-CN': zh });
};

/** Requires the case to be in one of the given states, naming the step and the state it is in. */
function expectStatus(state: AssessmentCaseState, caseId: string, allowed: AssessmentCaseStatus[], step: LocalizedText): void {
  if (allowed.includes(state.status)) return;
  if (state.status === 'NONE') refuse('assessment.unknown-case', `There is no assessment case ${caseId}.`, `不存在考核案件 ${caseId}。`);
  refuse(
    'assessment.step-not-allowed-now',
    `Case ${caseId} is ${state.status}; ${step.en} is allowed only when it is ${allowed.join(' or ')}.`,
    `案件 ${caseId} 当前状态为 ${state.status}；只有在 ${allowed.join(' 或 ')} 状态下才能${step['zh-CN']}。`,
  );
}

function workingDayDeadline(context: DecisionContext, workingDays: number, from: string = chinaDate(context.now)): RecordedDeadline {
  const lastDay = addWorkingDays(context.calendar, from, workingDays);
  const deadline: RecordedDeadline = { dueAt: endOfChinaDay(lastDay).toISOString(), workingDays, calendar: context.calendar.id };
  const lead = context.policy.reminderLeadWorkingDays;
  if (lead > 0 && lead < workingDays) {
    // At the start of the lead-th working day before the last day (China time); never in the past.
    const remindAt = endOfChinaDay(subtractWorkingDays(context.calendar, lastDay, lead + 1));
    if (remindAt.getTime() > context.now.getTime()) deadline.remindAt = remindAt.toISOString();
  }
  return deadline;
}

/** The open limit of a step, if the case is at that step now. */
function openDeadline(state: AssessmentCaseState, step: DeadlineStep): RecordedDeadline | undefined {
  switch (step) {
    case 'ACCEPTANCE':
      return state.status === 'SUBMITTED' ? state.acceptanceDeadline : undefined;
    case 'RECTIFICATION':
      return state.status === 'RECTIFICATION' && !state.rectification!.submitted ? state.rectification!.deadline : undefined;
    case 'DECISION':
      return state.status === 'EVALUATED_PASS' || state.status === 'EVALUATED_FAIL' ? state.decision?.deadline : undefined;
  }
}

const STEP_NAMES: Record<DeadlineStep, LocalizedText> = {
  ACCEPTANCE: { en: 'acceptance', 'zh-CN': '受理' },
  RECTIFICATION: { en: 'rectification', 'zh-CN': '整改' },
  DECISION: { en: 'decision', 'zh-CN': '审批决定' },
};

function expectAssignedAssessor(state: AssessmentCaseState, caseId: string, context: DecisionContext, step: LocalizedText): void {
  if (context.actorId && state.assessors?.some((a) => a.expertId === context.actorId)) return;
  refuse(
    'assessment.not-an-assigned-assessor',
    `Only an assessor assigned to case ${caseId} may ${step.en}.`,
    `只有指派给案件 ${caseId} 的考评员才能${step['zh-CN']}。`,
  );
}

/** The applicant submits technical data from submission until the evaluation ends, its rectification included. */
export const APPLICANT_TECHNICAL_DATA_STATES: AssessmentCaseStatus[] = ['SUBMITTED', 'SUPPLEMENT_REQUESTED', 'ACCEPTED', 'ASSESSORS_ASSIGNED', 'UNDER_EVALUATION', 'RECTIFICATION'];
/** An assigned assessor records data he measured or checked himself while he evaluates. */
export const ASSESSOR_TECHNICAL_DATA_STATES: AssessmentCaseStatus[] = ['UNDER_EVALUATION', 'RECTIFICATION'];

/**
 * Technical data (技术考核数据) is recorded by the applicant institution for its own case while the
 * case is open for it, or by an assessor assigned to the case while the evaluation runs; nobody
 * else, and nobody once the evaluation is concluded or the case has failed.
 */
function expectTechnicalDataAuthor(state: AssessmentCaseState, caseId: string, context: DecisionContext): void {
  if (context.actorRole === 'expert') {
    expectStatus(state, caseId, ASSESSOR_TECHNICAL_DATA_STATES, { en: 'recording technical data by an assessor', 'zh-CN': '由考评员录入技术考核数据' });
    expectAssignedAssessor(state, caseId, context, { en: 'record technical data as an assessor', 'zh-CN': '以考评员身份录入技术考核数据' });
    return;
  }
  if (context.actorRole === 'institution') {
    expectStatus(state, caseId, APPLICANT_TECHNICAL_DATA_STATES, { en: 'recording technical data by the applicant', 'zh-CN': '由申请单位录入技术考核数据' });
    if (context.actorInstitutionId === undefined || context.actorInstitutionId !== state.institutionId) {
      refuse(
        'assessment.not-the-applicant',
        `Only the applicant institution of case ${caseId} may record its technical data.`,
        `只有案件 ${caseId} 的申请单位才能录入其技术考核数据。`,
      );
    }
    return;
  }
  expectStatus(state, caseId, APPLICANT_TECHNICAL_DATA_STATES, { en: 'recording technical data', 'zh-CN': '录入技术考核数据' });
  refuse(
    'assessment.technical-data-author',
    `Technical data of case ${caseId} is recorded by the applicant institution or an assigned assessor, not in the role ${context.actorRole ?? 'unknown'}.`,
    `案件 ${caseId} 的技术考核数据由申请单位或指派的考评员录入，${context.actorRole ?? '未知'}角色不能录入。`,
  );
}

/** The day before the same date `years` later: a certificate valid 5 years from 2026-03-02 ends 2031-03-01. */
function validUntil(validFrom: string, years: number): string {
  const [y, m, d] = validFrom.split('-').map(Number);
  const end = new Date(Date.UTC(y + years, m - 1, d));
  if (end.getUTCMonth() !== m - 1) end.setUTCDate(0); // 29 February → 28 February
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** The documents a submission, resubmission or rectification carries, as their own event beside it; none: no event. */
function documentsAttached(caseId: string, at: string, purpose: DocumentAttachmentPurpose, documents: AttachedDocument[] | undefined): AssessmentEvent[] {
  if (!documents?.length) return [];
  return [{ type: AssessmentEventTypes.DocumentsAttached, data: { caseId, attachedAt: at, purpose, documents: documents.map(({ sha256, name, kind, size }) => ({ sha256, name, kind, size })) } }];
}

export function decideAssessment(command: AssessmentCommand, state: AssessmentCaseState, context: DecisionContext): AssessmentEvent[] {
  const at = context.now.toISOString();
  const caseId = command.caseId;
  switch (command.type) {
    case 'SubmitApplication': {
      if (state.status !== 'NONE') {
        refuse('assessment.already-submitted', `Case ${caseId} has already been submitted; an application is submitted once.`, `案件 ${caseId} 已提交，同一申请只能提交一次。`);
      }
      checkRenewalLink(command.kind, command.institutionId, command.renewsCaseId, command.renewedCertificate);
      return [
        {
          type: AssessmentEventTypes.ApplicationSubmitted,
          data: {
            caseId,
            kind: command.kind,
            institutionId: command.institutionId,
            standard: command.standard,
            submittedAt: at,
            acceptanceDeadline: workingDayDeadline(context, context.policy.acceptanceWorkingDays),
            ...(command.renewsCaseId ? { renewsCaseId: command.renewsCaseId } : {}),
          },
        },
        ...documentsAttached(caseId, at, 'APPLICATION', command.documents),
      ];
    }
    case 'DeemApplicationAccepted': {
      if (state.status !== 'SUBMITTED' || !state.acceptanceDeadline) {
        refuse(
          'assessment.not-awaiting-acceptance',
          `Case ${caseId} is not waiting for acceptance (it is ${state.status}); only a submitted application can be deemed accepted.`,
          `案件 ${caseId} 当前状态为 ${state.status}，不在待受理状态；只有已提交的申请才能视为受理。`,
        );
      }
      const deadline = state.acceptanceDeadline!;
      if (context.now.getTime() < Date.parse(deadline.dueAt)) {
        refuse(
          'assessment.acceptance-time-limit-running',
          `The acceptance time limit of case ${caseId} runs until ${deadline.dueAt}; it cannot be deemed accepted before then.`,
          `案件 ${caseId} 的受理时限至 ${deadline.dueAt} 届满，届满前不能视为受理。`,
        );
      }
      return [{ type: AssessmentEventTypes.ApplicationDeemedAccepted, data: { caseId, acceptedAt: at, deadline } }];
    }
    case 'RequestSupplement': {
      expectStatus(state, caseId, ['SUBMITTED'], { en: 'a supplement notice', 'zh-CN': '发出补正通知' });
      if (state.supplementRequestedThisRound) {
        refuse(
          'assessment.one-supplement-notice',
          `A supplement notice for this submission of case ${caseId} was already sent; the notice lists everything missing at once.`,
          `案件 ${caseId} 本次提交已发出过补正通知；补正通知应一次性列明全部缺失材料。`,
        );
      }
      if (context.now.getTime() >= Date.parse(state.acceptanceDeadline!.dueAt)) {
        refuse(
          'assessment.supplement-window-closed',
          `The window for a supplement notice on case ${caseId} closed at ${state.acceptanceDeadline!.dueAt}; the application counts as accepted.`,
          `案件 ${caseId} 发出补正通知的期限已于 ${state.acceptanceDeadline!.dueAt} 届满，申请视为受理。`,
        );
      }
      if (command.missing.length === 0) {
        refuse('assessment.supplement-lists-nothing', 'A supplement notice must list what is missing.', '补正通知必须列明缺失的材料。');
      }
      return [{ type: AssessmentEventTypes.SupplementRequested, data: { caseId, requestedAt: at, missing: command.missing } }];
    }
    case 'ResubmitApplication': {
      expectStatus(state, caseId, ['SUPPLEMENT_REQUESTED'], { en: 'resubmission', 'zh-CN': '重新提交' });
      return [
        {
          type: AssessmentEventTypes.ApplicationResubmitted,
          data: { caseId, resubmittedAt: at, acceptanceDeadline: workingDayDeadline(context, context.policy.acceptanceWorkingDays) },
        },
        ...documentsAttached(caseId, at, 'SUPPLEMENT', command.documents),
      ];
    }
    case 'AcceptApplication': {
      expectStatus(state, caseId, ['SUBMITTED'], { en: 'acceptance', 'zh-CN': '受理' });
      return [{ type: AssessmentEventTypes.ApplicationAccepted, data: { caseId, acceptedAt: at } }];
    }
    case 'AssignAssessors': {
      expectStatus(state, caseId, ['ACCEPTED'], { en: 'assigning assessors', 'zh-CN': '指派考评员' });
      const ids = command.assessors.map((a) => a.expertId);
      if (ids.length === 0 || ids.length > context.policy.maxAssessors || new Set(ids).size !== ids.length) {
        refuse(
          'assessment.assessor-count',
          `A case needs 1 to ${context.policy.maxAssessors} different assessors; ${ids.length} were proposed.`,
          `每个案件需指派 1 至 ${context.policy.maxAssessors} 名不同的考评员，现提出 ${ids.length} 名。`,
        );
      }
      const conflicted = command.assessors.find((a) => a.refusals.length > 0);
      if (conflicted) {
        const first = conflicted.refusals[0];
        throw new DomainError(first.rule, {
          en: `Assessor ${conflicted.expertId} cannot be assigned: ${conflicted.refusals.map((r) => r.text.en).join(' ')}`,
          'zh-CN': `考评员 ${conflicted.expertId} 不能被指派：${conflicted.refusals.map((r) => r.text['zh-CN']).join('')}`,
        });
      }
      return [
        {
          type: AssessmentEventTypes.AssessorsAssigned,
          data: { caseId, assignedAt: at, assessors: command.assessors.map(({ expertId, discipline }) => ({ expertId, discipline })) },
        },
      ];
    }
    case 'StartEvaluation': {
      expectStatus(state, caseId, ['ASSESSORS_ASSIGNED'], { en: 'starting the evaluation', 'zh-CN': '开始考评' });
      if (state.kind === 'NEW' && command.mode !== 'ON_SITE') {
        refuse(
          'assessment.new-standard-needs-on-site',
          'A new measurement standard is evaluated on site; document review alone is for re-examinations.',
          '新建计量标准须进行现场考评；仅书面审查适用于复查考核。',
        );
      }
      return [{ type: AssessmentEventTypes.EvaluationStarted, data: { caseId, startedAt: at, mode: command.mode } }];
    }
    case 'RequestRectification': {
      expectStatus(state, caseId, ['UNDER_EVALUATION'], { en: 'requesting rectification', 'zh-CN': '提出整改要求' });
      expectAssignedAssessor(state, caseId, context, { en: 'request rectification', 'zh-CN': '提出整改要求' });
      if (command.nonconformities.length === 0) {
        refuse('assessment.rectification-lists-nothing', 'A rectification request must list the nonconformities.', '整改要求必须列明不符合项。');
      }
      return [
        {
          type: AssessmentEventTypes.RectificationRequested,
          data: { caseId, requestedAt: at, nonconformities: command.nonconformities, deadline: workingDayDeadline(context, context.policy.rectificationWorkingDays) },
        },
      ];
    }
    case 'SubmitRectification': {
      expectStatus(state, caseId, ['RECTIFICATION'], { en: 'submitting the rectification', 'zh-CN': '提交整改材料' });
      const deadline = state.rectification!.deadline;
      if (context.now.getTime() >= Date.parse(deadline.dueAt)) {
        refuse(
          'assessment.rectification-deadline-passed',
          `The rectification deadline of case ${caseId} passed at ${deadline.dueAt}.`,
          `案件 ${caseId} 的整改期限已于 ${deadline.dueAt} 届满。`,
        );
      }
      if (command.evidence.length === 0) refuse('assessment.rectification-without-evidence', 'A rectification needs its evidence.', '提交整改须附整改证明材料。');
      return [
        { type: AssessmentEventTypes.RectificationSubmitted, data: { caseId, submittedAt: at, evidence: command.evidence } },
        ...documentsAttached(caseId, at, 'RECTIFICATION', command.documents),
      ];
    }
    case 'ConfirmRectification': {
      expectStatus(state, caseId, ['RECTIFICATION'], { en: 'confirming the rectification', 'zh-CN': '确认整改' });
      expectAssignedAssessor(state, caseId, context, { en: 'confirm the rectification', 'zh-CN': '确认整改' });
      if (!state.rectification!.submitted) {
        refuse('assessment.rectification-not-submitted', `The applicant has not submitted the rectification of case ${caseId} yet.`, `申请单位尚未提交案件 ${caseId} 的整改材料。`);
      }
      return [{ type: AssessmentEventTypes.RectificationConfirmed, data: { caseId, confirmedAt: at } }];
    }
    case 'RecordRectificationMissed': {
      expectStatus(state, caseId, ['RECTIFICATION'], { en: 'recording a missed rectification', 'zh-CN': '记录逾期未整改' });
      const { deadline, submitted } = state.rectification!;
      if (submitted || context.now.getTime() < Date.parse(deadline.dueAt)) {
        refuse(
          'assessment.rectification-not-missed',
          `The rectification of case ${caseId} ${submitted ? 'was submitted' : `is due by ${deadline.dueAt}`}; it has not been missed.`,
          `案件 ${caseId} 的整改${submitted ? '已提交' : `期限至 ${deadline.dueAt}`}，不属于逾期未整改。`,
        );
      }
      return [{ type: AssessmentEventTypes.RectificationDeadlineMissed, data: { caseId, missedAt: at, deadline } }];
    }
    case 'ConcludeEvaluation': {
      expectStatus(state, caseId, ['UNDER_EVALUATION'], { en: 'concluding the evaluation', 'zh-CN': '作出考评结论' });
      expectAssignedAssessor(state, caseId, context, { en: 'conclude the evaluation', 'zh-CN': '作出考评结论' });
      return [
        {
          type: AssessmentEventTypes.EvaluationConcluded,
          data: { caseId, concludedAt: at, outcome: command.outcome, summary: command.summary, decisionDeadline: workingDayDeadline(context, context.policy.decisionWorkingDays) },
        },
      ];
    }
    case 'ExtendDecisionLimit': {
      expectStatus(state, caseId, ['EVALUATED_PASS', 'EVALUATED_FAIL'], { en: 'extending the decision limit', 'zh-CN': '延长审批期限' });
      const current = state.decision;
      if (!current) {
        refuse('assessment.no-decision-limit', `Case ${caseId} was concluded without a decision limit; there is nothing to extend.`, `案件 ${caseId} 的考评结论未设审批期限，无需延长。`);
      }
      if (current!.extended || context.policy.decisionExtensionWorkingDays === 0) {
        refuse(
          'assessment.decision-limit-extended-once',
          `The decision limit of case ${caseId} may be extended once only (by ${context.policy.decisionExtensionWorkingDays} working days), and it already was, or the policy allows none.`,
          `案件 ${caseId} 的审批期限只能延长一次（${context.policy.decisionExtensionWorkingDays} 个工作日），已经延长过或政策不允许延长。`,
        );
      }
      if (context.now.getTime() >= Date.parse(current!.deadline.dueAt)) {
        refuse(
          'assessment.decision-limit-passed',
          `The decision limit of case ${caseId} ran out at ${current!.deadline.dueAt}; an extension is granted before it runs out.`,
          `案件 ${caseId} 的审批期限已于 ${current!.deadline.dueAt} 届满；延长须在期限届满前决定。`,
        );
      }
      if (command.reasons.length === 0) refuse('assessment.extension-needs-reasons', 'An extension of the decision limit must state its reasons.', '延长审批期限须说明理由。');
      const lastDay = chinaDate(new Date(Date.parse(current!.deadline.dueAt) - 1));
      return [
        {
          type: AssessmentEventTypes.DecisionLimitExtended,
          data: {
            caseId,
            extendedAt: at,
            reasons: command.reasons,
            deadline: workingDayDeadline(context, context.policy.decisionExtensionWorkingDays, lastDay),
            previousDueAt: current!.deadline.dueAt,
          },
        },
      ];
    }
    case 'SendDeadlineReminder': {
      const deadline = openDeadline(state, command.step);
      const name = STEP_NAMES[command.step];
      if (!deadline?.remindAt) {
        refuse('assessment.no-reminder-due', `Case ${caseId} has no open ${name.en} limit with a reminder.`, `案件 ${caseId} 没有需要提醒的${name['zh-CN']}时限。`);
      }
      if (context.now.getTime() < Date.parse(deadline!.remindAt!)) {
        refuse('assessment.reminder-not-due-yet', `The ${name.en} reminder of case ${caseId} goes out at ${deadline!.remindAt}.`, `案件 ${caseId} 的${name['zh-CN']}时限提醒应于 ${deadline!.remindAt} 发出。`);
      }
      if (state.remindersSent?.includes(`${command.step}@${deadline!.dueAt}`)) {
        refuse('assessment.reminder-already-sent', `The ${name.en} reminder of case ${caseId} was already sent.`, `案件 ${caseId} 的${name['zh-CN']}时限提醒已发出。`);
      }
      return [
        {
          type: AssessmentEventTypes.DeadlineReminderSent,
          data: { caseId, step: command.step, audience: command.step === 'RECTIFICATION' ? 'APPLICANT' : 'AUTHORITY', dueAt: deadline!.dueAt, remindedAt: at },
        },
      ];
    }
    case 'RecordDecisionOverdue': {
      const deadline = openDeadline(state, 'DECISION');
      if (!deadline || state.decision!.escalated || context.now.getTime() < Date.parse(deadline.dueAt)) {
        refuse(
          'assessment.decision-not-overdue',
          `The decision on case ${caseId} is not overdue${deadline ? ` (due by ${deadline.dueAt})` : ''}, or was already escalated.`,
          `案件 ${caseId} 的审批决定未逾期${deadline ? `（期限至 ${deadline.dueAt}）` : ''}，或已上报。`,
        );
      }
      return [{ type: AssessmentEventTypes.DecisionOverdue, data: { caseId, dueAt: deadline!.dueAt, escalatedAt: at } }];
    }
    case 'DecideCase': {
      expectStatus(state, caseId, ['EVALUATED_PASS', 'EVALUATED_FAIL'], { en: 'the decision', 'zh-CN': '作出审批决定' });
      if (command.decision === 'APPROVED' && state.status !== 'EVALUATED_PASS') {
        refuse('assessment.approval-needs-passed-evaluation', 'A case whose evaluation failed cannot be approved.', '考评结论为不合格的案件不能批准。');
      }
      if (command.decision === 'REFUSED' && command.reasons.length === 0) {
        refuse('assessment.refusal-needs-reasons', 'A refusal must state its main reasons.', '不予批准须说明主要理由。');
      }
      if (command.decision === 'REFUSED') {
        return [{ type: AssessmentEventTypes.CaseDecided, data: { caseId, decidedAt: at, decision: 'REFUSED', reasons: command.reasons } }];
      }
      if (!command.certificateNo) refuse('assessment.approval-needs-certificate-number', 'An approval issues a certificate: give its number.', '批准须签发证书，请给出证书编号。');
      const validFrom = chinaDate(context.now);
      return [
        {
          type: AssessmentEventTypes.CaseDecided,
          data: {
            caseId,
            decidedAt: at,
            decision: 'APPROVED',
            reasons: command.reasons,
            certificate: { certificateNo: command.certificateNo!, validFrom, validUntil: validUntil(validFrom, context.policy.certificateValidityYears) },
          },
        },
      ];
    }
    case 'RecordTechnicalCheck': {
      expectTechnicalDataAuthor(state, caseId, context);
      // Who and when first (409); then the data itself, which the computation may refuse (422).
      const record = computeTechnicalCheck(command.data);
      return [{ type: AssessmentEventTypes.TechnicalCheckRecorded, data: { caseId, recordedAt: at, check: command.data.check, record } }];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function evolveAssessment(state: AssessmentCaseState, event: AssessmentEvent): AssessmentCaseState {
  switch (event.type) {
    case AssessmentEventTypes.ApplicationSubmitted:
      return {
        status: 'SUBMITTED',
        caseId: event.data.caseId,
        kind: event.data.kind,
        institutionId: event.data.institutionId,
        acceptanceDeadline: event.data.acceptanceDeadline,
        supplementRequestedThisRound: false,
      };
    case AssessmentEventTypes.SupplementRequested:
      return { ...state, status: 'SUPPLEMENT_REQUESTED', supplementRequestedThisRound: true };
    case AssessmentEventTypes.ApplicationResubmitted:
      return { ...state, status: 'SUBMITTED', acceptanceDeadline: event.data.acceptanceDeadline, supplementRequestedThisRound: false };
    case AssessmentEventTypes.ApplicationAccepted:
    case AssessmentEventTypes.ApplicationDeemedAccepted:
      return { ...state, status: 'ACCEPTED' };
    case AssessmentEventTypes.AssessorsAssigned:
      return { ...state, status: 'ASSESSORS_ASSIGNED', assessors: event.data.assessors };
    case AssessmentEventTypes.EvaluationStarted:
      return { ...state, status: 'UNDER_EVALUATION', evaluationMode: event.data.mode };
    case AssessmentEventTypes.RectificationRequested:
      return { ...state, status: 'RECTIFICATION', rectification: { deadline: event.data.deadline, submitted: false } };
    case AssessmentEventTypes.RectificationSubmitted:
      return { ...state, rectification: { ...state.rectification!, submitted: true } };
    case AssessmentEventTypes.RectificationConfirmed:
      return { ...state, status: 'UNDER_EVALUATION', rectification: undefined };
    case AssessmentEventTypes.RectificationDeadlineMissed:
      return { ...state, status: 'FAILED' };
    case AssessmentEventTypes.EvaluationConcluded: {
      const deadline = event.data.decisionDeadline;
      return {
        ...state,
        status: event.data.outcome === 'PASS' ? 'EVALUATED_PASS' : 'EVALUATED_FAIL',
        decision: deadline ? { deadline, extended: false, escalated: false } : undefined,
      };
    }
    case AssessmentEventTypes.DecisionLimitExtended:
      return { ...state, decision: { ...state.decision!, deadline: event.data.deadline, extended: true, escalated: false } };
    case AssessmentEventTypes.DeadlineReminderSent:
      return { ...state, remindersSent: [...(state.remindersSent ?? []), `${event.data.step}@${event.data.dueAt}`] };
    case AssessmentEventTypes.DecisionOverdue:
      return { ...state, decision: { ...state.decision!, escalated: true } };
    case AssessmentEventTypes.CaseDecided:
      return { ...state, status: event.data.decision };
    case AssessmentEventTypes.DocumentsAttached:
      return { ...state, attachedDocumentKinds: [...new Set([...(state.attachedDocumentKinds ?? []), ...event.data.documents.map((d) => d.kind)])] };
    case AssessmentEventTypes.TechnicalCheckRecorded:
      return state; // data for the assessors and the record; no rule of the process depends on it
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

export const assessmentStreamId = (caseId: string): string => `assessment-${caseId}`;
