import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ASSESSMENT_POLICIES, loadPolicies, type PolicyRegistry } from './policy/policy-registry.js';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { WorkflowBridge } from '../temporal/workflow-bridge.js';
import { ActOnAssessmentCaseHandler } from './commands/act-on-case.handler.js';
import { DeemApplicationAcceptedHandler } from './commands/deem-application-accepted.handler.js';
import { ExpireCertificateHandler } from './commands/expire-certificate.handler.js';
import { MarkRenewalDueHandler } from './commands/mark-renewal-due.handler.js';
import { SubmitApplicationHandler } from './commands/submit-application.handler.js';
import { AssessmentCasesController } from './http/assessment-cases.controller.js';
import { CaseStepsController } from './http/case-steps.controller.js';
import { CompletenessController } from './http/completeness.controller.js';
import { AssessorDocumentAccessHandler } from './queries/assessor-document-access.handler.js';
import { CheckCompletenessHandler } from './queries/check-completeness.handler.js';
import { CaseTimelineController } from './http/case-timeline.controller.js';
import { TechnicalChecksController } from './http/technical-checks.controller.js';
import { AssessmentCasesProjection } from './projections/assessment-cases.projection.js';
import { GetAssessmentCaseHandler, GetInboxHandler, ListAssessmentCasesHandler } from './queries/get-assessment-case.handler.js';
import { InboxController } from './http/inbox.controller.js';
import { GetCaseTimelineHandler } from './queries/get-case-timeline.handler.js';
import { AssessmentCaseActivitiesService } from './workflow/assessment-case.activities.js';
import { assessmentCaseRoute } from './workflow/assessment-case.route.js';
import { certificateRoute } from './workflow/certificate.route.js';
import { CERTIFICATE_CONTROLLERS, CERTIFICATE_PROVIDERS } from './certificates.providers.js';
import { StandardsRegistryProjection } from './projections/standards-registry.projection.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

const CommandHandlers = [SubmitApplicationHandler, DeemApplicationAcceptedHandler, ActOnAssessmentCaseHandler, MarkRenewalDueHandler, ExpireCertificateHandler];
const QueryHandlers = [GetAssessmentCaseHandler, CheckCompletenessHandler, AssessorDocumentAccessHandler, ListAssessmentCasesHandler, GetInboxHandler, GetCaseTimelineHandler];

/** 计量标准考核: measurement standard assessment, from application to certificate. */
@Module({
  controllers: [AssessmentCasesController, CompletenessController, CaseStepsController, InboxController, TechnicalChecksController, CaseTimelineController, ...CERTIFICATE_CONTROLLERS],
  providers: [
    ...CommandHandlers,
    ...QueryHandlers,
    ...CERTIFICATE_PROVIDERS,
    AssessmentCasesProjection,
    AssessmentCaseActivitiesService,
    { provide: ASSESSMENT_POLICIES, inject: [APP_CONFIG], useFactory: (config: AppConfig) => loadPolicies(config.policyDir) },
  ],
  exports: [AssessmentCaseActivitiesService],
})
export class StandardsModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly bridge: WorkflowBridge,
    private readonly projection: AssessmentCasesProjection,
    @Inject(ASSESSMENT_POLICIES) private readonly policies: PolicyRegistry,
    private readonly standardsRegistry: StandardsRegistryProjection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
    this.bridge.addRoute(assessmentCaseRoute);
    this.subscriptions.registerProjection(this.standardsRegistry);
    this.bridge.addRoute(certificateRoute(this.policies, this.store));
  }
}
