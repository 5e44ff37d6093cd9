import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Permission } from '../../identity/auth.guard.js';
import type { Actor } from '../../identity/roles.js';
import type { ComparisonTask } from '../../comparisons/queries/comparison-outcomes.js';
import { GetComparisonTasksQuery } from '../../comparisons/queries/comparison.queries.js';
import type { Task } from '../queries/case-work.js';
import { GetInboxQuery } from '../queries/get-assessment-case.query.js';

/** 待办事项: each user's task inbox over the assessment cases, and the follow-ups of unsatisfactory comparison results. */
@ApiTags('assessment cases (计量标准考核)')
@ApiBearerAuth()
@Controller('api/v1/inbox')
export class InboxController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Permission('inbox.read')
  @ApiOperation({ summary: "The caller's tasks: what to do, on which case or comparison follow-up, by when; overdue first, then by the nearest limit" })
  async inbox(@CurrentActor() actor: Actor): Promise<(Task | ComparisonTask)[]> {
    const [caseTasks, comparisonTasks] = await Promise.all([
      this.queryBus.execute(new GetInboxQuery(actor)),
      this.queryBus.execute(new GetComparisonTasksQuery(actor)),
    ]);
    // The same order as the case inbox's (a stable sort keeps the cases' own order among equals).
    const rank = (t: Task | ComparisonTask) => (t.overdue ? 0 : t.dueAt ? 1 : 2);
    return [...caseTasks, ...comparisonTasks].sort((a, b) => rank(a) - rank(b) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  }
}
