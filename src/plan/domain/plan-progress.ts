import type { StandardCategory } from '../../../events/assessment.events.js';
import type { LocalizedText } from '../../shared/domain-error.js';
import type { OverdueParty, OverdueStep, PlanComparison, PlanOverdueStep, PlanSpecification, PlanStandardCase } from '../projections/plan-facts.projection.js';
import type { PlanMeasure, PlanTargets } from '../targets/plan-targets.js';

/** What the progress is computed from: the plan's facts, the registry's institutions and the standards registry. */
export interface ProgressInput {
  targets: PlanTargets;
  cases: PlanStandardCase[];
  specifications: PlanSpecification[];
  comparisons: PlanComparison[];
  overdue: PlanOverdueStep[];
  institutions: { institutionId: string; division: string }[];
  /** Current rows of the standards registry (the current certificate of each standard). */
  standards: { id: string; name: string; measurand: string; category: StandardCategory; institutionId: string; certificateNo: string; validUntil: string; status: string }[];
  /** Today, China date (YYYY-MM-DD): certificates expiring and standards held are counted as of it. */
  today: string;
}

/** 进度指标: one target with what the events show, and what is still missing. */
export interface ProgressRow {
  id: string;
  label: LocalizedText;
  unit: string;
  target: number;
  /** Null when the system records nothing from which to compute it. */
  actual: number | null;
  /** How much is still missing to reach the target (0 once reached); null when the actual is not recorded. */
  gap: number | null;
  /** Where the actual comes from: the events counted, or "not recorded by this system". */
  source: string;
  clause: string;
  breakdown?: Record<string, number>;
  note?: LocalizedText;
}

export interface StandardsByCountyRow {
  division: string;
  county: LocalizedText;
  category: StandardCategory;
  established: number;
  upgraded: number;
}

export interface ExpiringCertificate {
  standardId: string;
  name: string;
  institutionId: string;
  division: string;
  certificateNo: string;
  validUntil: string;
  status: string;
}

export interface OverdueGroup {
  step: OverdueStep;
  /** Who was to take the step (the assessing authority is not named on a case; AUTHORITY stands for it). */
  party: OverdueParty;
  count: number;
  items: { subjectId: string; institutionId: string; dueAt: string; recordedOn: string }[];
}

export interface BasicStandardsRow {
  division: string;
  county: LocalizedText;
  /** Per family: the registry ids of the county's valid public standards of that family. */
  families: Record<string, string[]>;
}

/** 规划进度: the plan's targets against the actuals, with the tables behind them. */
export interface ProgressReport {
  jurisdiction: string;
  name: LocalizedText;
  period: string;
  from: string;
  until: string;
  asOf: string;
  source: string;
  rows: ProgressRow[];
  standardsByCountyAndCategory: StandardsByCountyRow[];
  /** Valid certificates of the jurisdiction's standards whose last valid day falls in the next 6 months. */
  expiringCertificates: ExpiringCertificate[];
  overdueSteps: OverdueGroup[];
  basicStandardsByCounty: BasicStandardsRow[];
  /** Facts of the period left out because their institution is not in the registry (so its division is unknown). */
  unattributed: { standards: number; specifications: number; comparisons: number };
}

export const NOT_RECORDED = 'not recorded by this system';

const SOURCES: Record<Exclude<PlanMeasure, 'NOT_RECORDED'>, string> = {
  SPECIFICATIONS_PUBLISHED: 'events: specifications.project.published, of projects drafted by an institution of the jurisdiction (revision: the project revises a published one)',
  COMPARISONS_LED: 'events: comparisons.comparison.published, of comparisons whose pilot lab is an institution of the jurisdiction',
  PUBLIC_STANDARDS_ESTABLISHED_OR_UPGRADED: 'events: standards.assessment.case-decided (APPROVED, certificate issued) of NEW and UPGRADE cases of PUBLIC standards held by institutions of the jurisdiction',
  COUNTY_BASIC_STANDARDS: 'standards registry: valid certificates of PUBLIC standards of county institutions, matched to the instrument families by name or measurand',
};

const NOTES: Partial<Record<string, LocalizedText>> = {
  'high-level-standards': {
    en: "An application does not record a standard's level, so high-level (高能级) standards cannot be told from others.",
    'zh-CN': '考核申请未记录计量标准的能级，无法区分高能级计量标准。',
  },
};

export const gapOf = (target: number, actual: number | null): number | null => (actual === null ? null : Math.max(0, round(target - actual)));
const round = (n: number) => Math.round(n * 1e6) / 1e6;
const inPeriod = (targets: PlanTargets, date: string | undefined): date is string => date !== undefined && date >= targets.from && date <= targets.until;

/** The day `months` calendar months after `date` (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

const increment = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1;
};

/** The plan's progress: pure, from the facts given; the same facts give the same report. */
export function computeProgress(input: ProgressInput): ProgressReport {
  const { targets, today } = input;
  const divisions = new Map(targets.divisions.map((d) => [d.code, d]));
  const divisionOf = new Map(input.institutions.map((i) => [i.institutionId, i.division]));
  const inJurisdiction = (institutionId: string | undefined) => institutionId !== undefined && divisions.has(divisionOf.get(institutionId) ?? '');
  const unknown = (institutionId: string) => !divisionOf.has(institutionId);

  // Standards established (NEW) or upgraded (UPGRADE), approved in the period.
  const approved = input.cases.filter((c) => (c.kind === 'NEW' || c.kind === 'UPGRADE') && inPeriod(targets, c.approvedOn));
  const counted = approved.filter((c) => inJurisdiction(c.institutionId));
  const publicStandards = counted.filter((c) => c.category === 'PUBLIC');
  const byCounty = new Map<string, StandardsByCountyRow>();
  for (const c of counted) {
    const division = divisionOf.get(c.institutionId)!;
    const key = `${division}/${c.category}`;
    const row = byCounty.get(key) ?? { division, county: divisions.get(division)!.name, category: c.category, established: 0, upgraded: 0 };
    if (c.kind === 'NEW') row.established += 1;
    else row.upgraded += 1;
    byCounty.set(key, row);
  }

  const published = input.specifications.filter((s) => inPeriod(targets, s.publishedOn));
  const specifications = published.filter((s) => inJurisdiction(s.drafterInstitutionId));
  const publishedComparisons = input.comparisons.filter((c) => inPeriod(targets, c.publishedOn));
  const led = publishedComparisons.filter((c) => inJurisdiction(c.pilotInstitutionId));

  // County institutes' basic public standards, held today.
  const holding = input.standards.filter((s) => (s.status === 'VALID' || s.status === 'RENEWAL_DUE') && s.category === 'PUBLIC' && inJurisdiction(s.institutionId));
  const counties = targets.divisions.filter((d) => d.level === 'COUNTY');
  const basicStandardsByCounty: BasicStandardsRow[] = counties.map((county) => ({
    division: county.code,
    county: county.name,
    families: Object.fromEntries(
      targets.basicStandardFamilies.map((family) => {
        const keywords = family.keywords.map((k) => k.toLowerCase());
        const matching = holding.filter((s) => divisionOf.get(s.institutionId) === county.code && keywords.some((k) => s.name.toLowerCase().includes(k) || s.measurand.toLowerCase().includes(k)));
        return [family.id, matching.map((s) => s.id).sort()];
      }),
    ),
  }));
  const familiesHeld: Record<string, number> = Object.fromEntries(targets.basicStandardFamilies.map((f) => [f.id, basicStandardsByCounty.filter((r) => r.families[f.id].length > 0).length]));

  const actuals: Record<Exclude<PlanMeasure, 'NOT_RECORDED'>, { actual: number; breakdown: Record<string, number> }> = {
    SPECIFICATIONS_PUBLISHED: { actual: specifications.length, breakdown: { drafted: specifications.filter((s) => !s.revision).length, revised: specifications.filter((s) => s.revision).length } },
    COMPARISONS_LED: { actual: led.length, breakdown: led.reduce<Record<string, number>>((acc, c) => (increment(acc, c.pilotInstitutionId), acc), {}) },
    PUBLIC_STANDARDS_ESTABLISHED_OR_UPGRADED: {
      actual: publicStandards.length,
      breakdown: { established: publicStandards.filter((c) => c.kind === 'NEW').length, upgraded: publicStandards.filter((c) => c.kind === 'UPGRADE').length },
    },
    COUNTY_BASIC_STANDARDS: { actual: Object.values(familiesHeld).reduce((a, b) => a + b, 0), breakdown: familiesHeld },
  };

  const rows: ProgressRow[] = targets.rows.map((row) => {
    const base = { id: row.id, label: row.label, unit: row.unit, target: row.target, clause: row.clause, ...(NOTES[row.id] ? { note: NOTES[row.id] } : {}) };
    if (row.measure === 'NOT_RECORDED') return { ...base, actual: null, gap: null, source: NOT_RECORDED };
    const { actual, breakdown } = actuals[row.measure];
    return { ...base, actual, gap: gapOf(row.target, actual), source: SOURCES[row.measure], breakdown };
  });

  const horizon = addMonths(today, 6);
  const expiringCertificates: ExpiringCertificate[] = input.standards
    .filter((s) => (s.status === 'VALID' || s.status === 'RENEWAL_DUE') && s.validUntil >= today && s.validUntil < horizon && inJurisdiction(s.institutionId))
    .map((s) => ({ standardId: s.id, name: s.name, institutionId: s.institutionId, division: divisionOf.get(s.institutionId)!, certificateNo: s.certificateNo, validUntil: s.validUntil, status: s.status }))
    .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.standardId.localeCompare(b.standardId));

  const groups = new Map<string, OverdueGroup>();
  for (const o of input.overdue.filter((o) => inPeriod(targets, o.recordedOn) && (inJurisdiction(o.institutionId) || inJurisdiction(o.pilotInstitutionId)))) {
    const key = `${o.step}/${o.party}`;
    const group = groups.get(key) ?? { step: o.step, party: o.party, count: 0, items: [] };
    group.count += 1;
    group.items.push({ subjectId: o.subjectId, institutionId: o.institutionId, dueAt: o.dueAt, recordedOn: o.recordedOn });
    groups.set(key, group);
  }
  for (const group of groups.values()) group.items.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.subjectId.localeCompare(b.subjectId));

  return {
    jurisdiction: targets.jurisdiction,
    name: targets.name,
    period: targets.period,
    from: targets.from,
    until: targets.until,
    asOf: today,
    source: targets.source,
    rows,
    standardsByCountyAndCategory: [...byCounty.values()].sort((a, b) => a.division.localeCompare(b.division) || a.category.localeCompare(b.category)),
    expiringCertificates,
    overdueSteps: [...groups.values()].sort((a, b) => a.step.localeCompare(b.step) || a.party.localeCompare(b.party)),
    basicStandardsByCounty,
    unattributed: {
      standards: approved.filter((c) => unknown(c.institutionId)).length,
      specifications: published.filter((s) => unknown(s.drafterInstitutionId)).length,
      comparisons: publishedComparisons.filter((c) => unknown(c.pilotInstitutionId)).length,
    },
  };
}

/** A CSV field, quoted when it holds a separator, a quote or a line break; a leading formula character is neutralised. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The rows as CSV for people: UTF-8 with a BOM (so spreadsheet programs read the Chinese), zh-CN headings. */
export function progressCsv(report: ProgressReport): string {
  const lines = [['指标', '目标值', '实际值', '差距', '数据来源']];
  for (const row of report.rows) {
    const source = row.actual === null ? `本系统未记录（${NOT_RECORDED}）` : `由本系统事件计算（${row.source}）`;
    lines.push([`${row.label['zh-CN']}（${row.unit}）`, String(row.target), row.actual === null ? '' : String(row.actual), row.gap === null ? '' : String(row.gap), source]);
  }
  return `\uFEFF${lines.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
