import type { Actor } from '../../identity/roles.js';
import type { LocalizedText } from '../../shared/domain-error.js';
import type { ComparisonOutcome, InstitutionOutcomes } from '../projections/comparison-outcomes.projection.js';

/**
 * Who sees comparison outcomes, and the follow-up tasks they open (pure functions over the read model).
 * The authority's roles (secretariat, auditor, admin) see every institution's outcomes; an institution its own.
 */
const AUTHORITY_ROLES = ['secretariat', 'auditor', 'admin'];
const isAuthority = (actor: Actor) => actor.roles.some((r) => AUTHORITY_ROLES.includes(r));
const ownInstitution = (actor: Actor) => (actor.roles.includes('institution') ? actor.institutionId : undefined);

/** Whether the actor may see an institution's outcomes. */
export const outcomesVisibleTo = (actor: Actor, institutionId: string): boolean => isAuthority(actor) || ownInstitution(actor) === institutionId;

/** The outcomes the actor sees, of one institution or (authority) all, each with its institution. */
export function outcomesFor(actor: Actor, documents: InstitutionOutcomes[], institutionId?: string): (ComparisonOutcome & { institutionId: string })[] {
  return documents
    .filter((d) => (institutionId === undefined || d.institutionId === institutionId) && outcomesVisibleTo(actor, d.institutionId))
    .flatMap((d) => d.outcomes.map((o) => ({ institutionId: d.institutionId, ...o })))
    .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.institutionId.localeCompare(b.institutionId));
}

export const COMPARISON_TASK_ACTIONS = {
  'comparison-follow-up': { en: 'Analyse the cause of the unsatisfactory comparison result and record the corrective action', 'zh-CN': '分析比对结果不满意的原因并记录纠正措施' },
  'close-comparison-follow-up': { en: "Review the lab's cause analysis and corrective action and close the follow-up", 'zh-CN': '审核实验室的原因分析和纠正措施并关闭后续处理' },
} as const satisfies Record<string, LocalizedText>;

/** One inbox line for a comparison follow-up (比对后续处理): the unsatisfactory lab's, or the organiser's. */
export interface ComparisonTask {
  comparisonId: string;
  comparisonTitle: string;
  action: keyof typeof COMPARISON_TASK_ACTIONS;
  title: LocalizedText;
  /** The institution whose result was unsatisfactory. */
  institutionId: string;
  en: number | null;
  status: 'FOLLOW_UP';
  dueAt: string;
  overdue: boolean;
}

/**
 * The follow-up tasks of the actor: the unsatisfactory lab records its cause analysis and corrective
 * action by the limit; once both are in, the organiser (secretariat) reviews and closes the follow-up.
 * A follow-up still missing either after its limit is overdue (and shows so to both).
 */
export function comparisonTasksOf(actor: Actor, documents: InstitutionOutcomes[], now: Date): ComparisonTask[] {
  const tasks: ComparisonTask[] = [];
  for (const document of documents) {
    for (const outcome of document.outcomes) {
      const followUp = outcome.followUp;
      if (!followUp || followUp.status !== 'OPEN') continue;
      const complete = followUp.causeAnalysisRecordedAt !== undefined && followUp.correctiveActionRecordedAt !== undefined;
      const action = complete ? 'close-comparison-follow-up' : 'comparison-follow-up';
      const mine = action === 'comparison-follow-up' ? ownInstitution(actor) === document.institutionId : actor.roles.includes('secretariat');
      if (!mine) continue;
      tasks.push({
        comparisonId: outcome.comparisonId,
        comparisonTitle: outcome.title,
        action,
        title: COMPARISON_TASK_ACTIONS[action],
        institutionId: document.institutionId,
        en: outcome.en,
        status: 'FOLLOW_UP',
        dueAt: followUp.dueAt,
        overdue: !complete && (followUp.overdueSince !== undefined || now.getTime() >= Date.parse(followUp.dueAt)),
      });
    }
  }
  return tasks;
}
