import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ComparisonEventTypes, type ComparisonProtocol, type LegOverdueV1, type LegReminderSentV1 } from '../../events/comparison.events.js';
import { chinaDate } from '../../src/calendar/working-days.js';
import { ActOnComparisonCommand, type ComparisonStepResult } from '../../src/comparisons/commands/act-on-comparison.command.js';
import { followUpDueAt, legDueAt, legRemindAt } from '../../src/comparisons/domain/comparison-deadlines.js';
import { comparisonStreamId, type ComparisonCommand } from '../../src/comparisons/domain/comparison.js';
import type { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { comparisonStateQuery, comparisonWorkflowId, type ComparisonWorkflowState } from '../../workflows/comparison.contract.js';
import request from 'supertest';
import { tokenFor } from '../support/app.js';
import { startTimeSkippingApp, type TimeSkippingApp } from '../support/time-skipping-app.js';
import { eventually } from '../support/eventually.js';

const DAY_MS = 86_400_000;
const PILOT = 'pilot-lab';
const [A, B] = ['lab-a', 'lab-b'];

/**
 * A comparison's limits on a real Temporal test server with time skipping: the workflow reminds a
 * participant before its leg's due date and escalates the leg to the pilot and the organiser when it
 * passes with the standard not handed on; after publication it escalates an unsatisfactory lab's
 * follow-up when its cause analysis and corrective action are late, and it ends once the follow-up is closed.
 */
describe('the limits of a comparison through Temporal (time skipping)', () => {
  let harness: TimeSkippingApp;
  let env: TestWorkflowEnvironment;
  let app: INestApplication;
  let store: SqliteEventStore;

  beforeAll(async () => {
    harness = await startTimeSkippingApp('comparison-deadlines-int');
    ({ env, app, store } = harness);
  });

  afterAll(() => harness?.close());

  /** Records a step through the application's CommandBus, as of the test server's time. */
  const actorFor = (comparisonId: string) => {
    let n = 0;
    return async (step: ComparisonCommand, who: string): Promise<ComparisonStepResult> => {
      await harness.followServer();
      n += 1;
      const organiser = who === 'organiser';
      return app.get(CommandBus).execute(
        new ActOnComparisonCommand(step, {
          commandId: `${comparisonId}:${n}:${step.type}`,
          actorId: organiser ? 'officer-1' : `user-${who}`,
          role: organiser ? 'secretariat' : 'institution',
          ...(organiser ? {} : { institutionId: who }),
          correlationId: `corr-${comparisonId}`,
        }),
      );
    };
  };
  const protocolWith = (legs: ComparisonProtocol['legs']): ComparisonProtocol => ({
    measurand: 'mass',
    unit: 'mg',
    transferStandard: { name: '1 kg weight', id: 'TS-1' },
    scheme: 'RING',
    legs,
    referenceMethod: 'weighted-mean',
  });
  /** Proposal to circulation with the given legs, the standard handed to the first participant and received. */
  async function circulating(comparisonId: string, legs: ComparisonProtocol['legs']) {
    const act = actorFor(comparisonId);
    await act({ type: 'ProposeComparison', comparisonId, title: '1 kg weights', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B] }, 'organiser');
    await act({ type: 'ApproveComparison', comparisonId }, 'organiser');
    await act({ type: 'DraftProtocol', comparisonId, protocol: protocolWith(legs) }, PILOT);
    await act({ type: 'ConsultProtocol', comparisonId, agreed: true }, A);
    await act({ type: 'ConsultProtocol', comparisonId, agreed: true }, B);
    await act({ type: 'RecordStabilityCheck', comparisonId, stage: 'PRE_TEST', stable: true, summary: 'drift 0.01 mg over 4 weeks' }, PILOT);
    await act({ type: 'StartCirculation', comparisonId }, PILOT);
    await act({ type: 'HandOverTransferStandard', comparisonId }, PILOT);
    const last = await act({ type: 'ReceiveTransferStandard', comparisonId }, A);
    return { act, lastPosition: last.recorded.at(-1)!.globalPosition };
  }
  const workflowState = (comparisonId: string) => env.client.workflow.getHandle(comparisonWorkflowId(comparisonId)).query(comparisonStateQuery);
  const stateWhere = (comparisonId: string, done: (s: ComparisonWorkflowState) => boolean) => eventually(() => workflowState(comparisonId), done);

  it("reminds a participant before its leg's due date and escalates the leg to the pilot and the organiser when it passes", async () => {
    const comparisonId = '7c0e0000-0000-4000-8000-000000000001';
    await harness.followServer();
    const dueDate = chinaDate(new Date(harness.now().getTime() + 10 * DAY_MS));
    const legs = [
      { participant: A, dueDate },
      { participant: B, dueDate: chinaDate(new Date(harness.now().getTime() + 40 * DAY_MS)) },
    ];
    const worker = await harness.newWorker();
    const streamId = comparisonStreamId(comparisonId);
    const { started, whenReminded, whenOverdue } = await worker.runUntil(async () => {
      const { lastPosition } = await circulating(comparisonId, legs);
      await app.get(SubscriptionRunner).waitFor(lastPosition, 'bridge:temporal-workflows');
      const started = await stateWhere(comparisonId, (s) => s.phase === 'CIRCULATING' && s.pending.length > 0);
      // Just past the reminder time (three days before the end of the due date), before the due time.
      await env.sleep(Date.parse(legRemindAt(dueDate)) - (await env.currentTimeMs()) + 60_000);
      const whenReminded = await stateWhere(comparisonId, (s) => s.done.includes(`LEG_REMINDER:${A}`));
      await env.sleep(Date.parse(legDueAt(dueDate)) - (await env.currentTimeMs()) + 60_000);
      const whenOverdue = await stateWhere(comparisonId, (s) => s.done.includes(`LEG_OVERDUE:${A}`));
      // Let the escalation's event reach the workflow before the worker stops.
      await eventually(() => store.readStream(streamId), (events) => events.some((e) => e.type === ComparisonEventTypes.LegOverdue));
      // B's leg is still circulating: stop this comparison's workflow, so that the next test's skipped
      // time does not run its remaining timers.
      await env.client.workflow.getHandle(comparisonWorkflowId(comparisonId)).terminate('test done');
      return { started, whenReminded, whenOverdue };
    });
    expect(started.pending[0]).toEqual({ step: 'LEG_REMINDER', subject: A, at: legRemindAt(dueDate) });
    expect(whenReminded.done).toEqual([`LEG_REMINDER:${A}`]);
    expect(whenOverdue.done).toEqual(expect.arrayContaining([`LEG_REMINDER:${A}`, `LEG_OVERDUE:${A}`]));
    // B's leg is not due yet: nothing about it was recorded.
    expect(whenOverdue.pending.map((p) => `${p.step}:${p.subject}`)).toEqual([`LEG_REMINDER:${B}`, `LEG_OVERDUE:${B}`]);

    const events = await store.readStream(streamId);
    const started_ = events.find((e) => e.type === ComparisonEventTypes.CirculationStarted)!;
    const timed = events.filter((e) => e.type === ComparisonEventTypes.LegReminderSent || e.type === ComparisonEventTypes.LegOverdue);
    expect(timed.map((e) => e.type)).toEqual([ComparisonEventTypes.LegReminderSent, ComparisonEventTypes.LegOverdue]);
    const [reminder, overdue] = timed;
    const bySystem = { actorId: 'system:comparison-workflow', role: 'system', workflowId: comparisonWorkflowId(comparisonId), causationId: started_.id, correlationId: `corr-${comparisonId}` };
    expect(reminder).toMatchObject({ data: { participant: A, dueDate, dueAt: legDueAt(dueDate) }, metadata: bySystem });
    expect(Date.parse((reminder.data as LegReminderSentV1).remindedAt)).toBeGreaterThanOrEqual(Date.parse(legRemindAt(dueDate)));
    expect(Date.parse((reminder.data as LegReminderSentV1).remindedAt)).toBeLessThan(Date.parse(legDueAt(dueDate)));
    expect(overdue).toMatchObject({ data: { participant: A, dueAt: legDueAt(dueDate), escalatedTo: { pilotInstitutionId: PILOT, organiser: true } }, metadata: bySystem });
    expect(Date.parse((overdue.data as LegOverdueV1).escalatedAt)).toBeGreaterThanOrEqual(Date.parse(legDueAt(dueDate)));
  });

  it("escalates an unsatisfactory lab's late follow-up to the organiser, and ends when the follow-up is closed", async () => {
    const comparisonId = '7c0e0000-0000-4000-8000-000000000002';
    await harness.followServer();
    const due = (days: number) => chinaDate(new Date(harness.now().getTime() + days * DAY_MS));
    const worker = await harness.newWorker();
    const streamId = comparisonStreamId(comparisonId);
    const outcome = await worker.runUntil(async () => {
      const { act } = await circulating(comparisonId, [
        { participant: A, dueDate: due(60) },
        { participant: B, dueDate: due(90) },
      ]);
      await act({ type: 'HandOverTransferStandard', comparisonId }, A);
      await act({ type: 'ReceiveTransferStandard', comparisonId }, B);
      await act({ type: 'HandOverTransferStandard', comparisonId }, B);
      await act({ type: 'ReceiveTransferStandard', comparisonId }, PILOT);
      const result = (value: number, expandedUncertainty: number) => ({ value, expandedUncertainty, coverageFactor: 2, unit: 'mg' });
      await act({ type: 'SubmitResult', comparisonId, result: result(0, 0.1) }, PILOT);
      await act({ type: 'SubmitResult', comparisonId, result: result(0.0, 0.1) }, A);
      // B is far off (|En| ≈ 2.8); the pilot and A are within ±1 of the weighted mean 0.067 mg.
      await act({ type: 'SubmitResult', comparisonId, result: result(0.6, 0.2) }, B);
      await act({ type: 'IssueDraftA', comparisonId }, PILOT);
      await act({ type: 'IssueDraftB', comparisonId, summary: 'No comments on Draft A' }, PILOT);
      await act({ type: 'ApproveReport', comparisonId }, 'organiser');
      const published = await act({ type: 'PublishReport', comparisonId }, 'organiser');
      expect(published.status).toBe('FOLLOW_UP');
      await app.get(SubscriptionRunner).waitFor(published.recorded.at(-1)!.globalPosition, 'bridge:temporal-workflows');
      const following = await stateWhere(comparisonId, (s) => s.phase === 'FOLLOW_UP');
      const publishedAt = (await store.readStream(streamId)).find((e) => e.type === ComparisonEventTypes.Published)!.data as { publishedAt: string };
      await act({ type: 'RecordCauseAnalysis', comparisonId, analysis: 'temperature gradient in the balance room' }, B);
      await env.sleep(Date.parse(followUpDueAt(publishedAt.publishedAt)) - (await env.currentTimeMs()) + 60_000);
      const overdue = await stateWhere(comparisonId, (s) => s.done.includes(`FOLLOW_UP_OVERDUE:${B}`));
      const escalated = await eventually(() => store.readStream(streamId), (events) => events.some((e) => e.type === ComparisonEventTypes.FollowUpOverdue));
      await app.get(SubscriptionRunner).waitFor(escalated.at(-1)!.globalPosition, 'projection:comparison-outcomes');
      // The registry side while the follow-up is open and overdue: B's outcome, and the task in B's inbox.
      await harness.followServer();
      const get = (path: string, token: string) => request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${token}`);
      const labB = tokenFor('institution', { sub: 'engineer-b', institutionId: B });
      const outcomesOfB = (await get('/api/v1/comparisons/outcomes', labB).expect(200)).body;
      const asAuthority = (await get(`/api/v1/comparisons/outcomes?institutionId=${B}`, tokenFor('auditor')).expect(200)).body;
      const refused = (await get(`/api/v1/comparisons/outcomes?institutionId=${A}`, labB).expect(403)).body;
      const inboxOfB = (await get('/api/v1/inbox', labB).expect(200)).body;
      // The late follow-up is still completed and closed, which ends the workflow.
      await act({ type: 'RecordCorrectiveAction', comparisonId, action: 'air conditioning repaired; balance recalibrated', reComparison: false }, B);
      const closed = await act({ type: 'CloseFollowUp', comparisonId, lab: B, summary: 'corrective action verified' }, 'organiser');
      expect(closed.status).toBe('CLOSED');
      await stateWhere(comparisonId, (s) => s.phase === 'ENDED');
      const result_ = await env.client.workflow.getHandle(comparisonWorkflowId(comparisonId)).result();
      return { following, overdue, publishedAt: publishedAt.publishedAt, result: result_, outcomesOfB, asAuthority, refused, inboxOfB };
    });
    expect(outcome.following.pending).toEqual([{ step: 'FOLLOW_UP_OVERDUE', subject: B, at: followUpDueAt(outcome.publishedAt) }]);
    expect(outcome.overdue.done).toEqual([`FOLLOW_UP_OVERDUE:${B}`]);
    expect(outcome.result).toBe('ENDED');

    const events = await store.readStream(streamId);
    const published = events.find((e) => e.type === ComparisonEventTypes.Published)!;
    expect(published.data).toMatchObject({ unsatisfactoryLabs: [B] });
    const escalations = events.filter((e) => e.type === ComparisonEventTypes.FollowUpOverdue);
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({
      data: { lab: B, dueAt: followUpDueAt(outcome.publishedAt), missing: ['CORRECTIVE_ACTION'] },
      metadata: { actorId: 'system:comparison-workflow', role: 'system', causationId: published.id, workflowId: comparisonWorkflowId(comparisonId) },
    });
    const dueAt = followUpDueAt(outcome.publishedAt);
    expect(outcome.outcomesOfB).toEqual([
      expect.objectContaining({
        institutionId: B,
        comparisonId,
        role: 'PARTICIPANT',
        value: 0.6,
        unit: 'mg',
        satisfactory: false,
        en: expect.any(Number),
        followUp: expect.objectContaining({ status: 'OPEN', dueAt, overdueSince: dueAt, causeAnalysisRecordedAt: expect.any(String) }),
      }),
    ]);
    expect(outcome.outcomesOfB[0].en).toBeGreaterThan(1);
    expect(outcome.asAuthority).toEqual(outcome.outcomesOfB);
    expect(outcome.refused).toMatchObject({ status: 403 });
    expect(outcome.inboxOfB).toEqual([expect.objectContaining({ comparisonId, action: 'comparison-follow-up', institutionId: B, dueAt, overdue: true })]);
    await app.get(SubscriptionRunner).waitFor(events.at(-1)!.globalPosition, 'projection:comparison-outcomes');
    const closedOutcome = (await request(app.getHttpServer()).get('/api/v1/comparisons/outcomes').set('Authorization', `Bearer ${tokenFor('secretariat')}`).expect(200)).body;
    expect(closedOutcome.map((o: { institutionId: string }) => o.institutionId).sort()).toEqual([A, B, PILOT].sort());
    expect(closedOutcome.find((o: { institutionId: string }) => o.institutionId === B).followUp).toMatchObject({ status: 'CLOSED' });
    expect(closedOutcome.find((o: { institutionId: string }) => o.institutionId === A)).toMatchObject({ satisfactory: true });
    expect(closedOutcome.find((o: { institutionId: string }) => o.institutionId === A).followUp).toBeUndefined();
    // Draft B was issued before Draft A's review period ended: no closing was recorded for it.
    expect(events.some((e) => e.type === ComparisonEventTypes.DraftAReviewClosed)).toBe(false);
  });
});
