import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '../../identity/auth.guard.js';
import { progressCsv, type ProgressReport } from '../domain/plan-progress.js';
import { GetPlanProgressQuery } from '../queries/plan-progress.query.js';
import { DEFAULT_PLAN } from '../targets/plan-targets.js';
import { PlanProgressQueryDto } from './plan-progress-query.dto.js';

/**
 * 规划目标进度: the plan's targets against what the events show, for the authority and auditors.
 * An unknown jurisdiction or period answers 404 naming the loaded ones.
 */
@ApiTags('plan (规划目标进度)')
@ApiBearerAuth()
@Controller('api/v1/plan')
export class PlanProgressController {
  constructor(private readonly queryBus: QueryBus) {}

  private report(query: PlanProgressQueryDto): Promise<ProgressReport> {
    return this.queryBus.execute(new GetPlanProgressQuery(query.jurisdiction ?? DEFAULT_PLAN.jurisdiction, query.period ?? DEFAULT_PLAN.period));
  }

  @Get('progress')
  @Permission('plan.progress')
  @ApiOperation({ summary: "Targets, actuals and gap per row of the plan, with standards by county and category, certificates expiring in 6 months and overdue steps" })
  progress(@Query() query: PlanProgressQueryDto): Promise<ProgressReport> {
    return this.report(query);
  }

  @Get('progress.csv')
  @Permission('plan.progress')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The same rows as CSV, UTF-8 with BOM, zh-CN headings (指标, 目标值, 实际值, 差距, 数据来源)' })
  async progressCsv(@Query() query: PlanProgressQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const report = await this.report(query);
    res.setHeader('Content-Disposition', `attachment; filename="plan-progress-${report.jurisdiction}-${report.period}.csv"`);
    return progressCsv(report);
  }
}
