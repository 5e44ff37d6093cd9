import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { ASSESSMENT_CASES, type AssessmentCaseView } from '../projections/assessment-cases.projection.js';
import { AssessorDocumentAccessQuery } from './assessor-document-access.query.js';

/** From the case read model: an assessor reads the documents of the cases he is assigned to. */
@QueryHandler(AssessorDocumentAccessQuery)
export class AssessorDocumentAccessHandler implements IQueryHandler<AssessorDocumentAccessQuery, boolean> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ expertId, sha256 }: AssessorDocumentAccessQuery): Promise<boolean> {
    const cases = await this.store.listDocuments<AssessmentCaseView>(ASSESSMENT_CASES);
    return cases.some((view) => view.assessors?.includes(expertId) && view.documents?.some((d) => d.sha256 === sha256));
  }
}
