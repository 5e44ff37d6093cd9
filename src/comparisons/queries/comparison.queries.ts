import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../identity/roles.js';
import type { ComparisonStatus } from '../domain/comparison.js';
import type { ComparisonRecord } from '../projections/comparisons.projection.js';
import type { ComparisonOutcome } from '../projections/comparison-outcomes.projection.js';
import type { ComparisonTask } from './comparison-outcomes.js';
import type { CirculationBoard, ComparisonResultsTable } from './comparison-views.js';

/** The comparisons the actor sees (secretariat and auditor all; an institution those it pilots or takes part in), by status. */
export class ListComparisonsQuery extends Query<ComparisonRecord[]> {
  constructor(
    readonly actor: Actor,
    readonly status?: Exclude<ComparisonStatus, 'NONE'>,
  ) {
    super();
  }
}

/** One comparison as the actor may see it. */
export class GetComparisonQuery extends Query<ComparisonRecord> {
  constructor(
    readonly comparisonId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Where the transfer standard is and which legs are late, by the application's clock. */
export class GetCirculationBoardQuery extends Query<CirculationBoard> {
  constructor(
    readonly comparisonId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The reference value, each En and the chart series, once Draft A is issued and visible to the actor. */
export class GetComparisonResultsQuery extends Query<ComparisonResultsTable> {
  constructor(
    readonly comparisonId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** Comparison outcomes from published results: an institution its own, the authority all (or one institution's). */
export class ListComparisonOutcomesQuery extends Query<(ComparisonOutcome & { institutionId: string })[]> {
  constructor(
    readonly actor: Actor,
    readonly institutionId?: string,
  ) {
    super();
  }
}

/** The actor's comparison follow-up tasks, for the inbox. */
export class GetComparisonTasksQuery extends Query<ComparisonTask[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}
