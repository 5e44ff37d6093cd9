import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AssessmentEventTypes, type ApplicationSubmittedV1, type CaseDecidedV1 } from '../../events/assessment.events.js';
import { evaluateComparison } from '../../src/comparisons/domain/evaluation.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import type { Clock } from '../../src/shared/clock.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import type { StandardRegistryView } from '../../src/standards/projections/standards-registry.projection.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * 参比计量标准 over HTTP on PostgreSQL: a comparison names, per lab, the certified standard it
 * compares; a standard of another institution is refused; after publication each standard's registry
 * row (计量标准档案) shows its outcome with En, and the unsatisfactory lab's standard shows an open
 * follow-up, listed for the authority, until the organiser closes it.
 *
 * The standards are certified by recording the assessment case's submission and approval straight
 * into the log (the assessment flow itself is covered elsewhere).
 */
describe("comparison outcomes on the participants' standards, over HTTP", () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const now = new Date('2027-01-04T02:00:00Z');
  const clock: Clock = { now: () => now };
  const PILOT = '91330000MA2PILOT01';
  const [A, B] = ['91330106MA2LABA001', '91330203MA2LABB002'];
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const token: Record<string, string> = Object.fromEntries([PILOT, A, B].map((inst) => [inst, tokenFor('institution', { sub: `engineer-${inst}`, institutionId: inst })]));
  const http = () => request(app.getHttpServer());
  let comparisonId = '';
  const step = (path: string, who: string, body: object = {}) => http().post(`/api/v1/comparisons/${comparisonId}/${path}`).set('Authorization', `Bearer ${who}`).send(body).expect(200);
  const standardRow = async (id: string, who = secretariat) => (await http().get(`/api/v1/standards/${id}`).set('Authorization', `Bearer ${who}`).expect(200)).body as StandardRegistryView;
  const listIds = async (query: string) => ((await http().get(`/api/v1/standards${query}`).set('Authorization', `Bearer ${secretariat}`).expect(200)).body as StandardRegistryView[]).map((r) => r.id);
  const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:standards-registry');
  const results: Record<string, { value: number; expandedUncertainty: number }> = {
    [PILOT]: { value: 0.0, expandedUncertainty: 0.1 },
    [A]: { value: 0.02, expandedUncertainty: 0.1 },
    [B]: { value: 0.4, expandedUncertainty: 0.2 },
  };
  const standardOf: Record<string, string> = {};

  /** A certified standard of the institution: its case submitted and approved, recorded in the log. */
  async function certifiedStandard(institutionId: string, certificateNo: string): Promise<string> {
    const caseId = randomUUID();
    const metadata = { commandId: randomUUID(), actorId: 'test-setup', role: 'secretariat', correlationId: caseId };
    const submitted: ApplicationSubmittedV1 = {
      caseId,
      kind: 'NEW',
      institutionId,
      standard: { name: 'Standard set of 1 kg weights', category: 'PUBLIC', measurand: 'mass' },
      submittedAt: '2026-03-02T02:00:00.000Z',
      acceptanceDeadline: { dueAt: '2026-03-09T15:59:59.999Z', workingDays: 5, calendar: 'cn-test' },
    };
    const decided: CaseDecidedV1 = {
      caseId,
      decidedAt: '2026-06-01T02:00:00.000Z',
      decision: 'APPROVED',
      reasons: [],
      certificate: { certificateNo, validFrom: '2026-06-01', validUntil: '2030-05-31' },
    };
    await store.append(
      assessmentStreamId(caseId),
      [
        { id: randomUUID(), type: AssessmentEventTypes.ApplicationSubmitted, schemaVersion: 1, data: submitted, metadata },
        { id: randomUUID(), type: AssessmentEventTypes.CaseDecided, schemaVersion: 1, data: decided, metadata: { ...metadata, commandId: randomUUID() } },
      ],
      'no_stream',
    );
    return caseId;
  }

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'comparison-standards-e2e', clock, roles: { projections: true, bridge: false } });
    for (const [i, lab] of [PILOT, A, B].entries()) standardOf[lab] = await certifiedStandard(lab, `[2026]浙量标证字第10${i}号`);
    await settled();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it('refuses a standard of another institution, then shows each outcome with En and the open follow-up until it is closed', async () => {
    const proposal = { title: 'Provincial comparison of 1 kg weights, 2027', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B] };
    const named = [PILOT, A, B].map((lab) => ({ institutionId: lab, standardId: standardOf[lab] }));

    // A's entry naming B's standard is refused (422) and nothing is recorded; so is a standard that does not exist.
    const before = await store.headPosition();
    const foreign = await http()
      .post('/api/v1/comparisons')
      .set('Authorization', `Bearer ${secretariat}`)
      .set('Accept-Language', 'zh-CN')
      .send({ ...proposal, standards: [{ institutionId: A, standardId: standardOf[B] }] })
      .expect(422);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
    expect(foreign.body.code).toBe('comparison.standard-not-of-institution');
    expect(foreign.body.detail).toContain('计量标准档案');
    const unknown = await http().post('/api/v1/comparisons').set('Authorization', `Bearer ${secretariat}`).send({ ...proposal, standards: [{ institutionId: A, standardId: randomUUID() }] }).expect(422);
    expect(unknown.body.code).toBe('comparison.standard-not-of-institution');
    const malformed = await http().post('/api/v1/comparisons').set('Authorization', `Bearer ${secretariat}`).send({ ...proposal, standards: [{ institutionId: A, standardId: 'not-a-uuid' }] }).expect(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(await store.headPosition()).toBe(before);

    // The proposal names each lab's own standard.
    comparisonId = (await http().post('/api/v1/comparisons').set('Authorization', `Bearer ${secretariat}`).send({ ...proposal, standards: named }).expect(201)).body.comparisonId;
    await step('approval', secretariat);
    const legs = [
      { participant: A, dueDate: '2027-02-01' },
      { participant: B, dueDate: '2027-03-01' },
    ];
    await step('protocol', token[PILOT], { measurand: 'mass', unit: 'mg', transferStandard: { name: '1 kg weight', id: 'TS-M-0042' }, scheme: 'RING', legs, referenceMethod: 'weighted-mean' });
    for (const lab of [A, B]) await step('consultations', token[lab], { agreed: true });
    await step('pre-test', token[PILOT], { stable: true, summary: 'Drift 0.01 mg over four weeks' });
    await step('circulation', token[PILOT]);
    const submit = (lab: string) => step('results', token[lab], { ...results[lab], coverageFactor: 2, unit: 'mg' });
    for (const [from, to] of [[PILOT, A], [A, B], [B, PILOT]]) {
      await step('handovers', token[from]);
      await step('receipts', token[to]);
      await submit(to);
    }
    await step('draft-a', token[PILOT]);
    await step('draft-b', token[PILOT], { summary: 'No comments on Draft A' });
    await step('report-approval', secretariat);

    // Before publication the rows show no outcome.
    await settled();
    expect((await standardRow(standardOf[A])).comparisons).toEqual([]);
    expect(await listIds('?comparisonFollowUpOpen=true')).toEqual([]);

    const published = await step('publication', secretariat);
    expect(published.body.status).toBe('FOLLOW_UP');
    await settled();
    const expected = evaluateComparison({ method: 'weighted-mean', unit: 'mg', results: [PILOT, A, B].map((lab) => ({ lab, ...results[lab], coverageFactor: 2 })) });
    const enOf = (lab: string) => expected.results.find((r) => r.lab === lab)!.en;
    expect(expected.results.filter((r) => r.satisfactory === false).map((r) => r.lab)).toEqual([B]);
    const publishedAt = now.toISOString();

    const rowA = await standardRow(standardOf[A], token[A]);
    expect(rowA.comparisons).toEqual([{ comparisonId, measurand: 'mass', publishedAt, en: enOf(A), satisfactory: true }]);
    expect(rowA.comparisonFollowUpOpen).toBe(false);
    expect((await standardRow(standardOf[PILOT])).comparisons).toEqual([{ comparisonId, measurand: 'mass', publishedAt, en: enOf(PILOT), satisfactory: true }]);
    const rowB = await standardRow(standardOf[B]);
    expect(Math.abs(enOf(B)!)).toBeGreaterThan(1);
    expect(rowB.comparisons).toEqual([{ comparisonId, measurand: 'mass', publishedAt, en: enOf(B), satisfactory: false, followUp: 'OPEN' }]);
    expect(rowB.comparisonFollowUpOpen).toBe(true);
    // The authority finds it in the list; B's holder sees it on its own standard.
    expect(await listIds('?comparisonFollowUpOpen=true')).toEqual([standardOf[B]]);
    expect((await listIds('?comparisonFollowUpOpen=false')).sort()).toEqual([standardOf[PILOT], standardOf[A]].sort());
    expect((await standardRow(standardOf[B], token[B])).comparisonFollowUpOpen).toBe(true);
    expect((await http().get('/api/v1/standards?comparisonFollowUpOpen=maybe').set('Authorization', `Bearer ${secretariat}`).expect(400)).headers['content-type']).toContain('application/problem+json');

    // B's follow-up stays open until the organiser closes it.
    await step('follow-up/cause-analysis', token[B], { analysis: 'The balance was used outside its temperature range' });
    await step('follow-up/corrective-action', token[B], { action: 'Air conditioning repaired', reComparison: false });
    await settled();
    expect((await standardRow(standardOf[B])).comparisons![0].followUp).toBe('OPEN');
    expect((await step('follow-up-closures', secretariat, { lab: B, summary: 'Corrective action verified on site' })).body.status).toBe('CLOSED');
    await settled();
    const closed = await standardRow(standardOf[B]);
    expect(closed.comparisons).toEqual([{ comparisonId, measurand: 'mass', publishedAt, en: enOf(B), satisfactory: false, followUp: 'CLOSED' }]);
    expect(closed.comparisonFollowUpOpen).toBe(false);
    expect(await listIds('?comparisonFollowUpOpen=true')).toEqual([]);
  });
});
