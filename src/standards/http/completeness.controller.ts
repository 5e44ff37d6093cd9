import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import type { CompletenessReport } from '../domain/required-documents.js';
import { CheckCompletenessQuery } from '../queries/check-completeness.query.js';
import { CompletenessDto } from './completeness.dto.js';

/** 材料完整性检查: an applicant checks its documents before it submits; nothing is recorded. */
@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/assessment-cases')
export class CompletenessController {
  constructor(private readonly queryBus: QueryBus) {}

  @Post('completeness')
  @HttpCode(200)
  @Permission('assessment-cases.check-completeness')
  @ApiOperation({ summary: 'Check documents against those the kind of assessment requires: which kinds are missing, which references are not your uploads' })
  check(@Body() body: CompletenessDto, @CurrentActor() actor: Actor): Promise<CompletenessReport> {
    if (!actor.institutionId) throw new BadRequestException('the token names no institution (claim institutionId); documents are checked on behalf of one');
    return this.queryBus.execute(new CheckCompletenessQuery(actor.institutionId, body.kind, body.documents));
  }
}
