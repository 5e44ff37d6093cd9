import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { ComparisonActivitiesService } from '../../src/comparisons/workflow/comparison.activities.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { startApp } from './app.js';
import { startTimeSkippingServer } from './services.js';

export interface TimeSkippingApp {
  env: TestWorkflowEnvironment;
  app: INestApplication;
  store: SqliteEventStore;
  /** The application's clock: the test server's time as last read by followServer(). */
  now(): Date;
  /** Reads the test server's time (it jumps ahead when time is skipped) and sets the application's clock to it. */
  followServer(): Promise<number>;
  /** A worker runs once; each test gets its own, with the application's activities. */
  newWorker(): Promise<Worker>;
  close(): Promise<void>;
}

/** The whole application on SQLite against the Java time-skipping server, its clock following the server's. */
export async function startTimeSkippingApp(taskQueue: string): Promise<TimeSkippingApp> {
  const env = await startTimeSkippingServer();
  const dir = mkdtempSync(join(tmpdir(), 'metrology-int-'));
  const store = new SqliteEventStore(join(dir, 'events.sqlite'));
  let serverNow = Date.now();
  const app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue, clock: { now: () => new Date(serverNow) } });
  return {
    env,
    app,
    store,
    now: () => new Date(serverNow),
    followServer: async () => (serverNow = await env.currentTimeMs()),
    newWorker: () =>
      createMetrologyWorker({
        connection: env.nativeConnection,
        namespace: env.client.options.namespace,
        taskQueue,
        activities: { ...app.get(AssessmentCaseActivitiesService).bound(), ...app.get(ComparisonActivitiesService).bound() },
      }),
    async close() {
      await app.close();
      await store.close();
      await env.teardown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
