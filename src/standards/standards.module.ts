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
import { AssessmentCasesProjection } from './projections/assessment-cases.projection.js';
import { GetAssessmentCaseHandler, ListAssessmentCasesHandler } from './queries/get-assessment-case.handler.js';
import { AssessmentCaseActivitiesService } from './workflow/assessment-case.activities.js';
import { assessmentCaseRoute } from './workflow/assessment-case.route.js';
import { certificateRoute } from './workflow/certificate.route.js';

const CommandHandlers = [SubmitApplicationHandler, DeemApplicationAcceptedHandler, ActOnAssessmentCaseHandler, MarkRenewalDueHandler, ExpireCertificateHandler];
const QueryHandlers = [GetAssessmentCaseHandler, ListAssessmentCasesHandler];

/** 计量标准考核: measurement standard assessment, from application to certificate. */
@Module({
  controllers: [AssessmentCasesController, CaseStepsController],
  providers: [
    ...CommandHandlers,
    ...QueryHandlers,
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
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
    this.bridge.addRoute(assessmentCaseRoute);
    this.bridge.addRoute(certificateRoute(this.policies));
  }
}
