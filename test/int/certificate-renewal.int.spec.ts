import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CaseDecidedV1 } from '../../events/assessment.events.js';
import { CertificateEventTypes } from '../../events/certificate.events.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { ActOnCertificateCommand } from '../../src/standards/commands/act-on-certificate.command.js';
import { SubmitApplicationCommand } from '../../src/standards/commands/submit-application.command.js';
import { assessmentStreamId, type AssessmentCommand } from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { certificateSchedule, certificateStreamId } from '../../src/standards/domain/certificate.js';
import { STANDARDS_REGISTRY, type StandardRegistryView } from '../../src/standards/projections/standards-registry.projection.js';
import { certificateStateQuery, certificateWorkflowId } from '../../workflows/certificate.contract.js';
import { startTimeSkippingApp, type TimeSkippingApp } from '../support/time-skipping-app.js';
import { eventually } from '../support/eventually.js';

/**
 * One workflow per certificate lineage on the Java time-skipping server: a revocation ends it (no
 * expiry later); a re-examination approved in time renews the certificate, and the workflow carries
 * on as new with the new certificate's schedule (no escalation, no expiry of the old one; the new
 * one's own reminder, escalation and expiry years later); a sealed certificate is no longer
 * reminded but still expires.
 */
describe('certificate lineages through Temporal (time skipping)', () => {
  let harness: TimeSkippingApp;
  let env: TestWorkflowEnvironment;
  let app: INestApplication;
  let store: SqliteEventStore;

  // A test server of its own for each test: skipping time for one lineage must not move another's clock.
  beforeEach(async () => {
    harness = await startTimeSkippingApp('certificate-renewal-int');
    ({ env, app, store } = harness);
  });

  afterEach(() => harness?.close());

  /** The case's own steps are other tests' subject: they are recorded straight through the rules. */
  const record = async (_caseId: string, command: AssessmentCommand, actorId: string, role: string) => (await harness.recordStep(command, actorId, role)).events;
  /** From acceptance to approval; the last event returned is the approval. */
  const evaluateAndApprove = async (caseId: string, certificateNo: string, mode: 'ON_SITE' | 'DOCUMENT_REVIEW'): Promise<RecordedEvent> => {
    await record(caseId, { type: 'AcceptApplication', caseId }, 'officer-1', 'secretariat');
    await record(caseId, { type: 'AssignAssessors', caseId, assessors: [{ expertId: 'expert-li', discipline: 'pressure', refusals: [] }] }, 'officer-1', 'secretariat');
    await record(caseId, { type: 'StartEvaluation', caseId, mode }, 'officer-1', 'secretariat');
    await record(caseId, { type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 'conforms' }, 'expert-li', 'expert');
    const [decided] = await record(caseId, { type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [], certificateNo }, 'officer-1', 'secretariat');
    return decided;
  };
  const standard = { name: 'Pressure gauge standard', category: 'PUBLIC' as const, measurand: 'pressure' };
  const certify = async (caseId: string, certificateNo: string): Promise<RecordedEvent> => {
    await record(caseId, { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard }, 'u-1', 'institution');
    return evaluateAndApprove(caseId, certificateNo, 'ON_SITE');
  };
  const bridged = (event: RecordedEvent) => app.get(SubscriptionRunner).waitFor(event.globalPosition, 'bridge:temporal-workflows');
  const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);
  const secretariat = (caseId: string, step: string) => ({ commandId: `${caseId}:${step}`, actorId: 'officer-1', role: 'secretariat', correlationId: `corr-${caseId}-${step}` });

  it('ends the workflow when the certificate is revoked: no reminder, no expiry later', async () => {
    const caseId = '7c1d2e3f-0000-4000-8000-0000000000a1';
    const worker = await harness.newWorker();
    const { result, revoked } = await worker.runUntil(async () => {
      const decided = await certify(caseId, '[2026]浙量标金证字第101号');
      await bridged(decided);
      const handle = env.client.workflow.getHandle(certificateWorkflowId(caseId));
      expect(await handle.query(certificateStateQuery)).toMatchObject({ phase: 'VALID', caseId });
      await harness.followServer();
      const outcome = await app.get(CommandBus).execute(
        new ActOnCertificateCommand({ type: 'RevokeCertificate', caseId, reasons: ['Obtained by false statements'] }, secretariat(caseId, 'revoke')),
      );
      const [event] = await store.readStream(certificateStreamId(caseId));
      await bridged(event);
      // It ends on the revocation itself, with no time skipped (awaiting its result would skip to its timers).
      const closed = await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING');
      expect(closed.status.name).toBe('COMPLETED');
      expect(await env.currentTimeMs()).toBeLessThan(Date.parse(certificateSchedule((decided.data as CaseDecidedV1).certificate!.validUntil, DEFAULT_ASSESSMENT_POLICY).renewalDueAt));
      return { result: await handle.result(), revoked: outcome };
    });
    expect(revoked).toMatchObject({ caseId, status: 'REVOKED', alreadyRecorded: false });
    expect(result).toBe('REVOKED');
    expect(await types(certificateStreamId(caseId))).toEqual([CertificateEventTypes.Revoked]);
  });

  it('renews a certificate by a re-examination approved in time, and continues as new with the new schedule', async () => {
    const caseA = '7c1d2e3f-0000-4000-8000-0000000000b1';
    const caseB = '7c1d2e3f-0000-4000-8000-0000000000b2';
    const workflowId = certificateWorkflowId(caseA);
    const worker = await harness.newWorker();
    const outcome = await worker.runUntil(async () => {
      const approvedA = await certify(caseA, '[2026]浙量标金证字第201号');
      await bridged(approvedA);
      const handle = env.client.workflow.getHandle(workflowId);
      const firstRunId = (await handle.describe()).runId;
      const certificateA = (approvedA.data as CaseDecidedV1).certificate!;
      const scheduleA = certificateSchedule(certificateA.validUntil, DEFAULT_ASSESSMENT_POLICY);

      // A day after the renewal fell due: the holder was reminded, nothing else yet.
      await env.sleep(Date.parse(scheduleA.renewalDueAt) + 24 * 3600 * 1000 - (await env.currentTimeMs()));
      const afterDue = await eventually(() => types(certificateStreamId(caseA)), (t) => t.length >= 1);
      await bridged((await store.readStream(certificateStreamId(caseA)))[0]);

      // The holder files the re-examination through the application's own handler, which checks the certificate.
      await harness.followServer();
      await app.get(CommandBus).execute(
        new SubmitApplicationCommand(caseB, 'RE_EXAMINATION', standard, { commandId: `${caseB}:submit`, actorId: 'u-1', role: 'institution', institutionId: 'inst-1', correlationId: `corr-${caseB}` }, caseA),
      );
      const [submittedB] = await store.readStream(assessmentStreamId(caseB));
      await bridged(submittedB);
      const filed = await eventually(() => handle.query(certificateStateQuery), (s) => (s.reExaminations ?? []).includes(caseB));
      const approvedB = await evaluateAndApprove(caseB, '[2031]浙量标金证字第202号', 'DOCUMENT_REVIEW');
      await bridged(approvedB);
      // The lineage's workflow records the renewal, then continues as new for the new certificate.
      await eventually(() => types(certificateStreamId(caseA)), (t) => t.includes(CertificateEventTypes.Renewed));
      // (Queried only once the first run has handed over: the test server mishandles a query that races a continue-as-new.)
      const firstRun = await eventually(() => env.client.workflow.getHandle(workflowId, firstRunId).describe(), (d) => d.status.name !== 'RUNNING');
      const renewedState = await handle.query(certificateStateQuery);
      // Awaiting the result lets the test server skip to the new certificate's own timers.
      const result = await handle.result();
      return { afterDue, filed, renewedState, firstRun, result, approvedB, scheduleA };
    });

    const { afterDue, filed, renewedState, firstRun, result, approvedB, scheduleA } = outcome;
    expect(afterDue).toEqual([CertificateEventTypes.RenewalDue]);
    expect(filed).toMatchObject({ phase: 'RENEWAL_DUE', caseId: caseA, reExaminations: [caseB] });
    expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
    const certificateB = (approvedB.data as CaseDecidedV1).certificate!;
    const scheduleB = certificateSchedule(certificateB.validUntil, DEFAULT_ASSESSMENT_POLICY);
    expect(renewedState).toMatchObject({ phase: 'VALID', caseId: caseB, certificateNo: '[2031]浙量标金证字第202号', renewalDueAt: scheduleB.renewalDueAt, expiresAt: scheduleB.expiresAt });
    expect(Date.parse(scheduleB.expiresAt)).toBeGreaterThan(Date.parse(scheduleA.expiresAt));

    // The old certificate: reminded, then renewed; never escalated (a re-examination was open) nor expired.
    const eventsA = await store.readStream(certificateStreamId(caseA));
    expect(eventsA.map((e) => e.type)).toEqual([CertificateEventTypes.RenewalDue, CertificateEventTypes.Renewed]);
    expect(eventsA[1].data).toMatchObject({ caseId: caseA, renewedByCaseId: caseB, newCertificateNo: '[2031]浙量标金证字第202号', newValidUntil: certificateB.validUntil });
    expect(eventsA[1].metadata).toMatchObject({ actorId: 'system:certificate-workflow', workflowId, causationId: approvedB.id, correlationId: `corr-${caseB}` });

    // The new one, years later: its own reminder, escalation (nothing filed) and expiry.
    expect(result).toBe('EXPIRED');
    const eventsB = await store.readStream(certificateStreamId(caseB));
    expect(eventsB.map((e) => e.type)).toEqual([CertificateEventTypes.RenewalDue, CertificateEventTypes.RenewalEscalated, CertificateEventTypes.Expired]);
    expect(eventsB[0].data).toMatchObject({ caseId: caseB, dueOn: scheduleB.renewalDueOn });
    expect(Date.parse((eventsB[2].data as { expiredAt: string }).expiredAt)).toBeGreaterThanOrEqual(Date.parse(scheduleB.expiresAt));

    // The registry: one row for the lineage, named by its first case, showing the latest certificate.
    await app.get(SubscriptionRunner).waitFor(eventsB[2].globalPosition, 'projection:standards-registry');
    const row = await store.getDocument<StandardRegistryView>(STANDARDS_REGISTRY, caseA);
    expect(row).toMatchObject({ id: caseA, caseId: caseB, certificateNo: '[2031]浙量标金证字第202号', validUntil: certificateB.validUntil, status: 'EXPIRED', renewalEscalated: true });
    expect(row!.certificates.map((c) => [c.caseId, c.status])).toEqual([
      [caseA, 'RENEWED'],
      [caseB, 'EXPIRED'],
    ]);
    expect(await store.getDocument(STANDARDS_REGISTRY, caseB)).toBeUndefined();
  });

  it('stops reminding a sealed certificate, which still expires at the end of its validity', async () => {
    const caseId = '7c1d2e3f-0000-4000-8000-0000000000c1';
    const worker = await harness.newWorker();
    const result = await worker.runUntil(async () => {
      await bridged(await certify(caseId, '[2026]浙量标金证字第301号'));
      await harness.followServer();
      await app.get(CommandBus).execute(new ActOnCertificateCommand({ type: 'SealCertificate', caseId, reason: 'Out of use while the laboratory moves' }, secretariat(caseId, 'seal')));
      const [sealed] = await store.readStream(certificateStreamId(caseId));
      await bridged(sealed);
      const state = await eventually(() => env.client.workflow.getHandle(certificateWorkflowId(caseId)).query(certificateStateQuery), (s) => s.phase === 'SEALED');
      expect(state).toMatchObject({ phase: 'SEALED', caseId });
      return env.client.workflow.getHandle(certificateWorkflowId(caseId)).result();
    });
    expect(result).toBe('EXPIRED');
    expect(await types(certificateStreamId(caseId))).toEqual([CertificateEventTypes.Sealed, CertificateEventTypes.Expired]);
  });
});
