import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { eventIdFor } from '../../event-store/event-ids.js';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import { idempotentCommandId } from '../../http/idempotency.js';
import { commandContextOf } from '../../http/request-context.js';
import { SubmitApplicationCommand, type SubmitApplicationResult } from '../commands/submit-application.command.js';
import { GetAssessmentCaseQuery, ListAssessmentCasesQuery } from '../queries/get-assessment-case.query.js';
import type { AssessmentCaseView } from '../projections/assessment-cases.projection.js';
import { SubmitApplicationDto } from './submit-application.dto.js';
import { ListCasesQueryDto } from './list-cases-query.dto.js';
import { BadRequestException } from '@nestjs/common';
import { freshId } from '../../shared/fresh-ids.js';

@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/assessment-cases')
export class AssessmentCasesController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('assessment-cases.submit')
  @ApiOperation({ summary: 'Submit an application for the assessment of a measurement standard' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Resending with the same key returns the original answer and records nothing new' })
  async submit(
    @Body() body: SubmitApplicationDto,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SubmitApplicationResult> {
    if (!actor.institutionId) throw new BadRequestException('the token names no institution (claim institutionId); an application is submitted on behalf of one');
    // The IdempotencyInterceptor checks the key and derives the command id from it (src/http/idempotency.ts).
    const commandId = idempotentCommandId(request) ?? freshId();
    const caseId = idempotencyKey ? eventIdFor(commandId, -1) : freshId();
    const result = await this.commandBus.execute(
      new SubmitApplicationCommand(caseId, body.kind, { ...body.standard }, { ...commandContextOf(request, actor, 'institution', commandId), institutionId: actor.institutionId }, body.renewsCaseId, body.documents ?? []),
    );
    response.location(`/api/v1/assessment-cases/${result.caseId}`);
    return result;
  }

  @Get()
  @Permission('assessment-cases.list')
  @ApiOperation({ summary: 'List the assessment cases visible to the caller, filtered by status, kind, category, division (county or city), institution or overdue' })
  list(@CurrentActor() actor: Actor, @Query() query: ListCasesQueryDto): Promise<AssessmentCaseView[]> {
    const { overdue, ...rest } = query;
    return this.queryBus.execute(new ListAssessmentCasesQuery(actor, { ...rest, ...(overdue !== undefined ? { overdue: overdue === 'true' } : {}) }));
  }

  @Get(':caseId')
  @Permission('assessment-cases.read')
  @ApiOperation({ summary: 'One assessment case, as the read model holds it' })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor): Promise<AssessmentCaseView> {
    return this.queryBus.execute(new GetAssessmentCaseQuery(caseId, actor));
  }
}
