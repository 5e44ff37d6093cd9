import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TEMPORAL_CLIENT } from './temporal.tokens.js';

@Injectable()
export class TemporalHealth {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Asks the frontend service about the namespace, within `timeoutMs`. */
  async check(timeoutMs = 2000): Promise<void> {
    const connection = this.client.connection;
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection.workflowService.describeNamespace({ namespace: this.config.temporalNamespace }),
    );
  }
}
