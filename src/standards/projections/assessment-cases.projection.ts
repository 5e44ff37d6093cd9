import { Injectable } from '@nestjs/common';
import { AssessmentEventTypes, type AssessmentEvent, type AssessmentKind, type StandardCategory } from '../../../events/assessment.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';

export const ASSESSMENT_CASES = 'assessment-cases';

/** The read model of one assessment case, as the case list and case page show it. */
export interface AssessmentCaseView {
  caseId: string;
  kind: AssessmentKind;
  institutionId: string;
  standard: { name: string; category: StandardCategory; measurand: string };
  status: 'SUBMITTED' | 'ACCEPTED';
  submittedAt: string;
  acceptanceDueAt: string;
  acceptedAt?: string;
  acceptance?: 'DEEMED';
  /** Global position of the last event applied; lets a client wait for its own write. */
  lastPosition: number;
  updatedAt: string;
}

@Injectable()
export class AssessmentCasesProjection implements Projection {
  readonly name = 'projection:assessment-cases';

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!recorded.type.startsWith('standards.assessment.')) return;
    const event = { type: recorded.type, data: recorded.data } as AssessmentEvent;
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted: {
        const d = event.data;
        await tx.put<AssessmentCaseView>(ASSESSMENT_CASES, d.caseId, {
          caseId: d.caseId,
          kind: d.kind,
          institutionId: d.institutionId,
          standard: d.standard,
          status: 'SUBMITTED',
          submittedAt: d.submittedAt,
          acceptanceDueAt: d.acceptanceDeadline.dueAt,
          lastPosition: recorded.globalPosition,
          updatedAt: recorded.recordedAt,
        });
        return;
      }
      case AssessmentEventTypes.ApplicationDeemedAccepted: {
        const view = await tx.get<AssessmentCaseView>(ASSESSMENT_CASES, event.data.caseId);
        if (!view) return;
        await tx.put<AssessmentCaseView>(ASSESSMENT_CASES, view.caseId, {
          ...view,
          status: 'ACCEPTED',
          acceptance: 'DEEMED',
          acceptedAt: event.data.acceptedAt,
          lastPosition: recorded.globalPosition,
          updatedAt: recorded.recordedAt,
        });
        return;
      }
      default: {
        const never: never = event;
        throw new Error(`unhandled event ${JSON.stringify(never)}`);
      }
    }
  }
}
