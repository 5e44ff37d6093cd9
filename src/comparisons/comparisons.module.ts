import { Module, type OnModuleInit } from '@nestjs/common';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { ActOnComparisonHandler } from './commands/act-on-comparison.handler.js';
import { ComparisonEvaluationController } from './http/comparison-evaluation.controller.js';
import { ComparisonsController } from './http/comparisons.controller.js';
import { ComparisonsProjection } from './projections/comparisons.projection.js';
import { GetCirculationBoardHandler, GetComparisonHandler, GetComparisonResultsHandler, ListComparisonsHandler } from './queries/comparison.handlers.js';

const CommandHandlers = [ActOnComparisonHandler];
const QueryHandlers = [ListComparisonsHandler, GetComparisonHandler, GetCirculationBoardHandler, GetComparisonResultsHandler];

/**
 * 计量比对: measurement comparisons, from proposal to publication and the follow-up of unsatisfactory
 * labs (src/comparisons/domain/comparison.ts), and the what-if evaluation of results (reference value and En).
 */
@Module({
  controllers: [ComparisonEvaluationController, ComparisonsController],
  providers: [...CommandHandlers, ...QueryHandlers, ComparisonsProjection],
})
export class ComparisonsModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: ComparisonsProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
  }
}
