import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { AssessmentEventTypes, type CaseDecidedV1 } from '../../events/assessment.events.js';
import { CertificateEventTypes } from '../../events/certificate.events.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { assessmentStreamId, type AssessmentCommand } from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { certificateSchedule, certificateStreamId } from '../../src/standards/domain/certificate.js';
import { assessmentCaseWorkflowId } from '../../workflows/assessment-case.contract.js';
import { certificateStateQuery, certificateWorkflowId } from '../../workflows/certificate.contract.js';
import { startTimeSkippingApp, type TimeSkippingApp } from '../support/time-skipping-app.js';

/**
 * A certificate's five years on a real Temporal test server with time skipping: the approval starts
 * the certificate's workflow through the bridge; six months before the last valid day it marks the
 * certificate due for re-examination, three months before it (nothing filed) it tells the authority,
 * at the end of that day it expires it, each step recorded once on the certificate's stream and
 * attributed to the workflow.
 */
describe('certificate lifecycle through Temporal (time skipping)', () => {
  let harness: TimeSkippingApp;
  let env: TestWorkflowEnvironment;
  let app: INestApplication;
  let store: SqliteEventStore;

  beforeAll(async () => {
    harness = await startTimeSkippingApp('certificate-int');
    ({ env, app, store } = harness);
  });

  afterAll(() => harness?.close());

  it('marks the certificate due six months before its last valid day, then expires it at the end of that day', async () => {
    const caseId = '7c1d2e3f-0000-4000-8000-000000000001';
    const streamId = assessmentStreamId(caseId);
    const certificateNo = '[2026]浙量标金证字第007号';
    // The case's own steps are other tests' subject: record them straight through the rules.
    const record = (command: AssessmentCommand, actorId: string, role: string) => harness.recordStep(command, actorId, role);
    const worker = await harness.newWorker();
    const { result, decided, state } = await worker.runUntil(async () => {
      await record(
        { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard: { name: 'Pressure gauge standard', category: 'PUBLIC', measurand: 'pressure' } },
        'u-1',
        'institution',
      );
      await record({ type: 'AcceptApplication', caseId }, 'officer-1', 'secretariat');
      await record({ type: 'AssignAssessors', caseId, assessors: [{ expertId: 'expert-li', discipline: 'pressure', refusals: [] }] }, 'officer-1', 'secretariat');
      await record({ type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, 'officer-1', 'secretariat');
      await record({ type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 'conforms' }, 'expert-li', 'expert');
      const outcome = await record({ type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [], certificateNo }, 'officer-1', 'secretariat');
      const [decidedEvent] = outcome.events;
      // The bridge starts the certificate's workflow from the approval.
      await app.get(SubscriptionRunner).waitFor(decidedEvent.globalPosition, 'bridge:temporal-workflows');
      const handle = env.client.workflow.getHandle(certificateWorkflowId(caseId));
      const before = await handle.query(certificateStateQuery);
      // The case's own workflow has ended (decided); nothing of it is left to skip time over.
      // (Awaiting a result lets the test server skip time, so this comes after the query.)
      expect(await env.client.workflow.getHandle(assessmentCaseWorkflowId(caseId)).result()).toBe('DECIDED');
      return { result: await handle.result(), decided: decidedEvent, state: before }; // skips about five years
    });

    const certificate = (decided.data as CaseDecidedV1).certificate!;
    expect(decided.type).toBe(AssessmentEventTypes.CaseDecided);
    expect(certificate.validUntil > certificate.validFrom).toBe(true);
    const [y, m, d] = certificate.validUntil.split('-').map(Number);
    const dueOn = new Date(Date.UTC(y, m - 1 - 6, Math.min(d, 28))).toISOString().slice(0, 10);
    expect(state).toMatchObject({ phase: 'VALID', caseId, certificateNo, eventsSeen: 1 });
    expect(result).toBe('EXPIRED');

    const workflowId = certificateWorkflowId(caseId);
    const events = await store.readStream(certificateStreamId(caseId));
    // Nothing was filed: three months before the end the authority was told, then it expired.
    expect(events.map((e) => e.type)).toEqual([CertificateEventTypes.RenewalDue, CertificateEventTypes.RenewalEscalated, CertificateEventTypes.Expired]);
    const [due, escalated, expired] = events;
    const attribution = { actorId: 'system:certificate-workflow', role: 'system', workflowId, correlationId: `corr-${caseId}`, causationId: decided.id, policyVersion: 'national-default/2026.1' };
    expect(due.metadata).toMatchObject(attribution);
    expect(expired.metadata).toMatchObject(attribution);
    expect(escalated.metadata).toMatchObject(attribution);
    const { escalationDueOn, escalatedAt } = escalated.data as { escalationDueOn: string; escalatedAt: string };
    expect(escalationDueOn).toBe(certificateSchedule(certificate.validUntil, DEFAULT_ASSESSMENT_POLICY).escalationDueOn);
    expect(Date.parse(escalatedAt)).toBeGreaterThanOrEqual(Date.parse(`${escalationDueOn}T00:00:00+08:00`));
    expect(Date.parse(escalatedAt)).toBeLessThan(Date.parse(`${escalationDueOn}T00:00:00+08:00`) + 24 * 3600 * 1000);
    expect(due.data).toMatchObject({ certificateNo, caseId, institutionId: 'inst-1', validUntil: certificate.validUntil });
    expect(expired.data).toMatchObject({ certificateNo, caseId, institutionId: 'inst-1', validUntil: certificate.validUntil });
    const { dueOn: recordedDueOn, notifiedAt } = due.data as { dueOn: string; notifiedAt: string };
    // Six months earlier, same day of the month (the last day of a shorter month when it lacks one).
    if (d <= 28) expect(recordedDueOn).toBe(dueOn);
    else expect(recordedDueOn.slice(0, 7)).toBe(dueOn.slice(0, 7));
    // Marked when the due day began in China, expired when the last valid day ended there.
    expect(Date.parse(notifiedAt)).toBeGreaterThanOrEqual(Date.parse(`${recordedDueOn}T00:00:00+08:00`));
    expect(Date.parse(notifiedAt)).toBeLessThan(Date.parse(`${recordedDueOn}T00:00:00+08:00`) + 24 * 3600 * 1000);
    const endOfLastDay = Date.parse(`${certificate.validUntil}T00:00:00+08:00`) + 24 * 3600 * 1000;
    expect(Date.parse(state.expiresAt)).toBe(endOfLastDay);
    expect(Date.parse(state.renewalDueAt)).toBe(Date.parse(`${recordedDueOn}T00:00:00+08:00`));
    expect(Date.parse((expired.data as { expiredAt: string }).expiredAt)).toBeGreaterThanOrEqual(endOfLastDay);
  });
});
