import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import type { Task } from '../queries/case-work.js';
import { GetInboxQuery } from '../queries/get-assessment-case.query.js';

/** 待办事项: each user's task inbox over the assessment cases. */
@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/inbox')
export class InboxController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Permission('inbox.read')
  @ApiOperation({ summary: "The caller's tasks: what to do, on which case, by when; overdue first, then by the nearest limit" })
  inbox(@CurrentActor() actor: Actor): Promise<Task[]> {
    return this.queryBus.execute(new GetInboxQuery(actor));
  }
}
