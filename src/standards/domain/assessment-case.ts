import {
  AssessmentEventTypes,
  type AssessmentEvent,
  type AssessmentKind,
  type AssignedAssessor,
  type EvaluationMode,
  type Nonconformity,
  type RecordedDeadline,
  type StandardCategory,
} from '../../../events/assessment.events.js';
import { addWorkingDays, chinaDate, endOfChinaDay, type WorkingDayCalendar } from '../../calendar/working-days.js';
import { DomainError, type LocalizedText } from '../../shared/domain-error.js';
import type { AssessmentPolicy } from './assessment-policy.js';

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
    }
  | { type: 'DeemApplicationAccepted'; caseId: string }
  | { type: 'RequestSupplement'; caseId: string; missing: string[] }
  | { type: 'ResubmitApplication'; caseId: string }
  | { type: 'AcceptApplication'; caseId: string }
  | { type: 'AssignAssessors'; caseId: string; assessors: ProposedAssessor[] }
  | { type: 'StartEvaluation'; caseId: string; mode: EvaluationMode }
  | { type: 'RequestRectification'; caseId: string; nonconformities: Nonconformity[] }
  | { type: 'SubmitRectification'; caseId: string; evidence: string[] }
  | { type: 'ConfirmRectification'; caseId: string }
  | { type: 'RecordRectificationMissed'; caseId: string }
  | { type: 'ConcludeEvaluation'; caseId: string; outcome: 'PASS' | 'FAIL'; summary: string }
  | { type: 'DecideCase'; caseId: string; decision: 'APPROVED' | 'REFUSED'; reasons: string[]; certificateNo?: string };

export interface DecisionContext {
  now: Date;
  calendar: WorkingDayCalendar;
  policy: AssessmentPolicy;
  /** Who sends the command; rules about assessors compare it with the assigned ones. */
  actorId?: string;
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

function workingDayDeadline(context: DecisionContext, workingDays: number): RecordedDeadline {
  const lastDay = addWorkingDays(context.calendar, chinaDate(context.now), workingDays);
  return { dueAt: endOfChinaDay(lastDay).toISOString(), workingDays, calendar: context.calendar.id };
}

function expectAssignedAssessor(state: AssessmentCaseState, caseId: string, context: DecisionContext, step: LocalizedText): void {
  if (context.actorId && state.assessors?.some((a) => a.expertId === context.actorId)) return;
  refuse(
    'assessment.not-an-assigned-assessor',
    `Only an assessor assigned to case ${caseId} may ${step.en}.`,
    `只有指派给案件 ${caseId} 的考评员才能${step['zh-CN']}。`,
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

export function decideAssessment(command: AssessmentCommand, state: AssessmentCaseState, context: DecisionContext): AssessmentEvent[] {
  const at = context.now.toISOString();
  const caseId = command.caseId;
  switch (command.type) {
    case 'SubmitApplication': {
      if (state.status !== 'NONE') {
        refuse('assessment.already-submitted', `Case ${caseId} has already been submitted; an application is submitted once.`, `案件 ${caseId} 已提交，同一申请只能提交一次。`);
      }
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
          },
        },
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
      return [{ type: AssessmentEventTypes.RectificationSubmitted, data: { caseId, submittedAt: at, evidence: command.evidence } }];
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
      return [{ type: AssessmentEventTypes.EvaluationConcluded, data: { caseId, concludedAt: at, outcome: command.outcome, summary: command.summary } }];
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
    case AssessmentEventTypes.EvaluationConcluded:
      return { ...state, status: event.data.outcome === 'PASS' ? 'EVALUATED_PASS' : 'EVALUATED_FAIL' };
    case AssessmentEventTypes.CaseDecided:
      return { ...state, status: event.data.decision };
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

export const assessmentStreamId = (caseId: string): string => `assessment-${caseId}`;
