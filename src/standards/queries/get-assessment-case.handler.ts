import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { Actor } from '../../identity/roles.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { ASSESSMENT_CASES, type AssessmentCaseView } from '../projections/assessment-cases.projection.js';
import { GetAssessmentCaseQuery, ListAssessmentCasesQuery } from './get-assessment-case.query.js';

/**
 * Who sees a case: the authority's roles (secretariat, auditor, admin) all of them, as one
 * deployment serves one jurisdiction for now; an institution its own; an expert the cases he is
 * assigned to, and assessors are assigned by a later step of the process, so none yet.
 */
const visibleTo = (actor: Actor, view: AssessmentCaseView) =>
  actor.roles.some((r) => r === 'secretariat' || r === 'auditor' || r === 'admin') ||
  (actor.roles.includes('institution') && actor.institutionId !== undefined && actor.institutionId === view.institutionId);

@QueryHandler(GetAssessmentCaseQuery)
export class GetAssessmentCaseHandler implements IQueryHandler<GetAssessmentCaseQuery, AssessmentCaseView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetAssessmentCaseQuery): Promise<AssessmentCaseView> {
    const view = await this.store.getDocument<AssessmentCaseView>(ASSESSMENT_CASES, query.caseId);
    // A case the actor may not see answers as absent, so its existence does not leak.
    if (!view || !visibleTo(query.actor, view)) {
      throw new NotFoundError({ en: `No assessment case ${query.caseId}.`, 'zh-CN': `不存在考核案件 ${query.caseId}。` });
    }
    return view;
  }
}

@QueryHandler(ListAssessmentCasesQuery)
export class ListAssessmentCasesHandler implements IQueryHandler<ListAssessmentCasesQuery, AssessmentCaseView[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: ListAssessmentCasesQuery): Promise<AssessmentCaseView[]> {
    const all = await this.store.listDocuments<AssessmentCaseView>(ASSESSMENT_CASES);
    return all.filter((view) => visibleTo(query.actor, view));
  }
}
