import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { DeemApplicationAcceptedCommand } from '../../src/standards/commands/deem-application-accepted.command.js';
import { ActOnAssessmentCaseCommand, type CaseStep } from '../../src/standards/commands/act-on-case.command.js';
import { executeOnStream } from '../../src/event-store/event-sourced-command.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { assessmentCaseFolding } from '../../src/standards/domain/assessment-case.folding.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { SubmitApplicationCommand } from '../../src/standards/commands/submit-application.command.js';
import { assessmentStreamId, decideAssessment } from '../../src/standards/domain/assessment-case.js';
import { ASSESSMENT_CASES, type AssessmentCaseView } from '../../src/standards/projections/assessment-cases.projection.js';
import { assessmentCaseWorkflowId, caseEventSignal, caseStateQuery, type CaseEventSignal } from '../../workflows/assessment-case.contract.js';
import { startTimeSkippingApp, type TimeSkippingApp } from '../support/time-skipping-app.js';
import { eventually } from '../support/eventually.js';

/**
 * The acceptance time limit on a real Temporal test server with time skipping: five working days
 * pass in moments, the workflow's activity sends the command back through the CommandBus, and the
 * second event is recorded once, attributed to the workflow.
 */
describe('assessment deadlines through Temporal (time skipping)', () => {
  let harness: TimeSkippingApp;
  let env: TestWorkflowEnvironment;
  let app: INestApplication;
  let store: SqliteEventStore;
  const newWorker = () => harness.newWorker();

  beforeAll(async () => {
    harness = await startTimeSkippingApp('acceptance-int');
    ({ env, app, store } = harness);
  });

  afterAll(() => harness?.close());

  const submit = async (caseId: string, commandId: string) => {
    await harness.followServer();
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
      expect(Date.parse(submitted.acceptanceDueAt) - harness.now().getTime()).toBeGreaterThan(5 * 24 * 3600 * 1000);
      // The bridge starts the workflow from the recorded event.
      await app.get(SubscriptionRunner).waitFor(1, 'bridge:temporal-workflows');
      const handle = env.client.workflow.getHandle(workflowId);
      expect((await handle.query(caseStateQuery)).phase).toBe('AWAITING_ACCEPTANCE');
      // Five working days pass in a moment on the test server.
      await env.sleep(Date.parse(submitted.acceptanceDueAt) - harness.now().getTime() + 60_000);
      return eventually(async () => (await handle.query(caseStateQuery)).phase, (p) => p === 'ACCEPTED');
    });
    expect(phase).toBe('ACCEPTED');

    const [first, reminder, second] = await store.readStream(assessmentStreamId(caseId));
    expect(first.type).toBe(AssessmentEventTypes.ApplicationSubmitted);
    // Two working days before the limit, the authority was reminded; then the limit ran out.
    const deadline = (first.data as { acceptanceDeadline: { dueAt: string; remindAt: string } }).acceptanceDeadline;
    expect(reminder).toMatchObject({
      type: AssessmentEventTypes.DeadlineReminderSent,
      data: { caseId, step: 'ACCEPTANCE', audience: 'AUTHORITY', dueAt: deadline.dueAt },
      metadata: { actorId: 'system:assessment-workflow', role: 'system', workflowId, causationId: first.id },
    });
    expect(Date.parse((reminder.data as { remindedAt: string }).remindedAt)).toBeGreaterThanOrEqual(Date.parse(deadline.remindAt));
    expect(Date.parse((reminder.data as { remindedAt: string }).remindedAt)).toBeLessThan(Date.parse(deadline.dueAt));
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
      // End it: with its acceptance timer pending, the last test's time skipping hung (cause not yet found).
      await handle.terminate('test finished');
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

  // Last: awaiting this workflow's result lets the test server skip far ahead once it has ended.
  it('fails the case when the rectification deadline passes with nothing submitted', async () => {
    const caseId = '3f2b3c1e-0000-4000-8000-000000000004';
    const streamId = assessmentStreamId(caseId);
    const bus = app.get(CommandBus);
    const as = (actorId: string, role: string) => ({ commandId: `${caseId}:${actorId}:${Math.random()}`, actorId, role, correlationId: `corr-${caseId}` });
    const step = async (command: CaseStep, actorId: string, role: string) => {
      await harness.followServer();
      return bus.execute(new ActOnAssessmentCaseCommand(command, as(actorId, role)));
    };
    const phase = await (await newWorker()).runUntil(async () => {
      await submit(caseId, 'cmd-submit-4');
      await step({ type: 'AcceptApplication', caseId }, 'officer-1', 'secretariat');
      // The assessor's registry check is another test's subject; record the assignment it would allow.
      await harness.followServer();
      await executeOnStream(store, streamId, assessmentCaseFolding, as('officer-1', 'secretariat'), (state) =>
        decideAssessment({ type: 'AssignAssessors', caseId, assessors: [{ expertId: 'expert-li', discipline: 'pressure', refusals: [] }] }, state, {
          now: harness.now(),
          calendar: WEEKDAYS_ONLY,
          policy: DEFAULT_ASSESSMENT_POLICY,
        }),
      );
      await step({ type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, 'officer-1', 'secretariat');
      await step({ type: 'RequestRectification', caseId, nonconformities: [{ clause: '4.2.3', finding: 'stability records missing' }] }, 'expert-li', 'expert');
      const handle = env.client.workflow.getHandle(assessmentCaseWorkflowId(caseId));
      await eventually(async () => (await handle.query(caseStateQuery)).phase, (p) => p === 'AWAITING_RECTIFICATION');
      return handle.result(); // skips the fifteen working days
    });
    expect(phase).toBe('FAILED');
    const events = await store.readStream(streamId);
    expect(events.at(-1)).toMatchObject({ type: AssessmentEventTypes.RectificationDeadlineMissed, metadata: { actorId: 'system:assessment-workflow', role: 'system' } });
  });
});
