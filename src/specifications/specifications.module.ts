import { Module, type OnModuleInit } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module.js';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { ActOnSpecificationHandler } from './commands/act-on-specification.handler.js';
import { SpecificationsController } from './http/specifications.controller.js';
import { SpecificationsProjection } from './projections/specifications.projection.js';
import { GetCatalogueHandler, GetCommentTableCsvHandler, GetSpecificationHandler, GetVersionDiffHandler, ListSpecificationsHandler } from './queries/specification.queries.js';

const QueryHandlers = [ListSpecificationsHandler, GetSpecificationHandler, GetCommentTableCsvHandler, GetCatalogueHandler, GetVersionDiffHandler];

/**
 * 地方计量技术规范: local technical specification projects, from proposal to publication and
 * periodic review (src/specifications/domain/specification-project.ts), over HTTP with their read
 * models. The project's periods are not yet kept by a workflow: each step checks them when called.
 */
@Module({
  imports: [DocumentsModule],
  controllers: [SpecificationsController],
  providers: [ActOnSpecificationHandler, ...QueryHandlers, SpecificationsProjection],
})
export class SpecificationsModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: SpecificationsProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
  }
}
