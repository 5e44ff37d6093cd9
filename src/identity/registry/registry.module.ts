import { Module, type OnModuleInit } from '@nestjs/common';
import { SubscriptionRunner } from '../../event-store/subscription-runner.js';
import { ChangeAffiliationHandler } from './commands/change-affiliation.handler.js';
import { DeclareInterestHandler } from './commands/declare-interest.handler.js';
import { GrantQualificationHandler } from './commands/grant-qualification.handler.js';
import { RegisterExpertHandler } from './commands/register-expert.handler.js';
import { RegisterInstitutionHandler } from './commands/register-institution.handler.js';
import { RevokeQualificationHandler } from './commands/revoke-qualification.handler.js';
import { UpdateInstitutionHandler } from './commands/update-institution.handler.js';
import { ExpertsController } from './http/experts.controller.js';
import { InstitutionsController } from './http/institutions.controller.js';
import { RegistryProjection } from './projections/registry.projection.js';
import { CheckConflictHandler } from './queries/check-conflict.handler.js';
import { GetExpertHandler, GetInstitutionHandler, ListExpertsHandler, ListInstitutionsHandler } from './queries/get-registry.handler.js';

const CommandHandlers = [
  RegisterInstitutionHandler,
  UpdateInstitutionHandler,
  RegisterExpertHandler,
  GrantQualificationHandler,
  RevokeQualificationHandler,
  ChangeAffiliationHandler,
  DeclareInterestHandler,
];
const QueryHandlers = [GetInstitutionHandler, ListInstitutionsHandler, GetExpertHandler, ListExpertsHandler, CheckConflictHandler];

/** 机构与专家库: the institution and expert registry, and the conflict-of-interest rule (回避) read from it. */
@Module({
  controllers: [InstitutionsController, ExpertsController],
  providers: [...CommandHandlers, ...QueryHandlers, RegistryProjection],
})
export class RegistryModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: RegistryProjection,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
  }
}
