import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { REGISTRY_INSTITUTIONS, type InstitutionView } from '../../identity/registry/projections/registry.projection.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { ASSESSMENT_CASES, type AssessmentCaseView } from '../projections/assessment-cases.projection.js';
import { caseVisibleTo, inboxOf, matchesFilter, type Task } from './case-work.js';
import { GetAssessmentCaseQuery, GetInboxQuery, ListAssessmentCasesQuery } from './get-assessment-case.query.js';

/**
 * Who sees a case (caseVisibleTo): the authority's roles (secretariat, auditor, admin) all of them,
 * as one deployment serves one jurisdiction for now; an institution its own; an expert the cases he
 * is assigned to.
 */
@QueryHandler(GetAssessmentCaseQuery)
export class GetAssessmentCaseHandler implements IQueryHandler<GetAssessmentCaseQuery, AssessmentCaseView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetAssessmentCaseQuery): Promise<AssessmentCaseView> {
    const view = await this.store.getDocument<AssessmentCaseView>(ASSESSMENT_CASES, query.caseId);
    // A case the actor may not see answers as absent, so its existence does not leak.
    if (!view || !caseVisibleTo(query.actor, view)) {
      throw new NotFoundError({ en: `No assessment case ${query.caseId}.`, 'zh-CN': `不存在考核案件 ${query.caseId}。` });
    }
    return view;
  }
}

@QueryHandler(ListAssessmentCasesQuery)
export class ListAssessmentCasesHandler implements IQueryHandler<ListAssessmentCasesQuery, AssessmentCaseView[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor, filter }: ListAssessmentCasesQuery): Promise<AssessmentCaseView[]> {
    const all = await this.store.listDocuments<AssessmentCaseView>(ASSESSMENT_CASES);
    // The applicant's division comes from the registry as it is now (an institution may move).
    const divisions = new Map<string, string | undefined>();
    if (filter.division !== undefined) {
      for (const institution of await this.store.listDocuments<InstitutionView>(REGISTRY_INSTITUTIONS)) divisions.set(institution.institutionId, institution.division);
    }
    const now = this.clock.now();
    return all.filter((view) => caseVisibleTo(actor, view) && matchesFilter(view, divisions.get(view.institutionId), filter, now));
  }
}

@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery, Task[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor }: GetInboxQuery): Promise<Task[]> {
    return inboxOf(actor, await this.store.listDocuments<AssessmentCaseView>(ASSESSMENT_CASES), this.clock.now());
  }
}
