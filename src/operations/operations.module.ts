import { Module, type OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { LogContextInterceptor } from './http-observability.js';
import { MetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

/**
 * What operators watch: Prometheus metrics (the Metrics provider itself lives in CoreModule, which
 * times the event store with it), request ids in every log line, projection lag.
 */
@Module({
  controllers: [MetricsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: LogContextInterceptor }],
})
export class OperationsModule implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly commandBus: CommandBus,
    private readonly subscriptions: SubscriptionRunner,
  ) {}

  onModuleInit(): void {
    this.metrics.instrumentCommandBus(this.commandBus);
    this.metrics.observeSubscriptions(() => this.subscriptions.lag());
  }
}
