import type { AssessmentKind, DeadlineStep, StandardCategory } from '../../../events/assessment.events.js';
import type { Actor } from '../../identity/roles.js';
import type { LocalizedText } from '../../shared/domain-error.js';
import type { AssessmentCaseStatus } from '../domain/assessment-case.js';
import type { AssessmentCaseView } from '../projections/assessment-cases.projection.js';

/**
 * What is to be done on the assessment cases, and by whom: the open time limit of a case, whether
 * it is overdue, the filters of the case list, and each user's task inbox (待办事项). Pure functions
 * over the case read model; the caller passes the time.
 */

/** Who sees a case: the authority's roles all of them; an institution its own; an expert those assigned to him. */
export function caseVisibleTo(actor: Actor, view: AssessmentCaseView): boolean {
  if (actor.roles.some((r) => r === 'secretariat' || r === 'auditor' || r === 'admin')) return true;
  if (actor.roles.includes('institution') && actor.institutionId !== undefined && actor.institutionId === view.institutionId) return true;
  return actor.roles.includes('expert') && (view.assessors ?? []).includes(actor.id);
}

/** The time limit the case runs against now, if any. */
export function openLimit(view: AssessmentCaseView): { step: DeadlineStep; dueAt: string } | undefined {
  switch (view.status) {
    case 'SUBMITTED':
      return { step: 'ACCEPTANCE', dueAt: view.acceptanceDueAt };
    case 'RECTIFICATION':
      return view.rectificationDueAt && !view.rectificationSubmittedAt ? { step: 'RECTIFICATION', dueAt: view.rectificationDueAt } : undefined;
    case 'EVALUATED_PASS':
    case 'EVALUATED_FAIL':
      return view.decisionDueAt ? { step: 'DECISION', dueAt: view.decisionDueAt } : undefined;
    default:
      return undefined;
  }
}

export function isOverdue(view: AssessmentCaseView, now: Date): boolean {
  const limit = openLimit(view);
  return limit !== undefined && Date.parse(limit.dueAt) <= now.getTime();
}

/** The case list's filters; each one given narrows the list. */
export interface CaseFilter {
  status?: AssessmentCaseStatus;
  kind?: AssessmentKind;
  category?: StandardCategory;
  /** An administrative division code or its prefix: `330106` a county (district), `3301` a whole city. */
  division?: string;
  institutionId?: string;
  overdue?: boolean;
}

/** `division` is the applicant institution's, from the registry (absent when it is not registered). */
export function matchesFilter(view: AssessmentCaseView, division: string | undefined, filter: CaseFilter, now: Date): boolean {
  if (filter.status !== undefined && view.status !== filter.status) return false;
  if (filter.kind !== undefined && view.kind !== filter.kind) return false;
  if (filter.category !== undefined && view.standard.category !== filter.category) return false;
  if (filter.institutionId !== undefined && view.institutionId !== filter.institutionId) return false;
  if (filter.division !== undefined && !(division ?? '').startsWith(filter.division)) return false;
  if (filter.overdue !== undefined && isOverdue(view, now) !== filter.overdue) return false;
  return true;
}

/** The actions a task can ask for, with their titles. */
export const TASK_ACTIONS = {
  'accept-or-request-supplement': { en: 'Accept the application or send the one supplement notice', 'zh-CN': '受理申请或一次性发出补正通知' },
  resubmit: { en: 'Supply what the supplement notice lists and resubmit', 'zh-CN': '按补正通知补齐材料并重新提交' },
  'assign-assessors': { en: 'Assign assessors', 'zh-CN': '指派考评员' },
  'start-evaluation': { en: 'Start the evaluation', 'zh-CN': '组织考评' },
  evaluate: { en: 'Evaluate: record findings, request rectification or conclude', 'zh-CN': '开展考评：记录发现、提出整改要求或作出考评结论' },
  'submit-rectification': { en: 'Rectify the nonconformities and submit the evidence', 'zh-CN': '整改不符合项并提交整改材料' },
  'confirm-rectification': { en: 'Confirm the submitted rectification', 'zh-CN': '确认已提交的整改' },
  decide: { en: 'Decide: approve with a certificate or refuse with reasons', 'zh-CN': '作出审批决定：批准并发证或说明理由不予批准' },
} as const satisfies Record<string, LocalizedText>;

export type TaskAction = keyof typeof TASK_ACTIONS;

/** One line of a user's inbox: what to do, on which case, by when. */
export interface Task {
  caseId: string;
  action: TaskAction;
  title: LocalizedText;
  standard: AssessmentCaseView['standard'];
  institutionId: string;
  status: AssessmentCaseView['status'];
  /** The limit the step runs against, if it has one. */
  dueAt?: string;
  overdue: boolean;
}

/** The steps the actor must take on one case, given its status and who the actor is. */
function actionsOn(actor: Actor, view: AssessmentCaseView): TaskAction[] {
  const actions: TaskAction[] = [];
  const own = actor.roles.includes('institution') && actor.institutionId === view.institutionId;
  const assigned = actor.roles.includes('expert') && (view.assessors ?? []).includes(actor.id);
  const authority = actor.roles.includes('secretariat');
  switch (view.status) {
    case 'SUBMITTED':
      if (authority) actions.push('accept-or-request-supplement');
      break;
    case 'SUPPLEMENT_REQUESTED':
      if (own) actions.push('resubmit');
      break;
    case 'ACCEPTED':
      if (authority) actions.push('assign-assessors');
      break;
    case 'ASSESSORS_ASSIGNED':
      if (authority) actions.push('start-evaluation');
      break;
    case 'UNDER_EVALUATION':
      if (assigned) actions.push('evaluate');
      break;
    case 'RECTIFICATION':
      if (own && !view.rectificationSubmittedAt) actions.push('submit-rectification');
      if (assigned && view.rectificationSubmittedAt) actions.push('confirm-rectification');
      break;
    case 'EVALUATED_PASS':
    case 'EVALUATED_FAIL':
      if (authority) actions.push('decide');
      break;
  }
  return actions;
}

/** The actor's inbox over the cases: overdue first, then by the nearest limit, then the rest by case age. */
export function inboxOf(actor: Actor, views: AssessmentCaseView[], now: Date): Task[] {
  const tasks: (Task & { submittedAt: string })[] = [];
  for (const view of views) {
    if (!caseVisibleTo(actor, view)) continue;
    const limit = openLimit(view);
    for (const action of actionsOn(actor, view)) {
      tasks.push({
        caseId: view.caseId,
        action,
        title: TASK_ACTIONS[action],
        standard: view.standard,
        institutionId: view.institutionId,
        status: view.status,
        ...(limit ? { dueAt: limit.dueAt } : {}),
        overdue: isOverdue(view, now),
        submittedAt: view.submittedAt,
      });
    }
  }
  const rank = (t: Task) => (t.overdue ? 0 : t.dueAt ? 1 : 2);
  tasks.sort((a, b) => rank(a) - rank(b) || (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.submittedAt.localeCompare(b.submittedAt));
  return tasks.map(({ submittedAt: _, ...task }) => task);
}
