import type { Actor } from '../../identity/roles.js';
import type { LegState } from '../domain/comparison.js';
import type { ComparisonEvaluation } from '../domain/evaluation.js';
import type { ComparisonRecord } from '../projections/comparisons.projection.js';

/**
 * Who sees what of a comparison (pure functions over the read model).
 *
 * - The organiser's roles (secretariat, auditor, admin) see every comparison; an institution those
 *   it pilots or takes part in; anyone else none (absent, 404).
 * - Before Draft A, a lab's result is seen by that lab and by the pilot only; the others see that it
 *   was submitted, not what it is.
 * - Draft A (the evaluation) is confidential to the pilot and the participants; the organiser's
 *   roles see it once Draft B is issued for approval, and everyone who sees the comparison once published.
 */
const AUTHORITY_ROLES = ['secretariat', 'auditor', 'admin'] as const;
const isAuthority = (actor: Actor) => actor.roles.some((r) => (AUTHORITY_ROLES as readonly string[]).includes(r));
const ownInstitution = (actor: Actor) => (actor.roles.includes('institution') ? actor.institutionId : undefined);

export function comparisonVisibleTo(actor: Actor, record: ComparisonRecord): boolean {
  if (isAuthority(actor)) return true;
  const me = ownInstitution(actor);
  return me !== undefined && (me === record.pilotInstitutionId || (record.participants ?? []).includes(me));
}

const AFTER_DRAFT_B = ['DRAFT_B', 'REPORT_APPROVED', 'PUBLISHED', 'FOLLOW_UP', 'CLOSED'];
const AFTER_PUBLICATION = ['PUBLISHED', 'FOLLOW_UP', 'CLOSED'];

/** Whether the actor may see the evaluation (Draft A onwards) of a comparison it sees. */
export function evaluationVisibleTo(actor: Actor, record: ComparisonRecord): boolean {
  if (!record.draftA) return false;
  if (AFTER_PUBLICATION.includes(record.status)) return true;
  const me = ownInstitution(actor);
  if (me !== undefined && (me === record.pilotInstitutionId || (record.participants ?? []).includes(me))) return true;
  return isAuthority(actor) && AFTER_DRAFT_B.includes(record.status);
}

/** The comparison as the actor may see it: other labs' results hidden before Draft A, the evaluation while confidential. */
export function comparisonAsSeenBy(actor: Actor, record: ComparisonRecord): ComparisonRecord {
  const me = ownInstitution(actor);
  const allResults = record.draftA ? evaluationVisibleTo(actor, record) : me !== undefined && me === record.pilotInstitutionId;
  const results = Object.fromEntries(
    Object.entries(record.results ?? {}).map(([lab, result]) =>
      allResults || lab === me ? [lab, result] : [lab, { submittedAt: result.submittedAt, corrections: result.corrections } as unknown as typeof result],
    ),
  );
  const corrections = (record.corrections ?? []).map((c) => (allResults || c.lab === me ? c : { ...c, corrected: undefined as unknown as typeof c.corrected }));
  const { draftA, ...rest } = record;
  return {
    ...rest,
    ...(record.results ? { results } : {}),
    ...(record.corrections ? { corrections } : {}),
    ...(draftA && evaluationVisibleTo(actor, record) ? { draftA } : {}),
  };
}

/** 传递看板: where the transfer standard is, and each leg with whether it is late by the date. */
export interface CirculationBoard {
  comparisonId: string;
  status: ComparisonRecord['status'];
  scheme: string | null;
  transferStandard: { name: string; id: string } | null;
  /** With an institution (holder) or on its way (inTransitFrom → inTransitTo), since when; null before circulation. */
  location: ComparisonRecord['custody'] | null;
  /** The China calendar day the lateness was judged on (the application's clock). */
  today: string;
  legs: { participant: string; dueDate: string; receivedAt: string | null; handedOverAt: string | null; state: 'WAITING' | 'AT_LAB' | 'DONE'; late: boolean; daysLate: number }[];
  lateLegs: string[];
}

const DAY_MS = 86_400_000;

export function circulationBoard(record: ComparisonRecord, today: string): CirculationBoard {
  const planned: LegState[] = record.legs ?? record.protocol?.legs ?? [];
  const legs = planned.map((leg) => {
    const receivedAt = leg.receivedAt ?? null;
    const handedOverAt = leg.handedOverAt ?? null;
    // A leg is late when its due day has passed and the participant has not handed the standard on.
    const late = handedOverAt === null && today > leg.dueDate;
    const daysLate = late ? Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${leg.dueDate}T00:00:00Z`)) / DAY_MS) : 0;
    const state: 'WAITING' | 'AT_LAB' | 'DONE' = handedOverAt ? 'DONE' : receivedAt ? 'AT_LAB' : 'WAITING';
    return { participant: leg.participant, dueDate: leg.dueDate, receivedAt, handedOverAt, state, late, daysLate };
  });
  return {
    comparisonId: record.comparisonId,
    status: record.status,
    scheme: record.protocol?.scheme ?? null,
    transferStandard: record.protocol?.transferStandard ?? null,
    location: record.custody ?? null,
    today,
    legs,
    lateLegs: legs.filter((l) => l.late).map((l) => l.participant),
  };
}

/** 比对结果表: the reference value, each lab's En, and a chart-ready series (value ± U per lab, the reference band). */
export interface ComparisonResultsTable {
  comparisonId: string;
  status: ComparisonRecord['status'];
  unit: string;
  reference: { value: number; expandedUncertainty: number; coverageFactor: number; method: string; formula: string };
  results: { lab: string; value: number; expandedUncertainty: number; coverageFactor: number; en: number | null; satisfactory: boolean | null; formula: string }[];
  formula: string;
  chart: {
    unit: string;
    referenceBand: { value: number; lower: number; upper: number };
    points: { lab: string; value: number; lower: number; upper: number; en: number | null; satisfactory: boolean | null }[];
  };
  /** The whole evaluation as recorded with Draft A (every figure and formula). */
  evaluation: ComparisonEvaluation;
}

export function resultsTable(record: ComparisonRecord): ComparisonResultsTable {
  const evaluation = record.draftA!.evaluation;
  const ref = evaluation.reference;
  return {
    comparisonId: record.comparisonId,
    status: record.status,
    unit: ref.unit,
    reference: { value: ref.value, expandedUncertainty: ref.expandedUncertainty, coverageFactor: ref.coverageFactor, method: ref.method, formula: ref.formula },
    results: evaluation.results.map((r) => ({ lab: r.lab, value: r.value, expandedUncertainty: r.expandedUncertainty, coverageFactor: r.coverageFactor, en: r.en, satisfactory: r.satisfactory, formula: r.formula })),
    formula: evaluation.formula,
    chart: {
      unit: ref.unit,
      referenceBand: { value: ref.value, lower: ref.value - ref.expandedUncertainty, upper: ref.value + ref.expandedUncertainty },
      points: evaluation.results.map((r) => ({ lab: r.lab, value: r.value, lower: r.value - r.expandedUncertainty, upper: r.value + r.expandedUncertainty, en: r.en, satisfactory: r.satisfactory })),
    },
    evaluation,
  };
}
