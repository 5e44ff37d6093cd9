import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { expertNotFound } from '../domain/expert.js';
import { institutionNotFound } from '../domain/institution.js';
import { REGISTRY_EXPERTS, REGISTRY_INSTITUTIONS, type ExpertView, type InstitutionView } from '../projections/registry.projection.js';
import { GetExpertQuery, GetInstitutionQuery, ListExpertsQuery, ListInstitutionsQuery } from './get-registry.query.js';

@QueryHandler(GetInstitutionQuery)
export class GetInstitutionHandler implements IQueryHandler<GetInstitutionQuery, InstitutionView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetInstitutionQuery): Promise<InstitutionView> {
    const view = await this.store.getDocument<InstitutionView>(REGISTRY_INSTITUTIONS, query.institutionId);
    if (!view) throw institutionNotFound(query.institutionId);
    return view;
  }
}

@QueryHandler(ListInstitutionsQuery)
export class ListInstitutionsHandler implements IQueryHandler<ListInstitutionsQuery, InstitutionView[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<InstitutionView[]> {
    return this.store.listDocuments<InstitutionView>(REGISTRY_INSTITUTIONS);
  }
}

@QueryHandler(GetExpertQuery)
export class GetExpertHandler implements IQueryHandler<GetExpertQuery, ExpertView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: GetExpertQuery): Promise<ExpertView> {
    const view = await this.store.getDocument<ExpertView>(REGISTRY_EXPERTS, query.expertId);
    if (!view) throw expertNotFound(query.expertId);
    return view;
  }
}

@QueryHandler(ListExpertsQuery)
export class ListExpertsHandler implements IQueryHandler<ListExpertsQuery, ExpertView[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<ExpertView[]> {
    return this.store.listDocuments<ExpertView>(REGISTRY_EXPERTS);
  }
}
