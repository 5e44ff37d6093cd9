import { Query } from '@nestjs/cqrs';
import type { ProgressReport } from '../domain/plan-progress.js';

/** The plan's progress for one jurisdiction and period: targets, actuals, gaps and the tables behind them. */
export class GetPlanProgressQuery extends Query<ProgressReport> {
  constructor(
    readonly jurisdiction: string,
    readonly period: string,
  ) {
    super();
  }
}
