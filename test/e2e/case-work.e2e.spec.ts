import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The secretariat's and the applicants' view of the work over HTTP on PostgreSQL: the case list's
 * filters (status, category, county or city, overdue), each user's task inbox, and the one extension
 * of the decision limit.
 */
describe('case lists, task inboxes and the decision limit, over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const hangzhou = { uscc: '91330106MA2B0C1X4J', name: 'Xihu District Institute of Metrology', division: '330106', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const ningbo = { uscc: '91330203MA2H3J4K58', name: 'Haishu calibration laboratory', division: '330203', kind: 'ENTERPRISE' };
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const xihu = tokenFor('institution', { sub: 'engineer-1', institutionId: hangzhou.uscc });
  const haishu = tokenFor('institution', { sub: 'engineer-2', institutionId: ningbo.uscc });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const http = () => request(app.getHttpServer());
  const get = (path: string, token: string) => http().get(path).set('Authorization', `Bearer ${token}`);
  const step = (caseId: string, path: string, token: string, body: object = {}) =>
    http().post(`/api/v1/assessment-cases/${caseId}/${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:assessment-cases');
  const submit = async (token: string, name: string, category = 'PUBLIC') =>
    (await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${token}`).send({ kind: 'NEW', standard: { name, category, measurand: 'pressure' } }).expect(201)).body
      .caseId as string;
  let cases: { xihuPublic: string; xihuEnterprise: string; haishu: string };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'case-work-e2e', roles: { projections: true, bridge: false } });
    const registry = (path: string, body: object) => http().post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    await registry('/institutions', hangzhou);
    await registry('/institutions', ningbo);
    await registry('/experts', { expertId: 'expert-li', name: 'Li Na' });
    await registry('/experts/expert-li/qualifications', { discipline: 'pressure', certificateNumber: 'ZJ-expert-li', validFrom: '2024-01-01', validUntil: '2030-12-31' });
    cases = {
      xihuPublic: await submit(xihu, 'Pressure gauge standard'),
      xihuEnterprise: await submit(xihu, 'Enterprise pressure standard', 'ENTERPRISE_HIGHEST'),
      haishu: await submit(haishu, 'Haishu pressure standard'),
    };
    await settled();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it('filters the case list by county or city, category, status and overdue', async () => {
    const ids = async (query: string, token = secretariat) => ((await get(`/api/v1/assessment-cases${query}`, token).expect(200)).body as { caseId: string }[]).map((c) => c.caseId).sort();
    expect(await ids('')).toEqual([cases.xihuPublic, cases.xihuEnterprise, cases.haishu].sort());
    expect(await ids('?division=330106')).toEqual([cases.xihuPublic, cases.xihuEnterprise].sort());
    expect(await ids('?division=3302')).toEqual([cases.haishu]);
    expect(await ids('?division=33')).toHaveLength(3);
    expect(await ids('?category=ENTERPRISE_HIGHEST')).toEqual([cases.xihuEnterprise]);
    expect(await ids('?status=SUBMITTED&division=330106&category=PUBLIC')).toEqual([cases.xihuPublic]);
    expect(await ids('?overdue=true')).toEqual([]);
    expect(await ids('?overdue=false')).toHaveLength(3);
    // An institution's list stays its own whatever it asks for.
    expect(await ids(`?institutionId=${ningbo.uscc}`, xihu)).toEqual([]);
  });

  it('refuses a malformed filter with 400 naming it', async () => {
    for (const query of ['?status=LOST', '?division=hangzhou', '?overdue=yes', '?category=PRIVATE', '?institutionId=42']) {
      const answer = await get(`/api/v1/assessment-cases${query}`, secretariat).expect(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(answer.body)).toContain(query.slice(1).split('=')[0]);
    }
  });

  it("gives each user the steps that wait for him, with their limits", async () => {
    const officerTasks = (await get('/api/v1/inbox', secretariat).expect(200)).body as { caseId: string; action: string; dueAt: string; overdue: boolean }[];
    expect(officerTasks.map((t) => t.action)).toEqual(['accept-or-request-supplement', 'accept-or-request-supplement', 'accept-or-request-supplement']);
    expect(officerTasks.every((t) => typeof t.dueAt === 'string' && !t.overdue)).toBe(true);
    expect((await get('/api/v1/inbox', xihu).expect(200)).body).toEqual([]);

    await step(cases.xihuPublic, 'supplement-requests', secretariat, { missing: ['technical report'] }).expect(200);
    await settled();
    const applicant = (await get('/api/v1/inbox', xihu).set('Accept-Language', 'zh-CN').expect(200)).body;
    expect(applicant).toMatchObject([{ caseId: cases.xihuPublic, action: 'resubmit', title: { 'zh-CN': '按补正通知补齐材料并重新提交' } }]);
    expect((await get('/api/v1/inbox', haishu).expect(200)).body).toEqual([]);
    await get('/api/v1/inbox', tokenFor('auditor')).expect(403);
  });

  it('refuses a case whose evaluation failed, only with its main reasons, and issues no certificate', async () => {
    const caseId = cases.xihuEnterprise;
    await step(caseId, 'acceptance', secretariat).expect(200);
    await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }).expect(200);
    await step(caseId, 'evaluation', secretariat, { mode: 'ON_SITE' }).expect(200);
    await step(caseId, 'conclusions', assessor, { outcome: 'FAIL', summary: 'Repeatability exceeds the declared component' }).expect(200);
    const approval = await step(caseId, 'decisions', secretariat, { decision: 'APPROVED', reasons: [], certificateNo: '[2026]浙量标杭证字第009号' }).expect(409);
    expect(approval.body.code).toBe('assessment.approval-needs-passed-evaluation');
    const bare = await step(caseId, 'decisions', secretariat, { decision: 'REFUSED', reasons: [] }).set('Accept-Language', 'zh-CN').expect(409);
    expect(bare.body).toMatchObject({ code: 'assessment.refusal-needs-reasons', detail: '不予批准须说明主要理由。' });
    const refused = await step(caseId, 'decisions', secretariat, { decision: 'REFUSED', reasons: ['Repeatability exceeds the declared component (JJF 1033-2023 4.2.3)'] }).expect(200);
    expect(refused.body.status).toBe('REFUSED');
    await settled();
    const view = (await get(`/api/v1/assessment-cases/${caseId}`, xihu).expect(200)).body;
    expect(view).toMatchObject({ status: 'REFUSED', decision: 'REFUSED' });
    expect(view.certificate).toBeUndefined();
    // Nothing more to do on it for anyone.
    expect(((await get('/api/v1/inbox', secretariat).expect(200)).body as { caseId: string }[]).map((t) => t.caseId)).not.toContain(caseId);
    await step(caseId, 'decisions', secretariat, { decision: 'REFUSED', reasons: ['again'] }).expect(409);
  });

  it('extends the decision limit once with reasons, shows it on the case, and puts the decision in the inbox', async () => {
    const caseId = cases.haishu;
    await step(caseId, 'acceptance', secretariat).expect(200);
    await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }).expect(200);
    await step(caseId, 'evaluation', secretariat, { mode: 'ON_SITE' }).expect(200);
    await settled();
    expect((await get('/api/v1/inbox', assessor).expect(200)).body).toMatchObject([{ caseId, action: 'evaluate' }]);
    expect((await get(`/api/v1/assessment-cases/${caseId}`, assessor).expect(200)).body.status).toBe('UNDER_EVALUATION');
    await get(`/api/v1/assessment-cases/${cases.xihuPublic}`, assessor).expect(404); // not assigned to him

    await step(caseId, 'conclusions', assessor, { outcome: 'PASS', summary: 'conforms' }).expect(200);
    await settled();
    const concluded = (await get(`/api/v1/assessment-cases/${caseId}`, secretariat).expect(200)).body;
    expect(typeof concluded.decisionDueAt).toBe('string');
    expect((await get('/api/v1/inbox', secretariat).expect(200)).body).toContainEqual(expect.objectContaining({ caseId, action: 'decide', dueAt: concluded.decisionDueAt }));

    await step(caseId, 'decision-extensions', secretariat, { reasons: [] }).expect(400);
    await step(caseId, 'decision-extensions', haishu, { reasons: ['we want more time'] }).expect(403);
    await step(caseId, 'decision-extensions', secretariat, { reasons: ['opinion of the provincial bureau requested'] }).expect(200);
    const again = await step(caseId, 'decision-extensions', secretariat, { reasons: ['once more'] }).expect(409);
    expect(again.body.code).toBe('assessment.decision-limit-extended-once');
    await settled();
    const extended = (await get(`/api/v1/assessment-cases/${caseId}`, secretariat).expect(200)).body;
    expect(extended.decisionExtended).toBe(true);
    expect(Date.parse(extended.decisionDueAt) - Date.parse(concluded.decisionDueAt)).toBeGreaterThanOrEqual(14 * 24 * 3600 * 1000); // ten more working days
  });
});
