import type { CalendarDate } from '../../../../events/registry.events.js';
import { DomainError, type LocalizedText } from '../../../shared/domain-error.js';
import { addYears, isCalendarDate } from './calendar-dates.js';
import { affiliationOn, qualificationValidOn, type ExpertState } from './expert.js';

/**
 * 回避: the conflict-of-interest rule. An expert may not assess or review a case of an
 * institution the expert belongs to, belonged to within the cooling-off period, or declared an
 * interest in, nor a case whose discipline the expert is not qualified in on the day. Pure: the
 * processes that assign assessors or reviewers call it with the expert's state and the date.
 */
export type ConflictRule = 'coi.current-affiliation' | 'coi.recent-affiliation' | 'coi.declared-interest' | 'coi.no-valid-qualification';

export interface ConflictOfInterestPolicy {
  /** Whole years after leaving an institution during which its cases stay barred. */
  coolingOffYears: number;
}

export const DEFAULT_CONFLICT_OF_INTEREST_POLICY: ConflictOfInterestPolicy & { version: string } = {
  version: 'national-default/2026.1',
  coolingOffYears: 3,
};

export interface AssignmentCheck {
  expert: ExpertState;
  case: { institutionId: string; discipline: string; caseId?: string };
  /** The China calendar day the assignment would take effect. */
  on: CalendarDate;
  policy: ConflictOfInterestPolicy;
}

export interface Refusal {
  rule: ConflictRule;
  text: LocalizedText;
}

export type AssignmentVerdict = { allowed: true } | { allowed: false; refusals: Refusal[] };

/**
 * Every rule that refuses the assignment, each named, in a fixed order; the caller shows them
 * all so that a secretariat does not fix one reason only to meet the next.
 */
export function checkAssignment(check: AssignmentCheck): AssignmentVerdict {
  const { expert, on, policy } = check;
  const { institutionId, discipline, caseId } = check.case;
  if (!isCalendarDate(on)) throw new RangeError(`on must be a calendar date (YYYY-MM-DD), got "${on}"`);
  if (!Number.isInteger(policy.coolingOffYears) || policy.coolingOffYears < 0) {
    throw new RangeError(`coolingOffYears must be a non-negative integer, got ${policy.coolingOffYears}`);
  }
  const who = expert.name ? `${expert.name} (${expert.expertId})` : `${expert.expertId}`;
  const refusals: Refusal[] = [];

  const current = affiliationOn(expert, on);
  if (current?.institutionId === institutionId) {
    refusals.push({
      rule: 'coi.current-affiliation',
      text: {
        en: `Expert ${who} belongs to institution ${institutionId} (since ${current.from}), whose case it is.`,
        'zh-CN': `专家 ${who} 自 ${current.from} 起隶属于被考核机构 ${institutionId}，应当回避。`,
      },
    });
  }

  // "Within three years" means fewer than three full years: on the anniversary of leaving the
  // expert may be assigned again.
  const recent = expert.affiliations
    .filter((a) => a.institutionId === institutionId && a.until !== undefined && a.until <= on && on < addYears(a.until, policy.coolingOffYears))
    .at(-1);
  if (recent?.until) {
    const eligibleFrom = addYears(recent.until, policy.coolingOffYears);
    refusals.push({
      rule: 'coi.recent-affiliation',
      text: {
        en: `Expert ${who} left institution ${institutionId} on ${recent.until}, less than ${policy.coolingOffYears} years before ${on}; the expert may assess its cases from ${eligibleFrom}.`,
        'zh-CN': `专家 ${who} 于 ${recent.until} 离开机构 ${institutionId}，至 ${on} 未满 ${policy.coolingOffYears} 年，${eligibleFrom} 起方可参与该机构的案件。`,
      },
    });
  }

  // An interest in an institution bars all of its cases; an interest in a case bars that case.
  const interests = expert.interests.filter(
    (i) => (i.institutionId !== undefined && i.institutionId === institutionId) || (i.caseId !== undefined && caseId !== undefined && i.caseId === caseId),
  );
  if (interests.length > 0) {
    const reasons = interests.map((i) => i.reason).join('; ');
    const subject = caseId ? `institution ${institutionId} or case ${caseId}` : `institution ${institutionId}`;
    const subjectZh = caseId ? `机构 ${institutionId} 或案件 ${caseId}` : `机构 ${institutionId}`;
    refusals.push({
      rule: 'coi.declared-interest',
      text: {
        en: `Expert ${who} declared an interest in ${subject}: ${reasons}.`,
        'zh-CN': `专家 ${who} 已声明与${subjectZh}存在利益关系：${reasons}。`,
      },
    });
  }

  if (!expert.qualifications.some((q) => q.discipline === discipline && qualificationValidOn(q, on))) {
    const held = expert.qualifications.filter((q) => q.discipline === discipline);
    const why = held.length
      ? held.map((q) => ({
          en: `certificate ${q.certificateNumber} is valid ${q.validFrom} to ${q.validUntil}${q.revokedOn ? `, revoked from ${q.revokedOn}` : ''}`,
          zh: `证书 ${q.certificateNumber} 有效期 ${q.validFrom} 至 ${q.validUntil}${q.revokedOn ? `，自 ${q.revokedOn} 起撤销` : ''}`,
        }))
      : [];
    refusals.push({
      rule: 'coi.no-valid-qualification',
      text: {
        en: `Expert ${who} holds no qualification in ${discipline} valid on ${on}${why.length ? ` (${why.map((w) => w.en).join('; ')})` : ''}.`,
        'zh-CN': `专家 ${who} 在 ${on} 不具备有效的${discipline}专业考评资格${why.length ? `（${why.map((w) => w.zh).join('；')}）` : ''}。`,
      },
    });
  }

  return refusals.length === 0 ? { allowed: true } : { allowed: false, refusals };
}

/** For command handlers: refuses an assignment with the first rule as the code and every reason in the text. */
export function assertAssignable(check: AssignmentCheck): void {
  const verdict = checkAssignment(check);
  if (verdict.allowed) return;
  throw new DomainError(verdict.refusals[0].rule, {
    en: verdict.refusals.map((r) => r.text.en).join(' '),
    'zh-CN': verdict.refusals.map((r) => r.text['zh-CN']).join(''),
  });
}
