import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { Actor } from '../../identity/roles.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { STANDARDS_REGISTRY, type StandardRegistryView } from '../projections/standards-registry.projection.js';
import { GetStandardQuery, ListStandardsQuery, type StandardsFilter } from './standards-registry.query.js';

/** The authority's roles see every standard; an institution its own. */
const visibleTo = (actor: Actor, row: StandardRegistryView) =>
  actor.roles.some((r) => r === 'secretariat' || r === 'auditor' || r === 'admin') ||
  (actor.roles.includes('institution') && actor.institutionId !== undefined && actor.institutionId === row.institutionId);

const matches = (filter: StandardsFilter, row: StandardRegistryView) =>
  (filter.status === undefined || row.status === filter.status) &&
  (filter.category === undefined || row.category === filter.category) &&
  (filter.institutionId === undefined || row.institutionId === filter.institutionId) &&
  (filter.expiringBefore === undefined || row.validUntil < filter.expiringBefore) &&
  (filter.comparisonFollowUpOpen === undefined || (row.comparisonFollowUpOpen ?? false) === filter.comparisonFollowUpOpen);

/** Rows no comparison has reached yet show no outcomes and no open follow-up. */
const withComparisons = (row: StandardRegistryView): StandardRegistryView => ({ ...row, comparisons: row.comparisons ?? [], comparisonFollowUpOpen: row.comparisonFollowUpOpen ?? false });

@QueryHandler(ListStandardsQuery)
export class ListStandardsHandler implements IQueryHandler<ListStandardsQuery, StandardRegistryView[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, filter }: ListStandardsQuery): Promise<StandardRegistryView[]> {
    const rows = await this.store.listDocuments<StandardRegistryView>(STANDARDS_REGISTRY);
    return rows
      .filter((row) => visibleTo(actor, row) && matches(filter, row))
      .sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.id.localeCompare(b.id))
      .map(withComparisons);
  }
}

@QueryHandler(GetStandardQuery)
export class GetStandardHandler implements IQueryHandler<GetStandardQuery, StandardRegistryView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ id, actor }: GetStandardQuery): Promise<StandardRegistryView> {
    const row = await this.store.getDocument<StandardRegistryView>(STANDARDS_REGISTRY, id);
    // A standard the actor may not see answers as absent, so its existence does not leak.
    if (!row || !visibleTo(actor, row)) throw new NotFoundError({ en: `No measurement standard ${id} in the registry.`, 'zh-CN': `计量标准档案中不存在 ${id}。` });
    return withComparisons(row);
  }
}
