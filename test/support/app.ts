import { Test } from '@nestjs/testing';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Client } from '@temporalio/client';
import { AppModule } from '../../src/app.module.js';
import { configureHttp } from '../../src/app.setup.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { signToken } from '../../src/identity/jwt.js';
import type { Role } from '../../src/identity/roles.js';
import type { Clock } from '../../src/shared/clock.js';

/**
 * Weekdays-only stand-ins for the years after the last published official calendar, so that tests
 * that run on the real date keep working once their deadlines reach into an unpublished year.
 */
export const TEST_CALENDAR_DIR = fileURLToPath(new URL('../fixtures/calendar/', import.meta.url));

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** Rate limits are off in tests (a test sends hundreds of requests from one address); one test turns them on. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    ...loadConfig({
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: '/tmp/metrology-test-unused',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_TOKEN: '0',
      CALENDAR_DIR: TEST_CALENDAR_DIR,
    }),
    ...overrides,
  };
}

export function tokenFor(role: Role, options: { sub?: string; institutionId?: string } = {}): string {
  return signToken({ sub: options.sub ?? `test-${role}`, roles: [role], institutionId: options.institutionId }, TEST_JWT_SECRET);
}

/** The whole application (every module, the real HTTP edge) on the given store and Temporal client. */
export async function startApp(options: {
  eventStore: EventStore;
  temporalClient: Client;
  taskQueue?: string;
  clock?: Clock;
  roles?: { projections: boolean; bridge: boolean };
  config?: Partial<AppConfig>;
}): Promise<INestApplication> {
  const config = testConfig({ temporalTaskQueue: options.taskQueue ?? 'metrology', temporalNamespace: options.temporalClient.options.namespace, ...options.config });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        roles: options.roles ?? { projections: true, bridge: true },
        eventStore: options.eventStore,
        temporalClient: options.temporalClient,
        clock: options.clock,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureHttp(app, config);
  await app.init();
  return app;
}
