import { ComparisonEventTypes, type ComparedStandard, type ComparisonEvent } from '../../../events/comparison.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';

/** The comparison events the standards registry follows to show each standard's comparison outcomes. */
export const REGISTRY_COMPARISON_EVENT_TYPES: readonly string[] = [
  ComparisonEventTypes.Proposed,
  ComparisonEventTypes.DraftAIssued,
  ComparisonEventTypes.Published,
  ComparisonEventTypes.FollowUpClosed,
];

/** 比对结果: one published comparison outcome of a standard, as its registry row shows it. */
export interface RegistryComparison {
  comparisonId: string;
  measurand: string;
  publishedAt: string;
  /** The lab's En number from the published evaluation; null where none was computed (the pilot under the pilot method). */
  en: number | null;
  /** |En| ≤ 1; null where no En was computed. */
  satisfactory: boolean | null;
  /** The follow-up (后续处理) of an unsatisfactory outcome: OPEN until the organiser closes it; absent when there is none. */
  followUp?: 'OPEN' | 'CLOSED';
}

/** Every comparison that named standards: which lab compares which standard, and Draft A's figures per lab. */
export const REGISTRY_COMPARISONS = 'standards-registry-comparisons';
interface RegistryComparisonRecord {
  comparisonId: string;
  measurand: string;
  standards: ComparedStandard[];
  results?: Record<string, { en: number | null; satisfactory: boolean | null }>;
}

/** The part of a registry row the comparison events change. */
export interface ComparisonOutcomesOfRow {
  comparisons?: RegistryComparison[];
  comparisonFollowUpOpen?: boolean;
  lastPosition: number;
  updatedAt: string;
}

const withOutcome = (list: RegistryComparison[], outcome: RegistryComparison) => [...list.filter((c) => c.comparisonId !== outcome.comparisonId), outcome];

/**
 * Applies a comparison event to the registry: remembers the standards a proposal names and Draft A's
 * figures; on publication adds the outcome to each named standard's row (an unsatisfactory one with an
 * open follow-up), and on a follow-up's closure marks it closed.
 */
export async function applyComparisonEvent<Row extends ComparisonOutcomesOfRow>(recorded: RecordedEvent, tx: DocumentTransaction, rowsCollection: string): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as ComparisonEvent;
  if (event.type === ComparisonEventTypes.Proposed) {
    const { comparisonId, measurand, standards } = event.data;
    if (standards?.length) await tx.put<RegistryComparisonRecord>(REGISTRY_COMPARISONS, comparisonId, { comparisonId, measurand, standards });
    return;
  }
  const record = await tx.get<RegistryComparisonRecord>(REGISTRY_COMPARISONS, event.data.comparisonId);
  if (!record) return;
  const update = async (lab: string, change: (list: RegistryComparison[]) => RegistryComparison[]) => {
    const named = record.standards.find((s) => s.institutionId === lab);
    const row = named && (await tx.get<Row>(rowsCollection, named.standardId));
    if (!row) return;
    const comparisons = change(row.comparisons ?? []);
    await tx.put<Row>(rowsCollection, named!.standardId, {
      ...row,
      comparisons,
      comparisonFollowUpOpen: comparisons.some((c) => c.followUp === 'OPEN'),
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    });
  };
  switch (event.type) {
    case ComparisonEventTypes.DraftAIssued: {
      const results = Object.fromEntries(event.data.evaluation.results.map((r) => [r.lab, { en: r.en, satisfactory: r.satisfactory }]));
      await tx.put<RegistryComparisonRecord>(REGISTRY_COMPARISONS, record.comparisonId, { ...record, results });
      return;
    }
    case ComparisonEventTypes.Published: {
      const { unsatisfactoryLabs, publishedAt } = event.data;
      for (const { institutionId: lab } of record.standards) {
        const figures = record.results?.[lab] ?? { en: null, satisfactory: null };
        const unsatisfactory = unsatisfactoryLabs.includes(lab);
        const outcome: RegistryComparison = {
          comparisonId: record.comparisonId,
          measurand: record.measurand,
          publishedAt,
          en: figures.en,
          satisfactory: unsatisfactory ? false : figures.satisfactory,
          ...(unsatisfactory ? { followUp: 'OPEN' as const } : {}),
        };
        await update(lab, (list) => withOutcome(list, outcome));
      }
      return;
    }
    case ComparisonEventTypes.FollowUpClosed:
      await update(event.data.lab, (list) => list.map((c) => (c.comparisonId === record.comparisonId && c.followUp ? { ...c, followUp: 'CLOSED' as const } : c)));
      return;
    default:
      return;
  }
}
