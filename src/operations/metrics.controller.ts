import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../identity/auth.guard.js';
import { Metrics } from './metrics.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary:
      'Prometheus text exposition: metrology_commands_total, metrology_event_store_append_seconds, metrology_projection_lag_events, ' +
      'metrology_workflow_step_seconds (worker), metrology_http_request_duration_seconds, and process metrics',
  })
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    const text = await this.metrics.text();
    response.type(this.metrics.contentType);
    return text;
  }
}
