import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, Permission } from '../../auth.guard.js';
import type { Actor } from '../../roles.js';
import { ChangeAffiliationCommand } from '../commands/change-affiliation.command.js';
import { DeclareInterestCommand } from '../commands/declare-interest.command.js';
import { GrantQualificationCommand } from '../commands/grant-qualification.command.js';
import { RegisterExpertCommand } from '../commands/register-expert.command.js';
import { RevokeQualificationCommand } from '../commands/revoke-qualification.command.js';
import type { ConflictRule } from '../domain/conflict-of-interest.js';
import type { ExpertView } from '../projections/registry.projection.js';
import { CheckConflictQuery, type ConflictCheckResult } from '../queries/check-conflict.query.js';
import { GetExpertQuery, ListExpertsQuery } from '../queries/get-registry.query.js';
import { ConflictCheckDto } from './conflict-check.dto.js';
import { ChangeAffiliationDto, DeclareInterestDto, GrantQualificationDto, RegisterExpertDto, RevokeQualificationDto } from './expert.dto.js';
import { callerLanguage, commandContext } from './registry-http.js';
import { RegistryIdPipe } from './registry-validators.js';

interface ExpertChange {
  expertId: string;
  alreadyRecorded: boolean;
}

/** The check's answer with each refusal's text in the caller's language. */
export type ConflictCheckAnswer = Omit<ConflictCheckResult, 'refusals' | 'allowed'> & {
  allowed: boolean;
  refusals: { rule: ConflictRule; text: string }[];
};

@ApiTags('registry: experts and conflict of interest (专家库与回避)')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class ExpertsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post('experts')
  @HttpCode(201)
  @Permission('registry.experts.register')
  @ApiOperation({ summary: "Register an expert under the subject of the expert's account" })
  async register(
    @Body() body: RegisterExpertDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ExpertChange> {
    const result = await this.commandBus.execute(new RegisterExpertCommand(body.expertId, body.name, commandContext(actor, 'admin', request)));
    response.location(`/api/v1/registry/experts/${body.expertId}`);
    return { expertId: body.expertId, ...result };
  }

  @Post('experts/:expertId/qualifications')
  @HttpCode(201)
  @Permission('registry.experts.grant-qualification')
  @ApiOperation({ summary: 'Record a qualification of the expert in a discipline, with its certificate and validity' })
  async grantQualification(
    @Param('expertId', RegistryIdPipe) expertId: string,
    @Body() body: GrantQualificationDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ExpertChange> {
    const result = await this.commandBus.execute(new GrantQualificationCommand(expertId, { ...body }, commandContext(actor, 'admin', request)));
    return { expertId, ...result };
  }

  @Post('experts/:expertId/qualification-revocations')
  @HttpCode(201)
  @Permission('registry.experts.revoke-qualification')
  @ApiOperation({ summary: 'Revoke a qualification (named by its certificate number) from today, China time' })
  async revokeQualification(
    @Param('expertId', RegistryIdPipe) expertId: string,
    @Body() body: RevokeQualificationDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ExpertChange> {
    const result = await this.commandBus.execute(new RevokeQualificationCommand(expertId, body.certificateNumber, body.reason, commandContext(actor, 'admin', request)));
    return { expertId, ...result };
  }

  @Post('experts/:expertId/affiliations')
  @HttpCode(201)
  @Permission('registry.experts.change-affiliation')
  @ApiOperation({ summary: 'Record that the expert belongs to a registered institution from a date on; the previous affiliation ends that day' })
  async changeAffiliation(
    @Param('expertId', RegistryIdPipe) expertId: string,
    @Body() body: ChangeAffiliationDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ExpertChange> {
    const result = await this.commandBus.execute(new ChangeAffiliationCommand(expertId, body.institutionId, body.from, commandContext(actor, 'admin', request)));
    return { expertId, ...result };
  }

  @Post('experts/:expertId/interests')
  @HttpCode(201)
  @Permission('registry.experts.declare-interest')
  @ApiOperation({ summary: 'Declare an interest in an institution or a case: an administrator for any expert, an expert for himself' })
  async declareInterest(
    @Param('expertId', RegistryIdPipe) expertId: string,
    @Body() body: DeclareInterestDto,
    @CurrentActor() actor: Actor,
    @Req() request: Request,
  ): Promise<ExpertChange> {
    const asAdmin = actor.roles.includes('admin');
    // The matrix lets experts in; which expert is a matter of scope, decided here.
    if (!asAdmin && actor.id !== expertId) throw new ForbiddenException('an expert declares interests for himself only');
    const result = await this.commandBus.execute(new DeclareInterestCommand(expertId, { ...body }, commandContext(actor, asAdmin ? 'admin' : 'expert', request)));
    return { expertId, ...result };
  }

  @Get('experts')
  @Permission('registry.read')
  @ApiOperation({ summary: 'Every registered expert, with qualifications, affiliations and declared interests' })
  list(): Promise<ExpertView[]> {
    return this.queryBus.execute(new ListExpertsQuery());
  }

  @Get('experts/:expertId')
  @Permission('registry.read')
  @ApiOperation({ summary: 'One expert, as the read model holds it' })
  get(@Param('expertId', RegistryIdPipe) expertId: string): Promise<ExpertView> {
    return this.queryBus.execute(new GetExpertQuery(expertId));
  }

  @Post('conflict-check')
  @HttpCode(200)
  @Permission('registry.conflict-check')
  @ApiOperation({ summary: 'Whether the expert may be assigned to a case of the institution in the discipline on the day; every refusal with its rule, in the caller\'s language' })
  async conflictCheck(@Body() body: ConflictCheckDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<ConflictCheckAnswer> {
    const result = await this.queryBus.execute(
      new CheckConflictQuery(body.expertId, { institutionId: body.institutionId, discipline: body.discipline, ...(body.caseId ? { caseId: body.caseId } : {}) }, body.date),
    );
    const language = callerLanguage(request);
    response.setHeader('Content-Language', language);
    return { ...result, refusals: result.allowed ? [] : result.refusals.map((r) => ({ rule: r.rule, text: r.text[language] })) };
  }
}
