import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { PlanProgressController } from './http/plan-progress.controller.js';
import { PlanFactsProjection } from './projections/plan-facts.projection.js';
import { GetPlanProgressHandler } from './queries/plan-progress.handler.js';
import { loadPlanTargets, PLAN_TARGETS } from './targets/plan-targets.js';

/**
 * 规划目标进度: the plan's targets (configuration per jurisdiction and period) against actuals
 * computed from the events by the plan-facts projection.
 */
@Module({
  controllers: [PlanProgressController],
  providers: [
    PlanFactsProjection,
    GetPlanProgressHandler,
    { provide: PLAN_TARGETS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadPlanTargets(config.planTargetsDir) },
  ],
})
export class PlanModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: PlanFactsProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
  }
}
