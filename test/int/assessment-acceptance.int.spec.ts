import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { DeemApplicationAcceptedCommand } from '../../src/standards/commands/deem-application-accepted.command.js';
import { SubmitApplicationCommand } from '../../src/standards/commands/submit-application.command.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { ASSESSMENT_CASES, type AssessmentCaseView } from '../../src/standards/projections/assessment-cases.projection.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { assessmentCaseWorkflowId, caseEventSignal, caseStateQuery, type CaseEventSignal } from '../../workflows/assessment-case.contract.js';
import { startApp } from '../support/app.js';
import { startTimeSkippingServer } from '../support/services.js';

/**
 * The acceptance time limit on a real Temporal test server with time skipping: five working days
 * pass in moments, the workflow's activity sends the command back through the CommandBus, and the
 * second event is recorded once, attributed to the workflow.
 */
describe('assessment acceptance through Temporal (time skipping)', () => {
  const taskQueue = 'acceptance-int';
  let env: TestWorkflowEnvironment;
  let app: INestApplication;
  let store: SqliteEventStore;
  let dir: string;
  let serverNow = Date.now();

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    dir = mkdtempSync(join(tmpdir(), 'metrology-int-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    // The application's clock follows the test server's, which jumps ahead when time is skipped.
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue, clock: { now: () => new Date(serverNow) } });
  });

  /** A worker runs once; each test gets its own, with the application's activities. */
  const newWorker = (): Promise<Worker> =>
    createMetrologyWorker({
      connection: env.nativeConnection,
      namespace: env.client.options.namespace,
      taskQueue,
      activities: app.get(AssessmentCaseActivitiesService).bound(),
    });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (caseId: string, commandId: string) => {
    serverNow = await env.currentTimeMs();
    return app.get(CommandBus).execute(
      new SubmitApplicationCommand(caseId, 'NEW', { name: 'Focimeter standard', category: 'PUBLIC', measurand: 'vertex power' }, {
        commandId,
        actorId: 'u-1',
        role: 'institution',
        institutionId: 'inst-1',
        correlationId: `corr-${caseId}`,
        requestId: 'req-1',
      }),
    );
  };

  it('deems the application accepted when five working days pass without a supplement notice', async () => {
    const caseId = '3f2b3c1e-0000-4000-8000-000000000001';
    const workflowId = assessmentCaseWorkflowId(caseId);
    const phase = await (await newWorker()).runUntil(async () => {
      const submitted = await submit(caseId, 'cmd-submit-1');
      expect(Date.parse(submitted.acceptanceDueAt) - serverNow).toBeGreaterThan(5 * 24 * 3600 * 1000);
      // The bridge starts the workflow from the recorded event.
      await app.get(SubscriptionRunner).waitFor(1, 'bridge:temporal-workflows');
      const handle = env.client.workflow.getHandle(workflowId);
      expect((await handle.query(caseStateQuery)).phase).toBe('AWAITING_ACCEPTANCE');
      return handle.result(); // the test server skips time while the test waits
    });
    expect(phase).toBe('ACCEPTED');

    const [first, second] = await store.readStream(assessmentStreamId(caseId));
    expect(first.type).toBe(AssessmentEventTypes.ApplicationSubmitted);
    expect(second.type).toBe(AssessmentEventTypes.ApplicationDeemedAccepted);
    expect(second.metadata).toMatchObject({
      actorId: 'system:assessment-workflow',
      role: 'system',
      workflowId,
      correlationId: `corr-${caseId}`,
      causationId: first.id,
      policyVersion: 'national-default/2026.1',
    });
    const acceptedAt = (second.data as { acceptedAt: string }).acceptedAt;
    expect(Date.parse(acceptedAt)).toBeGreaterThanOrEqual(Date.parse((first.data as { acceptanceDeadline: { dueAt: string } }).acceptanceDeadline.dueAt));

    await app.get(SubscriptionRunner).waitFor(second.globalPosition, 'projection:assessment-cases');
    const view = await store.getDocument<AssessmentCaseView>(ASSESSMENT_CASES, caseId);
    expect(view).toMatchObject({ status: 'ACCEPTED', acceptance: 'DEEMED', acceptedAt });
  });

  it('ignores an event delivered twice to the workflow', async () => {
    const caseId = '3f2b3c1e-0000-4000-8000-000000000002';
    await (await newWorker()).runUntil(async () => {
      await submit(caseId, 'cmd-submit-2');
      const [event] = await store.readStream(assessmentStreamId(caseId));
      await app.get(SubscriptionRunner).waitFor(event.globalPosition, 'bridge:temporal-workflows');
      const handle = env.client.workflow.getHandle(assessmentCaseWorkflowId(caseId));
      const again: CaseEventSignal = { eventId: event.id, type: event.type, globalPosition: event.globalPosition, correlationId: 'x', data: event.data };
      await handle.signal(caseEventSignal, again);
      await handle.signal(caseEventSignal, again);
      expect(await handle.query(caseStateQuery)).toMatchObject({ phase: 'AWAITING_ACCEPTANCE', eventsSeen: 1 });
    });
  });

  it('records a replayed command once: same command id, same events, nothing appended', async () => {
    const caseId = '3f2b3c1e-0000-4000-8000-000000000003';
    const first = await submit(caseId, 'cmd-submit-3');
    const replay = await submit(caseId, 'cmd-submit-3');
    expect(replay).toEqual({ ...first, alreadyRecorded: true });
    const context = { commandId: 'wf:deem', actorId: 'system:assessment-workflow', role: 'system', correlationId: 'c' };
    const bus = app.get(CommandBus);
    const late = new Date(Date.parse(first.acceptanceDueAt) + 1000);
    expect(await bus.execute(new DeemApplicationAcceptedCommand(caseId, late, context))).toEqual({ alreadyRecorded: false });
    expect(await bus.execute(new DeemApplicationAcceptedCommand(caseId, late, context))).toEqual({ alreadyRecorded: true });
    expect(await store.readStream(assessmentStreamId(caseId))).toHaveLength(2);
  });
});
