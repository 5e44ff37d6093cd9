import { Module, type OnModuleInit } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { WorkflowBridge } from '../temporal/workflow-bridge.js';
import { SpecificationActivitiesService } from './workflow/specification.activities.js';
import { specificationRoute } from './workflow/specification.route.js';
import { ActOnSpecificationHandler } from './commands/act-on-specification.handler.js';
import { SpecificationsController } from './http/specifications.controller.js';
import { SPECIFICATION_POLICIES, loadSpecificationPolicies } from './policy/specification-policy-registry.js';
import { SpecificationsProjection } from './projections/specifications.projection.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { GetCatalogueHandler, GetCommentTableCsvHandler, GetSpecificationHandler, GetVersionDiffHandler, ListSpecificationsHandler } from './queries/specification.queries.js';

const QueryHandlers = [ListSpecificationsHandler, GetSpecificationHandler, GetCommentTableCsvHandler, GetCatalogueHandler, GetVersionDiffHandler];

/**
 * 地方计量技术规范: local technical specification projects, from proposal to publication and
 * periodic review (src/specifications/domain/specification-project.ts), over HTTP with their read
 * models. Each project's periods and limits are kept by its workflow (workflows/specification.workflow.ts).
 */
@Module({
  imports: [DocumentsModule],
  controllers: [SpecificationsController],
  providers: [
    ActOnSpecificationHandler,
    ...QueryHandlers,
    SpecificationsProjection,
    SpecificationActivitiesService,
    { provide: SPECIFICATION_POLICIES, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadSpecificationPolicies(config.policyDir) },
  ],
  exports: [SpecificationActivitiesService],
})
export class SpecificationsModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: SpecificationsProjection,
    private readonly bridge: WorkflowBridge,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
    // Each project's periods and limits are kept by its workflow (workflows/specification.workflow.ts).
    this.bridge.addRoute(specificationRoute);
  }
}
