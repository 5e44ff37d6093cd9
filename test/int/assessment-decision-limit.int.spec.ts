import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AssessmentEventTypes, type EvaluationConcludedV1 } from '../../events/assessment.events.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { assessmentStreamId, type AssessmentCommand } from '../../src/standards/domain/assessment-case.js';
import { ASSESSMENT_CASES, type AssessmentCaseView } from '../../src/standards/projections/assessment-cases.projection.js';
import { assessmentCaseWorkflowId, caseStateQuery } from '../../workflows/assessment-case.contract.js';
import { startTimeSkippingApp, type TimeSkippingApp } from '../support/time-skipping-app.js';
import { eventually } from '../support/eventually.js';

/**
 * The authority's decision limit on a real Temporal test server with time skipping: once the
 * evaluation is concluded, the workflow reminds the authority two working days before the limit,
 * escalates the decision as overdue when the limit passes undecided, and ends with the (late) decision.
 */
describe('the decision limit through Temporal (time skipping)', () => {
  let harness: TimeSkippingApp;
  let env: TestWorkflowEnvironment;
  let app: INestApplication;
  let store: SqliteEventStore;

  beforeAll(async () => {
    harness = await startTimeSkippingApp('decision-limit-int');
    ({ env, app, store } = harness);
  });

  afterAll(() => harness?.close());

  it('reminds the authority before the decision limit, escalates when it passes, and ends with the late decision', async () => {
    const caseId = '5a6b7c8d-0000-4000-8000-000000000001';
    const streamId = assessmentStreamId(caseId);
    // The earlier steps are other tests' subject: record them straight through the rules.
    const record = (command: AssessmentCommand, actorId: string, role: string) => harness.recordStep(command, actorId, role);
    const worker = await harness.newWorker();
    const { phaseWhenOverdue, result, concluded } = await worker.runUntil(async () => {
      await record(
        { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard: { name: 'Torque standard', category: 'PUBLIC', measurand: 'torque' } },
        'u-1',
        'institution',
      );
      await record({ type: 'AcceptApplication', caseId }, 'officer-1', 'secretariat');
      await record({ type: 'AssignAssessors', caseId, assessors: [{ expertId: 'expert-li', discipline: 'torque', refusals: [] }] }, 'officer-1', 'secretariat');
      await record({ type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, 'officer-1', 'secretariat');
      const conclusion = (await record({ type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 'conforms' }, 'expert-li', 'expert')).events[0];
      await app.get(SubscriptionRunner).waitFor(conclusion.globalPosition, 'bridge:temporal-workflows');
      const handle = env.client.workflow.getHandle(assessmentCaseWorkflowId(caseId));
      expect((await eventually(() => handle.query(caseStateQuery), (s) => s.phase === 'AWAITING_DECISION')).phase).toBe('AWAITING_DECISION');
      const { dueAt } = (conclusion.data as EvaluationConcludedV1).decisionDeadline!;
      // Ten working days pass in a moment on the test server.
      await env.sleep(Date.parse(dueAt) - (await env.currentTimeMs()) + 60_000);
      const overdue = await eventually(() => handle.query(caseStateQuery), (s) => s.phase === 'DECISION_OVERDUE');
      // The late decision is still taken, and ends the workflow.
      await record({ type: 'DecideCase', caseId, decision: 'REFUSED', reasons: ['stability not demonstrated'] }, 'officer-1', 'secretariat');
      // Awaiting the result lets the test server skip time; with no timer left it would run the
      // workflow into a timeout, so let the bridge deliver the decision first.
      await eventually(() => handle.query(caseStateQuery), (s) => s.phase === 'DECIDED');
      return { phaseWhenOverdue: overdue.phase, result: await handle.result(), concluded: conclusion };
    });
    expect(phaseWhenOverdue).toBe('DECISION_OVERDUE');
    expect(result).toBe('DECIDED');

    const deadline = (concluded.data as EvaluationConcludedV1).decisionDeadline!;
    expect(deadline).toMatchObject({ workingDays: 10, calendar: 'weekdays-only/v1' });
    const events = await store.readStream(streamId);
    const after = events.slice(events.findIndex((e) => e.id === concluded.id) + 1);
    expect(after.map((e) => e.type)).toEqual([AssessmentEventTypes.DeadlineReminderSent, AssessmentEventTypes.DecisionOverdue, AssessmentEventTypes.CaseDecided]);
    const [reminder, escalation] = after;
    const workflowId = assessmentCaseWorkflowId(caseId);
    const bySystem = { actorId: 'system:assessment-workflow', role: 'system', workflowId, causationId: concluded.id, correlationId: `corr-${caseId}` };
    expect(reminder).toMatchObject({ data: { step: 'DECISION', audience: 'AUTHORITY', dueAt: deadline.dueAt }, metadata: bySystem });
    expect(Date.parse((reminder.data as { remindedAt: string }).remindedAt)).toBeGreaterThanOrEqual(Date.parse(deadline.remindAt!));
    expect(escalation).toMatchObject({ data: { caseId, dueAt: deadline.dueAt }, metadata: bySystem });
    expect(Date.parse((escalation.data as { escalatedAt: string }).escalatedAt)).toBeGreaterThanOrEqual(Date.parse(deadline.dueAt));

    await app.get(SubscriptionRunner).waitFor(events.at(-1)!.globalPosition, 'projection:assessment-cases');
    expect(await store.getDocument<AssessmentCaseView>(ASSESSMENT_CASES, caseId)).toMatchObject({ status: 'REFUSED', decisionDueAt: deadline.dueAt, decisionOverdueSince: deadline.dueAt });
  });
});
