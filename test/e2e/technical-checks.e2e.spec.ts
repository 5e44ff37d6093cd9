import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * Technical data recorded on a case over HTTP (PostgreSQL): each of the four checks computed and
 * recorded with its inputs, formula and result, shown in the case view; invalid data refused with
 * 422 and the rule, recording nothing; and the case timeline (案件时间线) with every actor and the
 * time limits kept or missed. The clock is the test's, so that a limit can be missed on purpose;
 * the workflow bridge is off, so that no timer acts on the case behind the test's back.
 */
describe('technical checks and the case timeline, over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let now = new Date('2026-03-02T02:00:00Z');
  const clock = { now: () => now };
  const applicant = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const elsewhere = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const engineer = tokenFor('institution', { sub: 'engineer-1', institutionId: applicant.uscc });
  const otherInstitution = tokenFor('institution', { sub: 'engineer-9', institutionId: elsewhere.uscc });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const bystander = tokenFor('expert', { sub: 'expert-zhao' });

  // s = 0.0149443… mm (see technical-checks.unit.spec.ts); the declared component is 0.015 mm.
  const readings = { values: [10.01, 10.02, 9.99, 10.0, 10.01, 10.03, 9.98, 10.0, 10.02, 10.01], unit: 'mm' };
  const bodies = {
    repeatability: { readings, declaredComponent: { value: 0.015, unit: 'mm' } },
    stability: {
      groups: [
        { takenOn: '2025-01-15', readings: [100.0, 100.5, 101.0] },
        { takenOn: '2025-02-16', readings: [100.5, 100.75, 101.0] },
        { takenOn: '2025-03-20', readings: [100.0, 100.25, 100.5] },
        { takenOn: '2025-05-02', readings: [100.25, 100.5, 100.75] },
      ],
      unit: 'mV',
      criterion: { kind: 'MPE', value: -0.75, unit: 'mV' },
    },
    'uncertainty-budget': {
      components: [
        { name: 'repeatability', u: { value: 3, unit: 'mm' }, contributionUnit: 'mm' },
        { name: 'resolution', u: { value: 8, unit: 'mm' }, c: 0.5, contributionUnit: 'mm' },
      ],
      k: 2,
    },
    'verification-of-results': { lab: { y: { value: 10.3, unit: 'kPa' }, U: { value: 0.3, unit: 'kPa' } }, reference: { y: { value: 10, unit: 'kPa' }, U: { value: 0.4, unit: 'kPa' } } },
  };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'technical-checks-e2e', clock, roles: { projections: true, bridge: false } });
    const registry = (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    await registry('/institutions', applicant);
    await registry('/institutions', elsewhere);
    await registry('/experts', { expertId: 'expert-li', name: 'Li Na' });
    await registry('/experts/expert-li/qualifications', { discipline: 'pressure', certificateNumber: 'ZJ-expert-li', validFrom: '2024-01-01', validUntil: '2030-12-31' });
    await registry('/experts/expert-li/affiliations', { institutionId: elsewhere.uscc, from: '2020-01-01' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const http = () => request(app.getHttpServer());
  const step = (caseId: string, path: string, token: string, body: object = {}) => http().post(`/api/v1/assessment-cases/${caseId}/${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const check = (caseId: string, name: keyof typeof bodies, token: string, body: object = bodies[name]) => step(caseId, `technical-checks/${name}`, token, body);
  const at = (iso: string) => (now = new Date(iso));
  const caught = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:assessment-cases');
  const submit = async () => {
    const res = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${engineer}`)
      .send({ kind: 'NEW', standard: { name: 'Pressure gauge verification standard', category: 'PUBLIC', measurand: 'pressure' } })
      .expect(201);
    return res.body.caseId as string;
  };

  let caseId: string;

  it('records each check, computed, with its inputs, formula and result, by the applicant and by the assigned assessor', async () => {
    // given a case submitted on Monday 2 March 2026 (acceptance due at the end of Monday 9 March)
    at('2026-03-02T02:00:00Z');
    caseId = await submit();

    // when the applicant records its repeatability series while the case is SUBMITTED
    const recorded = await check(caseId, 'repeatability', engineer).expect(200);
    expect(recorded.body).toMatchObject({ caseId, status: 'SUBMITTED', recorded: [{ type: AssessmentEventTypes.TechnicalCheckRecorded }], alreadyRecorded: false });

    // the authority accepts late (after the acceptance limit), assigns the assessor and starts the evaluation
    at('2026-03-11T02:00:00Z');
    await step(caseId, 'acceptance', secretariat).expect(200);
    await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }).expect(200);
    await step(caseId, 'evaluation', secretariat, { mode: 'ON_SITE' }).expect(200);

    // the assigned assessor records the stability check; another expert may not; another institution does not see the case
    at('2026-03-12T02:00:00Z');
    expect((await check(caseId, 'stability', assessor).expect(200)).body.status).toBe('UNDER_EVALUATION');
    const notAssigned = await check(caseId, 'stability', bystander).set('Accept-Language', 'zh-CN').expect(409);
    expect(notAssigned.body).toMatchObject({ status: 409, code: 'assessment.not-an-assigned-assessor' });
    expect(notAssigned.body.detail).toContain('考评员');
    await check(caseId, 'stability', otherInstitution).expect(404);

    // a rectification is requested; the applicant records its budget and submits in time; the assessor confirms
    at('2026-03-13T02:00:00Z');
    await step(caseId, 'rectification-requests', assessor, { nonconformities: [{ clause: 'JJF 1033-2023 4.2.3', finding: 'No uncertainty budget' }] }).expect(200);
    at('2026-03-16T02:00:00Z');
    expect((await check(caseId, 'uncertainty-budget', engineer).expect(200)).body.status).toBe('RECTIFICATION');
    const evidence = await http()
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${engineer}`)
      .attach('file', Buffer.from('%PDF-1.4 uncertainty budget of the pressure gauge standard'), { filename: 'budget.pdf', contentType: 'application/pdf' })
      .field('kind', 'RECTIFICATION_EVIDENCE')
      .expect(201);
    await step(caseId, 'rectifications', engineer, { evidence: [evidence.body.sha256] }).expect(200);
    await step(caseId, 'rectification-confirmations', assessor).expect(200);
    at('2026-03-17T02:00:00Z');
    await check(caseId, 'verification-of-results', assessor).expect(200);

    // then the log holds the four records, each with inputs, formula and result
    const events = (await store.readStream(assessmentStreamId(caseId))).filter((e) => e.type === AssessmentEventTypes.TechnicalCheckRecorded);
    expect(events.map((e) => [(e.data as { check: string }).check, e.metadata.actorId, e.metadata.role])).toEqual([
      ['REPEATABILITY', 'engineer-1', 'institution'],
      ['STABILITY', 'expert-li', 'expert'],
      ['UNCERTAINTY_BUDGET', 'engineer-1', 'institution'],
      ['VERIFICATION_OF_RESULTS', 'expert-li', 'expert'],
    ]);
    const [rep, stab, budget, verification] = events.map((e) => e.data as { recordedAt: string; record: Record<string, unknown> & { result: Record<string, unknown> } });
    expect(rep.recordedAt).toBe('2026-03-02T02:00:00.000Z');
    expect(rep.record).toMatchObject({ check: 'repeatability', formula: 's = sqrt(Σ(x_i − x̄)² / (n − 1))', inputs: bodies.repeatability, result: { n: 10, unit: 'mm' }, pass: true });
    expect(rep.record.result.s).toBeCloseTo(0.0149443411809732627, 14);
    expect(stab.record).toMatchObject({
      check: 'stability',
      formula: 'stability = max(ȳ_j) − min(ȳ_j), ȳ_j = Σ_k y_jk / n_j',
      inputs: { groups: bodies.stability.groups, unit: 'mV', criterion: { kind: 'MPE', value: -0.75, unit: 'mV' }, minReadingsPerGroup: 3 },
      result: { m: 4, max: 100.75, min: 100.25, stability: 0.5, unit: 'mV' },
      pass: true,
      limit: { value: 0.75, unit: 'mV', passWhen: 'stability < |MPE|' },
    });
    // Contributions 3 mm and 0.5 × 8 mm = 4 mm: u_c = 5 mm, U = 2 × 5 mm = 10 mm.
    expect(budget.record).toMatchObject({
      check: 'uncertainty-budget',
      formula: 'u_i(y) = |c_i|·u_i; u_c = sqrt(Σ (c_i·u_i)²); U = k·u_c',
      inputs: { components: [{ name: 'repeatability', c: 1 }, { name: 'resolution', c: 0.5 }], k: 2 },
      result: { combined: { value: 5, unit: 'mm' }, expanded: { value: 10, unit: 'mm' }, k: 2 },
    });
    expect(verification.record).toMatchObject({ check: 'verification-of-results', formula: '|y_lab − y_ref| ≤ sqrt(U_lab² + U_ref²)', result: { unit: 'kPa' }, pass: true, limit: { value: 0.5 } });
    expect(verification.record.result.absoluteDifference).toBeCloseTo(0.3, 12);

    // and the case view shows the latest result of each check
    await caught();
    const view = await http().get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${engineer}`).expect(200);
    expect(view.body.technicalChecks).toEqual({
      REPEATABILITY: { check: 'REPEATABILITY', pass: true, result: { n: 10, mean: expect.any(Number), s: rep.record.result.s, limit: 0.015, unit: 'mm' }, recordedAt: '2026-03-02T02:00:00.000Z' },
      STABILITY: { check: 'STABILITY', pass: true, result: { m: 4, stability: 0.5, limit: 0.75, unit: 'mV' }, recordedAt: '2026-03-12T02:00:00.000Z' },
      UNCERTAINTY_BUDGET: { check: 'UNCERTAINTY_BUDGET', pass: null, result: { combined: 5, k: 2, expanded: 10, unit: 'mm' }, recordedAt: '2026-03-16T02:00:00.000Z' },
      VERIFICATION_OF_RESULTS: {
        check: 'VERIFICATION_OF_RESULTS',
        pass: true,
        result: { difference: verification.record.result.difference, absoluteDifference: verification.record.result.absoluteDifference, limit: 0.5, unit: 'kPa' },
        recordedAt: '2026-03-17T02:00:00.000Z',
      },
    });

    // a later record of the same check replaces it in the view (the first stays in the log)
    at('2026-03-18T02:00:00Z');
    await check(caseId, 'repeatability', engineer, { ...bodies.repeatability, declaredComponent: { value: 0.01, unit: 'mm' } }).expect(200);
    await caught();
    const again = await http().get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${secretariat}`).expect(200);
    expect(again.body.technicalChecks.REPEATABILITY).toMatchObject({ pass: false, result: { limit: 0.01 }, recordedAt: '2026-03-18T02:00:00.000Z' });
    expect(again.body.technicalChecks.STABILITY.recordedAt).toBe('2026-03-12T02:00:00.000Z');
  });

  it('refuses invalid data with 422 and the rule, in English and Chinese, and records nothing', async () => {
    const before = await store.headPosition();
    const tooFew = await check(caseId, 'repeatability', engineer, { readings: { values: [1, 2, 3], unit: 'mm' }, declaredComponent: { value: 1, unit: 'mm' } }).expect(422);
    expect(tooFew.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tooFew.body).toMatchObject({ status: 422, code: 'technical.too-few-readings', type: 'urn:metrology:problem:technical.too-few-readings', detail: 'Repeatability needs at least 10 readings; 3 were given.' });
    const mixedUnits = await check(caseId, 'verification-of-results', assessor, { ...bodies['verification-of-results'], reference: { y: { value: 10, unit: 'Pa' }, U: { value: 0.4, unit: 'kPa' } } })
      .set('Accept-Language', 'zh-CN')
      .expect(422);
    expect(mixedUnits.body).toMatchObject({ code: 'technical.unit-mismatch', title: '无法处理的内容' });
    expect(mixedUnits.body.detail).toContain('同一单位');
    const close = bodies.stability.groups.map((g, i) => (i === 1 ? { ...g, takenOn: '2025-02-10' } : g));
    expect((await check(caseId, 'stability', assessor, { ...bodies.stability, groups: close }).expect(422)).body.code).toBe('technical.groups-too-close');
    const impossible = bodies.stability.groups.map((g, i) => (i === 1 ? { ...g, takenOn: '2025-02-30' } : g));
    expect((await check(caseId, 'stability', assessor, { ...bodies.stability, groups: impossible }).expect(422)).body.code).toBe('technical.invalid-date');
    expect((await check(caseId, 'uncertainty-budget', engineer, { components: [] }).expect(422)).body.code).toBe('technical.empty-budget');
    // Malformed bodies stop at validation with 400: a number as a string, a number JSON cannot hold as finite.
    const asString = await check(caseId, 'repeatability', engineer, { ...bodies.repeatability, declaredComponent: { value: '0.015', unit: 'mm' } }).expect(400);
    expect(asString.body.errors).toEqual([expect.objectContaining({ field: 'declaredComponent.value' })]);
    const infinite = await http()
      .post(`/api/v1/assessment-cases/${caseId}/technical-checks/uncertainty-budget`)
      .set('Authorization', `Bearer ${engineer}`)
      .set('Content-Type', 'application/json')
      .send('{"components":[{"name":"a","u":{"value":1e309,"unit":"mm"},"contributionUnit":"mm"}]}')
      .expect(400);
    expect(infinite.body.errors).toEqual([expect.objectContaining({ field: 'components.0.u.value' })]);
    expect(await store.headPosition()).toBe(before);
  });

  it('refuses technical data once the evaluation is concluded', async () => {
    at('2026-03-19T02:00:00Z');
    await step(caseId, 'conclusions', assessor, { outcome: 'PASS', summary: 'Meets JJF 1033-2023' }).expect(200);
    const before = await store.headPosition();
    const refused = await check(caseId, 'repeatability', engineer).expect(409);
    expect(refused.body).toMatchObject({ code: 'assessment.step-not-allowed-now' });
    expect(refused.body.detail).toContain('EVALUATED_PASS');
    await check(caseId, 'stability', assessor).expect(409);
    expect(await store.headPosition()).toBe(before);
    at('2026-03-20T02:00:00Z');
    await step(caseId, 'decisions', secretariat, { decision: 'APPROVED', reasons: [], certificateNo: '[2026]闽量标榕证字第042号' }).expect(200);
  });

  it('answers the timeline: every event in order with its actor, and the limits kept or missed', async () => {
    await caught();
    const timeline = await http().get(`/api/v1/assessment-cases/${caseId}/timeline`).set('Authorization', `Bearer ${auditor}`).expect(200);
    const stored = await store.readStream(assessmentStreamId(caseId));
    expect(timeline.body.caseId).toBe(caseId);
    expect(timeline.body.events).toHaveLength(stored.length);
    expect(timeline.body.events.map((e: { globalPosition: number }) => e.globalPosition)).toEqual(stored.map((e) => e.globalPosition));
    expect(timeline.body.events.map((e: { type: string; actor: { id: string; role: string } }) => [e.type.replace('standards.assessment.', ''), e.actor.id, e.actor.role])).toEqual([
      ['application-submitted', 'engineer-1', 'institution'],
      ['technical-check-recorded', 'engineer-1', 'institution'],
      ['application-accepted', 'officer-1', 'secretariat'],
      ['assessors-assigned', 'officer-1', 'secretariat'],
      ['evaluation-started', 'officer-1', 'secretariat'],
      ['technical-check-recorded', 'expert-li', 'expert'],
      ['rectification-requested', 'expert-li', 'expert'],
      ['technical-check-recorded', 'engineer-1', 'institution'],
      ['rectification-submitted', 'engineer-1', 'institution'],
      ['documents-attached', 'engineer-1', 'institution'],
      ['rectification-confirmed', 'expert-li', 'expert'],
      ['technical-check-recorded', 'expert-li', 'expert'],
      ['technical-check-recorded', 'engineer-1', 'institution'],
      ['evaluation-concluded', 'expert-li', 'expert'],
      ['case-decided', 'officer-1', 'secretariat'],
    ]);
    const first = timeline.body.events[0];
    expect(first).toMatchObject({
      revision: 0,
      actor: { id: 'engineer-1', role: 'institution', institutionId: applicant.uscc },
      hash: stored[0].hash,
      correlationId: stored[0].metadata.correlationId,
      policyVersion: stored[0].metadata.policyVersion,
      recordedAt: stored[0].recordedAt,
    });
    expect(first.summary.en).toContain('Application submitted');
    expect(first.summary['zh-CN']).toContain('提交新建考核申请');
    expect(timeline.body.events[1].summary).toEqual({ en: 'Repeatability check recorded: pass.', 'zh-CN': '录入重复性考核结果：合格。' });

    const submitted = stored[0].data as { acceptanceDeadline: { dueAt: string } };
    expect(submitted.acceptanceDeadline.dueAt).toBe('2026-03-09T16:00:00.000Z');
    const deadlines = timeline.body.deadlines as { step: string; dueAt: string; kept: boolean | 'open'; closedAt?: string; calendar: string; workingDays: number }[];
    expect(deadlines.map((d) => [d.step, d.kept, d.closedAt])).toEqual([
      ['ACCEPTANCE', false, '2026-03-11T02:00:00.000Z'], // accepted two days after its limit
      ['RECTIFICATION', true, '2026-03-16T02:00:00.000Z'],
      ['DECISION', true, '2026-03-20T02:00:00.000Z'],
    ]);
    expect(deadlines[0]).toMatchObject({ dueAt: '2026-03-09T16:00:00.000Z', workingDays: 5, calendar: expect.any(String) });
    expect(deadlines[1].workingDays).toBe(15);
  });

  it('shows the timeline to whoever may read the case, and answers 404 to anyone else', async () => {
    await http().get(`/api/v1/assessment-cases/${caseId}/timeline`).set('Authorization', `Bearer ${engineer}`).expect(200);
    await http().get(`/api/v1/assessment-cases/${caseId}/timeline`).set('Authorization', `Bearer ${secretariat}`).expect(200);
    await http().get(`/api/v1/assessment-cases/${caseId}/timeline`).set('Authorization', `Bearer ${otherInstitution}`).expect(404);
    await http().get('/api/v1/assessment-cases/0b9d7a8e-1c2f-4e3a-9b5c-6d7e8f901234/timeline').set('Authorization', `Bearer ${auditor}`).expect(404);
    await http().get('/api/v1/assessment-cases/not-a-uuid/timeline').set('Authorization', `Bearer ${auditor}`).expect(400);
  });

  it('keeps an open limit open: a case just submitted', async () => {
    at('2026-03-23T02:00:00Z');
    const fresh = await submit();
    await caught();
    const timeline = await http().get(`/api/v1/assessment-cases/${fresh}/timeline`).set('Authorization', `Bearer ${engineer}`).expect(200);
    expect(timeline.body.deadlines).toEqual([expect.objectContaining({ step: 'ACCEPTANCE', kept: 'open', dueAt: '2026-03-30T16:00:00.000Z' })]);
    expect(timeline.body.deadlines[0]).not.toHaveProperty('closedAt');
  });
});
