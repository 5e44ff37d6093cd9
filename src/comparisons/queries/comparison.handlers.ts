import { ForbiddenException, Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { chinaDate } from '../../calendar/working-days.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { Actor } from '../../identity/roles.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { DomainError, NotFoundError } from '../../shared/domain-error.js';
import { COMPARISON_OUTCOMES, type ComparisonOutcome, type InstitutionOutcomes } from '../projections/comparison-outcomes.projection.js';
import { COMPARISONS, type ComparisonRecord } from '../projections/comparisons.projection.js';
import { comparisonTasksOf, outcomesFor, outcomesVisibleTo, type ComparisonTask } from './comparison-outcomes.js';
import { circulationBoard, comparisonAsSeenBy, comparisonVisibleTo, evaluationVisibleTo, resultsTable, type CirculationBoard, type ComparisonResultsTable } from './comparison-views.js';
import {
  GetCirculationBoardQuery,
  GetComparisonQuery,
  GetComparisonResultsQuery,
  GetComparisonTasksQuery,
  ListComparisonOutcomesQuery,
  ListComparisonsQuery,
} from './comparison.queries.js';

/** The comparison if the actor may see it; otherwise it answers as absent, so its existence does not leak. */
async function visibleRecord(store: EventStore, comparisonId: string, actor: Actor): Promise<ComparisonRecord> {
  const record = await store.getDocument<ComparisonRecord>(COMPARISONS, comparisonId);
  if (!record || !comparisonVisibleTo(actor, record)) throw new NotFoundError({ en: `No comparison ${comparisonId}.`, 'zh-CN': `不存在比对 ${comparisonId}。` });
  return record;
}

@QueryHandler(ListComparisonsQuery)
export class ListComparisonsHandler implements IQueryHandler<ListComparisonsQuery, ComparisonRecord[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, status }: ListComparisonsQuery): Promise<ComparisonRecord[]> {
    const all = await this.store.listDocuments<ComparisonRecord>(COMPARISONS);
    return all.filter((r) => comparisonVisibleTo(actor, r) && (status === undefined || r.status === status)).map((r) => comparisonAsSeenBy(actor, r));
  }
}

@QueryHandler(GetComparisonQuery)
export class GetComparisonHandler implements IQueryHandler<GetComparisonQuery, ComparisonRecord> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ comparisonId, actor }: GetComparisonQuery): Promise<ComparisonRecord> {
    return comparisonAsSeenBy(actor, await visibleRecord(this.store, comparisonId, actor));
  }
}

@QueryHandler(GetCirculationBoardQuery)
export class GetCirculationBoardHandler implements IQueryHandler<GetCirculationBoardQuery, CirculationBoard> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ comparisonId, actor }: GetCirculationBoardQuery): Promise<CirculationBoard> {
    return circulationBoard(await visibleRecord(this.store, comparisonId, actor), chinaDate(this.clock.now()));
  }
}

@QueryHandler(GetComparisonResultsQuery)
export class GetComparisonResultsHandler implements IQueryHandler<GetComparisonResultsQuery, ComparisonResultsTable> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ comparisonId, actor }: GetComparisonResultsQuery): Promise<ComparisonResultsTable> {
    const record = await visibleRecord(this.store, comparisonId, actor);
    if (!evaluationVisibleTo(actor, record)) {
      throw new DomainError(
        'comparison.results-not-available',
        record.draftA
          ? { en: `The results of comparison ${comparisonId} are confidential to its participants until the report is issued.`, 'zh-CN': `比对 ${comparisonId} 的结果在报告发布前仅对参比实验室公开。` }
          : { en: `Comparison ${comparisonId} has no Draft A yet; its results are evaluated when Draft A is issued.`, 'zh-CN': `比对 ${comparisonId} 尚未发布 A 稿；结果在发布 A 稿时评价。` },
      );
    }
    return resultsTable(record);
  }
}

@QueryHandler(ListComparisonOutcomesQuery)
export class ListComparisonOutcomesHandler implements IQueryHandler<ListComparisonOutcomesQuery, (ComparisonOutcome & { institutionId: string })[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, institutionId }: ListComparisonOutcomesQuery): Promise<(ComparisonOutcome & { institutionId: string })[]> {
    if (institutionId !== undefined && !outcomesVisibleTo(actor, institutionId)) {
      throw new ForbiddenException("an institution sees its own comparison outcomes only; the authority's roles see every institution's");
    }
    const own = actor.roles.includes('institution') ? actor.institutionId : undefined;
    return outcomesFor(actor, await this.store.listDocuments<InstitutionOutcomes>(COMPARISON_OUTCOMES), institutionId ?? own);
  }
}

@QueryHandler(GetComparisonTasksQuery)
export class GetComparisonTasksHandler implements IQueryHandler<GetComparisonTasksQuery, ComparisonTask[]> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ actor }: GetComparisonTasksQuery): Promise<ComparisonTask[]> {
    return comparisonTasksOf(actor, await this.store.listDocuments<InstitutionOutcomes>(COMPARISON_OUTCOMES), this.clock.now());
  }
}
