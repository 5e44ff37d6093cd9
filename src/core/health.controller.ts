import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { Public } from '../identity/auth.guard.js';
import { TemporalHealth } from '../temporal/temporal-health.js';

type Check = { status: 'up' } | { status: 'down'; error: string };

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly temporal: TemporalHealth,
    private readonly subscriptions: SubscriptionRunner,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '200 when the event store and Temporal answer, 503 naming whichever does not; each projection with its checkpoint and lag (events behind the head of the log); each subscription with whether this node consumes it (active) or stands by to take it over (standby)' })
  async health(@Res({ passthrough: true }) response: Response) {
    const probe = async (fn: () => Promise<unknown>): Promise<Check> => {
      try {
        await fn();
        return { status: 'up' };
      } catch (error) {
        return { status: 'down', error: (error as Error).message };
      }
    };
    const [eventStore, temporal] = await Promise.all([probe(() => this.store.ping()), probe(() => this.temporal.check())]);
    // Lag needs the store; when it is down the checks say so and the projections are left out.
    const lags = eventStore.status === 'up' ? await this.subscriptions.lag().catch(() => []) : [];
    const down = Object.entries({ eventStore, temporal }).filter(([, c]) => c.status === 'down').map(([name]) => name);
    response.status(down.length ? 503 : 200);
    return {
      status: down.length ? 'down' : 'up',
      ...(down.length ? { down } : {}),
      checks: { eventStore: { ...eventStore, adapter: this.store.kind }, temporal },
      subscriptions: this.subscriptions.status(),
      projections: lags.filter((l) => l.kind === 'projection').map(({ name, position, checkpoint, head, lag, consumer }) => ({ name, position, checkpoint, head, lag, consumer })),
    };
  }
}
