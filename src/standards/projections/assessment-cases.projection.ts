import { Injectable } from '@nestjs/common';
import { AssessmentEventTypes, type AssessmentEvent, type AssessmentKind, type StandardCategory, type TechnicalCheckKind } from '../../../events/assessment.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { AssessmentCaseStatus } from '../domain/assessment-case.js';
import { summariseTechnicalCheck, type TechnicalCheckSummary } from '../domain/technical-check-recording.js';
import type { Projection } from '../../event-store/subscription.js';
import type { AttachedDocument, DocumentAttachmentPurpose } from '../../../events/assessment.events.js';
import { missingDocuments, type MissingDocument } from '../domain/required-documents.js';

export const ASSESSMENT_CASES = 'assessment-cases';

/** The read model of one assessment case, as the case list and case page show it. */
export interface AssessmentCaseView {
  caseId: string;
  kind: AssessmentKind;
  institutionId: string;
  standard: { name: string; category: StandardCategory; measurand: string };
  /** A re-examination: the case that issued the certificate it renews. */
  renewsCaseId?: string;
  status: Exclude<AssessmentCaseStatus, 'NONE'>;
  submittedAt: string;
  acceptanceDueAt: string;
  acceptedAt?: string;
  acceptance?: 'DEEMED' | 'EXPLICIT';
  missing?: string[];
  assessors?: string[];
  evaluationMode?: 'DOCUMENT_REVIEW' | 'ON_SITE';
  rectificationDueAt?: string;
  /** Set while a submitted rectification waits for the assessor's confirmation. */
  rectificationSubmittedAt?: string;
  /** The authority's decision limit, once the evaluation is concluded (extended at most once). */
  decisionDueAt?: string;
  decisionExtended?: boolean;
  /** Set when the decision limit passed with no decision (escalated). */
  decisionOverdueSince?: string;
  decision?: 'APPROVED' | 'REFUSED';
  certificate?: { certificateNo: string; validFrom: string; validUntil: string };
  /** The latest record of each technical check (the event carries its inputs and formula). */
  technicalChecks?: Partial<Record<TechnicalCheckKind, TechnicalCheckSummary>>;
  /** Every document attached to the case, once each, with why and when it first was. */
  documents?: (AttachedDocument & { purpose: DocumentAttachmentPurpose; attachedAt: string })[];
  /** The kinds of document the case's kind requires that no attached document is (材料完整性检查). */
  missingDocuments?: MissingDocument[];
  /** Global position of the last event applied; lets a client wait for its own write. */
  lastPosition: number;
  updatedAt: string;
}

@Injectable()
export class AssessmentCasesProjection implements Projection {
  readonly name = 'projection:assessment-cases';
  readonly collections = [ASSESSMENT_CASES];

  handles(recorded: RecordedEvent): boolean {
    return recorded.type.startsWith('standards.assessment.');
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!this.handles(recorded)) return;
    const event = { type: recorded.type, data: recorded.data } as AssessmentEvent;
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted: {
        const d = event.data;
        await tx.put<AssessmentCaseView>(ASSESSMENT_CASES, d.caseId, {
          caseId: d.caseId,
          kind: d.kind,
          institutionId: d.institutionId,
          standard: d.standard,
          ...(d.renewsCaseId ? { renewsCaseId: d.renewsCaseId } : {}),
          status: 'SUBMITTED',
          submittedAt: d.submittedAt,
          acceptanceDueAt: d.acceptanceDeadline.dueAt,
          documents: [],
          missingDocuments: missingDocuments(d.kind, []),
          lastPosition: recorded.globalPosition,
          updatedAt: recorded.recordedAt,
        });
        return;
      }
      default: {
        const view = await tx.get<AssessmentCaseView>(ASSESSMENT_CASES, event.data.caseId);
        if (!view) return;
        await tx.put<AssessmentCaseView>(ASSESSMENT_CASES, view.caseId, {
          ...view,
          ...changesFor(event, view),
          lastPosition: recorded.globalPosition,
          updatedAt: recorded.recordedAt,
        });
      }
    }
  }
}

/** What each later event changes in the case's view (`view`: the view before it, for what accumulates). */
function changesFor(event: Exclude<AssessmentEvent, { type: typeof AssessmentEventTypes.ApplicationSubmitted }>, view: AssessmentCaseView): Partial<AssessmentCaseView> {
  switch (event.type) {
    case AssessmentEventTypes.ApplicationDeemedAccepted:
      return { status: 'ACCEPTED', acceptance: 'DEEMED', acceptedAt: event.data.acceptedAt };
    case AssessmentEventTypes.ApplicationAccepted:
      return { status: 'ACCEPTED', acceptance: 'EXPLICIT', acceptedAt: event.data.acceptedAt };
    case AssessmentEventTypes.SupplementRequested:
      return { status: 'SUPPLEMENT_REQUESTED', missing: event.data.missing };
    case AssessmentEventTypes.ApplicationResubmitted:
      return { status: 'SUBMITTED', acceptanceDueAt: event.data.acceptanceDeadline.dueAt, missing: undefined };
    case AssessmentEventTypes.AssessorsAssigned:
      return { status: 'ASSESSORS_ASSIGNED', assessors: event.data.assessors.map((a) => a.expertId) };
    case AssessmentEventTypes.EvaluationStarted:
      return { status: 'UNDER_EVALUATION', evaluationMode: event.data.mode };
    case AssessmentEventTypes.RectificationRequested:
      return { status: 'RECTIFICATION', rectificationDueAt: event.data.deadline.dueAt, rectificationSubmittedAt: undefined };
    case AssessmentEventTypes.RectificationSubmitted:
      return { rectificationSubmittedAt: event.data.submittedAt };
    case AssessmentEventTypes.RectificationConfirmed:
      return { status: 'UNDER_EVALUATION', rectificationDueAt: undefined, rectificationSubmittedAt: undefined };
    case AssessmentEventTypes.RectificationDeadlineMissed:
      return { status: 'FAILED' };
    case AssessmentEventTypes.EvaluationConcluded:
      return { status: event.data.outcome === 'PASS' ? 'EVALUATED_PASS' : 'EVALUATED_FAIL', decisionDueAt: event.data.decisionDeadline?.dueAt };
    case AssessmentEventTypes.DecisionLimitExtended:
      return { decisionDueAt: event.data.deadline.dueAt, decisionExtended: true };
    case AssessmentEventTypes.DeadlineReminderSent:
      return {};
    case AssessmentEventTypes.DecisionOverdue:
      return { decisionOverdueSince: event.data.dueAt };
    case AssessmentEventTypes.CaseDecided:
      return { status: event.data.decision, decision: event.data.decision, certificate: event.data.certificate };
    case AssessmentEventTypes.DocumentsAttached: {
      const { purpose, attachedAt } = event.data;
      const earlier = view.documents ?? [];
      const added = event.data.documents.filter((d) => !earlier.some((e) => e.sha256 === d.sha256)).map((d) => ({ ...d, purpose, attachedAt }));
      const documents = [...earlier, ...added];
      return { documents, missingDocuments: missingDocuments(view.kind, documents.map((d) => d.kind)) };
    }
    case AssessmentEventTypes.TechnicalCheckRecorded:
      return { technicalChecks: { ...view.technicalChecks, [event.data.check]: summariseTechnicalCheck(event.data.check, event.data.record, event.data.recordedAt) } };
    default: {
      const never: never = event;
      throw new Error(`unhandled event ${JSON.stringify(never)}`);
    }
  }
}
