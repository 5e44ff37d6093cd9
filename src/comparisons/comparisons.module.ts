import { Module, type OnModuleInit } from '@nestjs/common';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { WorkflowBridge } from '../temporal/workflow-bridge.js';
import { ActOnComparisonHandler } from './commands/act-on-comparison.handler.js';
import { ComparisonEvaluationController } from './http/comparison-evaluation.controller.js';
import { ComparisonOutcomesController } from './http/comparison-outcomes.controller.js';
import { ComparisonsController } from './http/comparisons.controller.js';
import { ComparisonOutcomesProjection } from './projections/comparison-outcomes.projection.js';
import { ComparisonsProjection } from './projections/comparisons.projection.js';
import { ComparisonActivitiesService } from './workflow/comparison.activities.js';
import { comparisonRoute } from './workflow/comparison.route.js';
import {
  GetCirculationBoardHandler,
  GetComparisonHandler,
  GetComparisonResultsHandler,
  GetComparisonTasksHandler,
  ListComparisonOutcomesHandler,
  ListComparisonsHandler,
} from './queries/comparison.handlers.js';

const CommandHandlers = [ActOnComparisonHandler];
const QueryHandlers = [ListComparisonsHandler, GetComparisonHandler, GetCirculationBoardHandler, GetComparisonResultsHandler, ListComparisonOutcomesHandler, GetComparisonTasksHandler];

/**
 * 计量比对: measurement comparisons, from proposal to publication and the follow-up of unsatisfactory
 * labs (src/comparisons/domain/comparison.ts), and the what-if evaluation of results (reference value and En).
 */
@Module({
  // The outcomes controller first: its fixed path must not be taken for a comparison id.
  controllers: [ComparisonEvaluationController, ComparisonOutcomesController, ComparisonsController],
  providers: [...CommandHandlers, ...QueryHandlers, ComparisonsProjection, ComparisonOutcomesProjection, ComparisonActivitiesService],
  exports: [ComparisonActivitiesService],
})
export class ComparisonsModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: ComparisonsProjection,
    private readonly outcomes: ComparisonOutcomesProjection,
    private readonly bridge: WorkflowBridge,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
    this.subscriptions.registerProjection(this.outcomes);
    // Each comparison's limits are kept by its workflow (workflows/comparison.workflow.ts).
    this.bridge.addRoute(comparisonRoute);
  }
}
