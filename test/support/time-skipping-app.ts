import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { executeOnStream, type CommandOutcome } from '../../src/event-store/event-sourced-command.js';
import { assessmentStreamId, decideAssessment, type AssessmentCaseState, type AssessmentCommand } from '../../src/standards/domain/assessment-case.js';
import { assessmentCaseFolding } from '../../src/standards/domain/assessment-case.folding.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { startApp } from './app.js';
import { startTimeSkippingServer } from './services.js';
import { workerActivities } from '../../src/worker-activities.js';

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
  /**
   * Records an assessment step straight through the rules at the server's time (weekdays-only
   * calendar, default policy), for tests whose subject is what comes after the step.
   */
  recordStep(command: AssessmentCommand, actorId: string, role: string): Promise<CommandOutcome<AssessmentCaseState>>;
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
    async recordStep(command, actorId, role) {
      serverNow = await env.currentTimeMs();
      const caseId = command.caseId;
      return executeOnStream(
        store,
        assessmentStreamId(caseId),
        assessmentCaseFolding,
        { commandId: `${caseId}:${command.type}`, actorId, role, correlationId: `corr-${caseId}` },
        (state) => decideAssessment(command, state, { now: new Date(serverNow), calendar: WEEKDAYS_ONLY, policy: DEFAULT_ASSESSMENT_POLICY, actorId }),
        DEFAULT_ASSESSMENT_POLICY.version,
      );
    },
    newWorker: () =>
      createMetrologyWorker({
        connection: env.nativeConnection,
        namespace: env.client.options.namespace,
        taskQueue,
        activities: workerActivities(app),
      }),
    async close() {
      await app.close();
      await store.close();
      await env.teardown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
