import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { ComparisonEventTypes, type DraftAIssuedV1 } from '../../events/comparison.events.js';
import { comparisonStreamId } from '../../src/comparisons/domain/comparison.js';
import { evaluateComparison } from '../../src/comparisons/domain/evaluation.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import type { Clock } from '../../src/shared/clock.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * A comparison of 5 labs (the pilot and 4 participants) driven through HTTP on PostgreSQL, from the
 * proposal to publication: consultation with an objection and a redraft, pre-test, a ring
 * circulation with a late leg on the board, locked results and a correction before Draft A, Draft A
 * confidential to the participants, and the follow-up of the one unsatisfactory lab until closed.
 */
describe('a 5-lab comparison from proposal to publication, over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let now = new Date('2027-01-04T02:00:00Z');
  const clock: Clock = { now: () => now };
  const PILOT = '91330000MA2PILOT01';
  const [A, B, C, D] = ['91330106MA2LABA001', '91330203MA2LABB002', '91330782MA2LABC003', '91330602MA2LABD004'];
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const token: Record<string, string> = Object.fromEntries([PILOT, A, B, C, D, 'outsider'].map((inst) => [inst, tokenFor('institution', { sub: `engineer-${inst}`, institutionId: inst })]));
  const http = () => request(app.getHttpServer());
  let comparisonId = '';
  const step = (path: string, who: string, body: object = {}) => http().post(`/api/v1/comparisons/${comparisonId}/${path}`).set('Authorization', `Bearer ${who}`).send(body);
  const get = (path: string, who: string) => http().get(`/api/v1/comparisons${path}`).set('Authorization', `Bearer ${who}`);
  const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:comparisons');
  const legs = [
    { participant: A, dueDate: '2027-02-01' },
    { participant: B, dueDate: '2027-03-01' },
    { participant: C, dueDate: '2027-04-01' },
    { participant: D, dueDate: '2027-05-01' },
  ];
  const protocol = { measurand: 'mass', unit: 'mg', transferStandard: { name: '1 kg stainless steel weight', id: 'TS-M-0042' }, scheme: 'RING', legs, referenceMethod: 'weighted-mean' };
  const results: Record<string, { value: number; expandedUncertainty: number }> = {
    [PILOT]: { value: 0.0, expandedUncertainty: 0.1 },
    [A]: { value: 0.02, expandedUncertainty: 0.1 },
    [B]: { value: -0.03, expandedUncertainty: 0.12 },
    [C]: { value: 0.05, expandedUncertainty: 0.15 },
    [D]: { value: 0.6, expandedUncertainty: 0.2 },
  };
  const submit = (lab: string) => step('results', token[lab], { ...results[lab], coverageFactor: 2, unit: 'mg' });
  const expectRefusal = (response: request.Response, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code, type: response.headers['content-type'] }).toEqual({ status, code, type: expect.stringContaining('application/problem+json') });
  };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'comparison-process-e2e', clock, roles: { projections: true, bridge: false } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it('runs proposal, consultation, circulation, locked results, Draft A, publication and the follow-up of the unsatisfactory lab', async () => {
    // Proposal and approval by the organiser.
    await http().post('/api/v1/comparisons').set('Authorization', `Bearer ${token[PILOT]}`).send({ title: 't', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B, C, D] }).expect(403);
    const proposed = await http()
      .post('/api/v1/comparisons')
      .set('Authorization', `Bearer ${secretariat}`)
      .send({ title: 'Provincial comparison of 1 kg weights, 2027', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B, C, D] })
      .expect(201);
    comparisonId = proposed.body.comparisonId;
    expect(proposed.headers.location).toBe(`/api/v1/comparisons/${comparisonId}`);
    expect((await step('approval', secretariat).expect(200)).body.status).toBe('APPROVED');

    // The protocol: only the pilot drafts; an objection leads to a redraft and a new consultation of everyone.
    expectRefusal(await step('protocol', token[A], protocol), 409, 'comparison.pilot-only');
    await step('protocol', token.outsider, protocol).expect(404);
    expect((await step('protocol', token[PILOT], protocol).expect(200)).body.status).toBe('PROTOCOL_DRAFTED');
    await step('consultations', token[A], { agreed: true }).expect(200);
    await step('consultations', token[B], { agreed: false, objections: ['Four weeks are too short for our leg'] }).expect(200);
    expectRefusal(await step('consultations', token[A], { agreed: true }), 409, 'comparison.already-consulted');
    await step('protocol', token[PILOT], protocol).expect(200);
    for (const lab of [A, B, C]) expect((await step('consultations', token[lab], { agreed: true }).expect(200)).body.status).toBe('PROTOCOL_DRAFTED');
    expect((await step('consultations', token[D], { agreed: true }).expect(200)).body.status).toBe('PROTOCOL_AGREED');

    // Pre-test and the ring circulation.
    expect((await step('pre-test', token[PILOT], { stable: true, summary: 'Drift 0.01 mg over four weeks' }).expect(200)).body.status).toBe('PRE_TESTED');
    expect((await step('circulation', token[PILOT]).expect(200)).body.status).toBe('CIRCULATING');
    await step('handovers', token[PILOT]).expect(200);
    expectRefusal(await step('receipts', token[B]), 409, 'comparison.not-the-recipient');
    await step('receipts', token[A]).expect(200);
    await submit(A).expect(200);
    expectRefusal(await step('results', token[A], { value: 0.03, expandedUncertainty: 0.1, coverageFactor: 2, unit: 'mg' }), 409, 'comparison.result-locked');

    // The board on 10 February (China time): A holds the standard past its due day.
    now = new Date('2027-02-10T02:00:00Z');
    await settled();
    const board = (await get(`/${comparisonId}/circulation`, token[B]).expect(200)).body;
    expect(board).toMatchObject({ scheme: 'RING', today: '2027-02-10', location: { holder: A }, lateLegs: [A] });
    expect(board.legs[0]).toMatchObject({ participant: A, state: 'AT_LAB', late: true, daysLate: 9 });
    // Before Draft A, B does not see A's value; the pilot does; an outsider sees no comparison at all.
    expect((await get(`/${comparisonId}`, token[B]).expect(200)).body.results[A]).toEqual({ submittedAt: expect.any(String), corrections: 0 });
    expect((await get(`/${comparisonId}`, token[PILOT]).expect(200)).body.results[A].result).toEqual({ value: 0.02, expandedUncertainty: 0.1, coverageFactor: 2, unit: 'mg' });
    await get(`/${comparisonId}`, token.outsider).expect(404);
    await get(`/${comparisonId}/circulation`, token.outsider).expect(404);

    for (const [from, to] of [[A, B], [B, C], [C, D], [D, PILOT]]) {
      await step('handovers', token[from]).expect(200);
      await step('receipts', token[to]).expect(200);
      if (to !== PILOT) await submit(to).expect(200);
    }
    expectRefusal(await step('results', token[PILOT], { ...results[PILOT], coverageFactor: 2, unit: 'g' }), 422, 'comparison.unit-differs');
    expect((await submit(PILOT).expect(200)).body.status).toBe('RESULTS_LOCKED');

    // A reasoned correction before Draft A, accepted by the pilot.
    await step('correction-requests', token[B], { reasons: 'Air buoyancy correction applied twice', corrected: { value: -0.01, expandedUncertainty: 0.12, coverageFactor: 2, unit: 'mg' } }).expect(200);
    expectRefusal(await step('draft-a', token[PILOT]), 409, 'comparison.correction-pending');
    await step('correction-decisions', token[PILOT], { lab: B, decision: 'ACCEPTED', reasons: 'The worksheet shows the double correction' }).expect(200);
    results[B].value = -0.01;

    // Draft A: computed by the pilot, confidential to the participants.
    await get(`/${comparisonId}/results`, token[A]).expect(409);
    expect((await step('draft-a', token[PILOT]).expect(200)).body.status).toBe('DRAFT_A');
    expectRefusal(await step('correction-requests', token[C], { reasons: 'Wrong temperature correction', corrected: { value: 0.04, expandedUncertainty: 0.15, coverageFactor: 2, unit: 'mg' } }), 409, 'comparison.step-not-allowed-now');
    await settled();
    const table = (await get(`/${comparisonId}/results`, token[A]).expect(200)).body;
    const expected = evaluateComparison({ method: 'weighted-mean', unit: 'mg', results: [PILOT, A, B, C, D].map((lab) => ({ lab, ...results[lab], coverageFactor: 2 })) });
    expect(table.reference).toMatchObject({ value: expected.reference.value, expandedUncertainty: expected.reference.expandedUncertainty, coverageFactor: 2 });
    expect(table.results.map((r: { lab: string; en: number; satisfactory: boolean }) => [r.lab, r.en, r.satisfactory])).toEqual(expected.results.map((r) => [r.lab, r.en, r.satisfactory]));
    expect(table.results.filter((r: { satisfactory: boolean }) => r.satisfactory === false).map((r: { lab: string }) => r.lab)).toEqual([D]);
    expect(table.chart.referenceBand).toEqual({ value: expected.reference.value, lower: expected.reference.value - expected.reference.expandedUncertainty, upper: expected.reference.value + expected.reference.expandedUncertainty });
    expect(table.chart.points).toHaveLength(5);
    expect((await get(`/${comparisonId}`, token[C]).expect(200)).body.results[A].result.value).toBe(0.02);
    expectRefusal(await get(`/${comparisonId}/results`, secretariat), 409, 'comparison.results-not-available');
    expect((await get(`/${comparisonId}`, auditor).expect(200)).body.draftA).toBeUndefined();

    // Draft B, approval, publication: D (|En| > 1) is followed up.
    await step('draft-b', token[PILOT], { summary: 'No comments on Draft A; figures unchanged' }).expect(200);
    await step('report-approval', secretariat).expect(200);
    expect((await step('publication', secretariat).expect(200)).body.status).toBe('FOLLOW_UP');
    expectRefusal(await step('follow-up/cause-analysis', token[A], { analysis: 'none' }), 409, 'comparison.no-open-follow-up');
    expectRefusal(await step('follow-up-closures', secretariat, { lab: D, summary: 'Verified' }), 409, 'comparison.follow-up-incomplete');
    await step('follow-up/cause-analysis', token[D], { analysis: 'The balance was used outside its temperature range' }).expect(200);
    await step('follow-up/corrective-action', token[D], { action: 'Air conditioning repaired; procedure amended', reComparison: true }).expect(200);
    expect((await step('follow-up-closures', secretariat, { lab: D, summary: 'Corrective action verified on site' }).expect(200)).body.status).toBe('CLOSED');

    // The read models after publication.
    await settled();
    const ids = async (query: string, who: string) => ((await get(query, who).expect(200)).body as { comparisonId: string }[]).map((c) => c.comparisonId);
    expect(await ids('?status=CLOSED', secretariat)).toEqual([comparisonId]);
    expect(await ids('?status=DRAFT_A', secretariat)).toEqual([]);
    expect(await ids('', token[D])).toEqual([comparisonId]);
    expect(await ids('', token.outsider)).toEqual([]);
    expect((await get('?status=LOST', secretariat).expect(400)).headers['content-type']).toContain('application/problem+json');
    const closed = (await get(`/${comparisonId}`, auditor).expect(200)).body;
    expect(closed).toMatchObject({ status: 'CLOSED', followUps: [{ lab: D, closed: { summary: 'Corrective action verified on site' } }] });
    expect(closed.draftA.evaluation.reference.value).toBe(expected.reference.value);

    // Recomputed from the recorded events alone, Draft A gives the same numbers.
    const events = await store.readStream(comparisonStreamId(comparisonId));
    const draftA = events.find((e) => e.type === ComparisonEventTypes.DraftAIssued)!.data as DraftAIssuedV1;
    expect(evaluateComparison(draftA.input)).toEqual(draftA.evaluation);
  });
});
