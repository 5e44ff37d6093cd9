import { Injectable } from '@nestjs/common';
import { ComparisonEventTypes, type ComparisonEvent, type DraftAIssuedV1 } from '../../../events/comparison.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';
import { followUpDueAt } from '../domain/comparison-deadlines.js';

export const COMPARISON_OUTCOMES = 'comparison-outcomes';
/** Internal: what a comparison's outcomes need before publication (title, measurand, Draft A's evaluation). */
const COMPARISON_OUTCOME_SOURCES = 'comparison-outcome-sources';

/** 后续处理 as the registry shows it: an unsatisfactory lab's cause analysis and corrective action, due by a limit. */
export interface OutcomeFollowUp {
  status: 'OPEN' | 'CLOSED';
  dueAt: string;
  causeAnalysisRecordedAt?: string;
  correctiveActionRecordedAt?: string;
  overdueSince?: string;
  closedAt?: string;
}

/**
 * 比对结果 of one institution in one published comparison: its value with U and k, the reference,
 * En and whether it was satisfactory (null for the pilot whose value is the reference), and the
 * follow-up an unsatisfactory outcome opened.
 */
export interface ComparisonOutcome {
  comparisonId: string;
  title: string;
  measurand: string;
  unit: string;
  publishedAt: string;
  role: 'PILOT' | 'PARTICIPANT';
  value: number;
  expandedUncertainty: number;
  coverageFactor: number;
  reference: { value: number; expandedUncertainty: number; coverageFactor: number };
  en: number | null;
  satisfactory: boolean | null;
  followUp?: OutcomeFollowUp;
}

/** Read model `comparison-outcomes`, one document per institution: its outcomes in published comparisons. */
export interface InstitutionOutcomes {
  institutionId: string;
  outcomes: ComparisonOutcome[];
  lastPosition: number;
  updatedAt: string;
}

interface OutcomeSource {
  comparisonId: string;
  title: string;
  measurand: string;
  pilotInstitutionId: string;
  labs: string[];
  evaluation?: DraftAIssuedV1['evaluation'];
}

/**
 * The link from comparisons to the standards registry: each institution's outcomes from the published
 * results (and nothing before publication, while results are confidential), with the follow-up of an
 * unsatisfactory result kept up to date as it is recorded, escalated and closed.
 */
@Injectable()
export class ComparisonOutcomesProjection implements Projection {
  readonly name = 'projection:comparison-outcomes';
  readonly collections = [COMPARISON_OUTCOMES, COMPARISON_OUTCOME_SOURCES];

  handles(recorded: RecordedEvent): boolean {
    return recorded.type.startsWith('comparisons.comparison.');
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!this.handles(recorded)) return;
    const event = { type: recorded.type, data: recorded.data } as ComparisonEvent;
    const comparisonId = event.data.comparisonId;
    switch (event.type) {
      case ComparisonEventTypes.Proposed: {
        const { title, measurand, pilotInstitutionId, participants } = event.data;
        await tx.put<OutcomeSource>(COMPARISON_OUTCOME_SOURCES, comparisonId, { comparisonId, title, measurand, pilotInstitutionId, labs: [pilotInstitutionId, ...participants] });
        return;
      }
      case ComparisonEventTypes.DraftAIssued: {
        const source = await tx.get<OutcomeSource>(COMPARISON_OUTCOME_SOURCES, comparisonId);
        if (source) await tx.put<OutcomeSource>(COMPARISON_OUTCOME_SOURCES, comparisonId, { ...source, evaluation: event.data.evaluation });
        return;
      }
      case ComparisonEventTypes.Published: {
        const source = await tx.get<OutcomeSource>(COMPARISON_OUTCOME_SOURCES, comparisonId);
        if (!source?.evaluation) return;
        const { reference, results } = source.evaluation;
        const { publishedAt, unsatisfactoryLabs } = event.data;
        for (const r of results) {
          const outcome: ComparisonOutcome = {
            comparisonId,
            title: source.title,
            measurand: source.measurand,
            unit: r.unit,
            publishedAt,
            role: r.lab === source.pilotInstitutionId ? 'PILOT' : 'PARTICIPANT',
            value: r.value,
            expandedUncertainty: r.expandedUncertainty,
            coverageFactor: r.coverageFactor,
            reference: { value: reference.value, expandedUncertainty: reference.expandedUncertainty, coverageFactor: reference.coverageFactor },
            en: r.en,
            satisfactory: r.satisfactory,
            ...(unsatisfactoryLabs.includes(r.lab) ? { followUp: { status: 'OPEN', dueAt: followUpDueAt(publishedAt) } } : {}),
          };
          await this.update(tx, recorded, r.lab, (outcomes) => [...outcomes.filter((o) => o.comparisonId !== comparisonId), outcome]);
        }
        return;
      }
      case ComparisonEventTypes.CauseAnalysisRecorded:
        return this.updateFollowUp(tx, recorded, event.data.lab, comparisonId, { causeAnalysisRecordedAt: event.data.recordedAt });
      case ComparisonEventTypes.CorrectiveActionRecorded:
        return this.updateFollowUp(tx, recorded, event.data.lab, comparisonId, { correctiveActionRecordedAt: event.data.recordedAt });
      case ComparisonEventTypes.FollowUpOverdue:
        return this.updateFollowUp(tx, recorded, event.data.lab, comparisonId, { overdueSince: event.data.dueAt });
      case ComparisonEventTypes.FollowUpClosed:
        return this.updateFollowUp(tx, recorded, event.data.lab, comparisonId, { status: 'CLOSED', closedAt: event.data.closedAt });
      default:
        return;
    }
  }

  private updateFollowUp(tx: DocumentTransaction, recorded: RecordedEvent, lab: string, comparisonId: string, change: Partial<OutcomeFollowUp>): Promise<void> {
    return this.update(tx, recorded, lab, (outcomes) => outcomes.map((o) => (o.comparisonId === comparisonId && o.followUp ? { ...o, followUp: { ...o.followUp, ...change } } : o)));
  }

  private async update(tx: DocumentTransaction, recorded: RecordedEvent, institutionId: string, change: (outcomes: ComparisonOutcome[]) => ComparisonOutcome[]): Promise<void> {
    const before = await tx.get<InstitutionOutcomes>(COMPARISON_OUTCOMES, institutionId);
    await tx.put<InstitutionOutcomes>(COMPARISON_OUTCOMES, institutionId, {
      institutionId,
      outcomes: change(before?.outcomes ?? []),
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    });
  }
}
