import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit/audit.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CoreModule, type CoreOptions } from './core/core.module.js';
import { HealthController } from './core/health.controller.js';
import { RegistryModule } from './identity/registry/registry.module.js';
import { StandardsModule } from './standards/standards.module.js';
import { ComparisonsModule } from './comparisons/comparisons.module.js';
import { SpecificationsModule } from './specifications/specifications.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { PlanModule } from './plan/plan.module.js';
import { ConsoleModule } from './console/console.module.js';
import { BenchBaselineModule } from './operations/bench-baseline.module.js';

/** The whole application; main.ts and worker.ts start it with different process roles. */
@Module({})
export class AppModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(options), CqrsModule.forRoot(), DiscoveryModule, CalendarModule, StandardsModule, DocumentsModule, AuditModule, RegistryModule, ComparisonsModule, SpecificationsModule, PlanModule, OperationsModule, ConsoleModule.forRoot(options.config), BenchBaselineModule.forRoot(options.config)],
      controllers: [HealthController],
    };
  }
}
