import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import type { CaseTimeline } from '../domain/case-timeline.js';
import { GetCaseTimelineQuery } from '../queries/get-case-timeline.query.js';

@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/assessment-cases/:caseId/timeline')
export class CaseTimelineController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Permission('assessment-cases.read-timeline')
  @ApiOperation({
    summary: 'The case timeline (案件时间线): every event of the case and its certificate in order, with its actor, and the time limits kept or missed',
    description: 'As visible as the case itself: a case outside the caller\'s scope answers 404.',
  })
  get(@Param('caseId', new ParseUUIDPipe()) caseId: string, @CurrentActor() actor: Actor): Promise<CaseTimeline> {
    return this.queryBus.execute(new GetCaseTimelineQuery(caseId, actor));
  }
}
