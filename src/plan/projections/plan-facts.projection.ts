import { Injectable } from '@nestjs/common';
import {
  AssessmentEventTypes,
  type ApplicationSubmittedV1,
  type AssessmentKind,
  type CaseDecidedV1,
  type DecisionOverdueV1,
  type RectificationDeadlineMissedV1,
  type StandardCategory,
} from '../../../events/assessment.events.js';
import { ComparisonEventTypes, type ComparisonProposedV1, type ComparisonPublishedV1, type FollowUpOverdueV1, type LegOverdueV1 } from '../../../events/comparison.events.js';
import { SpecificationEventTypes, type PlanAdjustedV1, type ProposedV1, type PublishedV1 } from '../../../events/specification.events.js';
import { chinaDate } from '../../calendar/working-days.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';

export const PLAN_STANDARD_CASES = 'plan-standard-cases';
export const PLAN_SPECIFICATIONS = 'plan-specifications';
export const PLAN_COMPARISONS = 'plan-comparisons';
export const PLAN_OVERDUE_STEPS = 'plan-overdue-steps';

/** An assessment case as the plan counts it: what was applied for, by whom, and when it was approved. */
export interface PlanStandardCase {
  caseId: string;
  kind: AssessmentKind;
  category: StandardCategory;
  institutionId: string;
  standardName: string;
  /** China date of the approval (the certificate was issued with it); absent until approved. */
  approvedOn?: string;
  certificateNo?: string;
}

/** A specification project as the plan counts it: drafted (new) or revised, by whom, published when. */
export interface PlanSpecification {
  projectId: string;
  /** The drafting institution, after any change of drafter. */
  drafterInstitutionId: string;
  revision: boolean;
  publishedOn?: string;
  number?: string;
}

/** A comparison as the plan counts it: its pilot lab, and when it was published. */
export interface PlanComparison {
  comparisonId: string;
  title: string;
  pilotInstitutionId: string;
  publishedOn?: string;
}

/** 逾期环节: which step of which process went past its limit. */
export type OverdueStep = 'ASSESSMENT_DECISION' | 'ASSESSMENT_RECTIFICATION' | 'COMPARISON_LEG' | 'COMPARISON_FOLLOW_UP';
/** Who was to take the step: the assessing authority, or an institution (the applicant, a participant, a lab). */
export type OverdueParty = 'AUTHORITY' | 'APPLICANT' | 'PARTICIPANT' | 'LAB';

/** One step that went past its limit, as its overdue event recorded it. */
export interface PlanOverdueStep {
  /** The overdue event's id. */
  id: string;
  step: OverdueStep;
  party: OverdueParty;
  /** The case or comparison. */
  subjectId: string;
  /** The institution that was late (applicant, participant, lab); for AUTHORITY, the applicant whose case waits. */
  institutionId: string;
  /** The comparison's pilot (comparisons only). */
  pilotInstitutionId?: string;
  dueAt: string;
  /** China date the step was recorded as overdue. */
  recordedOn: string;
}

const HANDLED: readonly string[] = [
  AssessmentEventTypes.ApplicationSubmitted,
  AssessmentEventTypes.CaseDecided,
  AssessmentEventTypes.DecisionOverdue,
  AssessmentEventTypes.RectificationDeadlineMissed,
  SpecificationEventTypes.Proposed,
  SpecificationEventTypes.PlanAdjusted,
  SpecificationEventTypes.Published,
  ComparisonEventTypes.Proposed,
  ComparisonEventTypes.Published,
  ComparisonEventTypes.LegOverdue,
  ComparisonEventTypes.FollowUpOverdue,
];

const day = (instant: string) => chinaDate(new Date(instant));

/**
 * 规划进度事实: the facts the plan's progress is computed from, one small document per case,
 * project, comparison and overdue step. The jurisdiction and period are applied when the progress is
 * asked for (the registry decides where an institution is, and may change), so the projection
 * records only what the events say.
 */
@Injectable()
export class PlanFactsProjection implements Projection {
  readonly name = 'projection:plan-facts';
  readonly collections = [PLAN_STANDARD_CASES, PLAN_SPECIFICATIONS, PLAN_COMPARISONS, PLAN_OVERDUE_STEPS];

  handles(recorded: RecordedEvent): boolean {
    return HANDLED.includes(recorded.type);
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    switch (recorded.type) {
      case AssessmentEventTypes.ApplicationSubmitted: {
        const d = recorded.data as ApplicationSubmittedV1;
        const doc: PlanStandardCase = { caseId: d.caseId, kind: d.kind, category: d.standard.category, institutionId: d.institutionId, standardName: d.standard.name };
        return tx.put(PLAN_STANDARD_CASES, d.caseId, doc);
      }
      case AssessmentEventTypes.CaseDecided: {
        const d = recorded.data as CaseDecidedV1;
        const known = await tx.get<PlanStandardCase>(PLAN_STANDARD_CASES, d.caseId);
        if (!known || d.decision !== 'APPROVED') return;
        return tx.put(PLAN_STANDARD_CASES, d.caseId, { ...known, approvedOn: day(d.decidedAt), certificateNo: d.certificate?.certificateNo });
      }
      case AssessmentEventTypes.DecisionOverdue: {
        const d = recorded.data as DecisionOverdueV1;
        const known = await tx.get<PlanStandardCase>(PLAN_STANDARD_CASES, d.caseId);
        if (!known) return;
        return this.overdue(tx, { id: recorded.id, step: 'ASSESSMENT_DECISION', party: 'AUTHORITY', subjectId: d.caseId, institutionId: known.institutionId, dueAt: d.dueAt, recordedOn: day(d.escalatedAt) });
      }
      case AssessmentEventTypes.RectificationDeadlineMissed: {
        const d = recorded.data as RectificationDeadlineMissedV1;
        const known = await tx.get<PlanStandardCase>(PLAN_STANDARD_CASES, d.caseId);
        if (!known) return;
        return this.overdue(tx, { id: recorded.id, step: 'ASSESSMENT_RECTIFICATION', party: 'APPLICANT', subjectId: d.caseId, institutionId: known.institutionId, dueAt: d.deadline.dueAt, recordedOn: day(d.missedAt) });
      }
      case SpecificationEventTypes.Proposed: {
        const d = recorded.data as ProposedV1;
        const doc: PlanSpecification = { projectId: d.projectId, drafterInstitutionId: d.drafterInstitutionId, revision: d.revisesProjectId !== undefined };
        return tx.put(PLAN_SPECIFICATIONS, d.projectId, doc);
      }
      case SpecificationEventTypes.PlanAdjusted: {
        const d = recorded.data as PlanAdjustedV1;
        const known = await tx.get<PlanSpecification>(PLAN_SPECIFICATIONS, d.projectId);
        if (!known || d.adjustment !== 'DRAFTER_CHANGED' || !d.drafterInstitutionId) return;
        return tx.put(PLAN_SPECIFICATIONS, d.projectId, { ...known, drafterInstitutionId: d.drafterInstitutionId });
      }
      case SpecificationEventTypes.Published: {
        const d = recorded.data as PublishedV1;
        const known = await tx.get<PlanSpecification>(PLAN_SPECIFICATIONS, d.projectId);
        if (!known) return;
        return tx.put(PLAN_SPECIFICATIONS, d.projectId, { ...known, publishedOn: d.publishedOn, number: d.number });
      }
      case ComparisonEventTypes.Proposed: {
        const d = recorded.data as ComparisonProposedV1;
        const doc: PlanComparison = { comparisonId: d.comparisonId, title: d.title, pilotInstitutionId: d.pilotInstitutionId };
        return tx.put(PLAN_COMPARISONS, d.comparisonId, doc);
      }
      case ComparisonEventTypes.Published: {
        const d = recorded.data as ComparisonPublishedV1;
        const known = await tx.get<PlanComparison>(PLAN_COMPARISONS, d.comparisonId);
        if (!known) return;
        return tx.put(PLAN_COMPARISONS, d.comparisonId, { ...known, publishedOn: day(d.publishedAt) });
      }
      case ComparisonEventTypes.LegOverdue: {
        const d = recorded.data as LegOverdueV1;
        return this.overdue(tx, {
          id: recorded.id,
          step: 'COMPARISON_LEG',
          party: 'PARTICIPANT',
          subjectId: d.comparisonId,
          institutionId: d.participant,
          pilotInstitutionId: d.escalatedTo.pilotInstitutionId,
          dueAt: d.dueAt,
          recordedOn: day(d.escalatedAt),
        });
      }
      case ComparisonEventTypes.FollowUpOverdue: {
        const d = recorded.data as FollowUpOverdueV1;
        const known = await tx.get<PlanComparison>(PLAN_COMPARISONS, d.comparisonId);
        return this.overdue(tx, {
          id: recorded.id,
          step: 'COMPARISON_FOLLOW_UP',
          party: 'LAB',
          subjectId: d.comparisonId,
          institutionId: d.lab,
          ...(known ? { pilotInstitutionId: known.pilotInstitutionId } : {}),
          dueAt: d.dueAt,
          recordedOn: day(d.escalatedAt),
        });
      }
      default:
        return;
    }
  }

  private overdue(tx: DocumentTransaction, step: PlanOverdueStep): Promise<void> {
    return tx.put(PLAN_OVERDUE_STEPS, step.id, step);
  }
}
