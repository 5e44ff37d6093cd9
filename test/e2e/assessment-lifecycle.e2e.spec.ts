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
 * A new measurement standard from submission to certificate over HTTP, with one supplement round
 * and one rectification round, each step by the role that takes it, on PostgreSQL.
 */
describe('a new standard from application to certificate, over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const applicant = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const elsewhere = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const engineer = tokenFor('institution', { sub: 'engineer-1', institutionId: applicant.uscc });
  const otherInstitution = tokenFor('institution', { sub: 'engineer-9', institutionId: elsewhere.uscc });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const bystander = tokenFor('expert', { sub: 'expert-zhao' });

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'lifecycle-e2e', roles: { projections: true, bridge: false } });
    const registry = (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    await registry('/institutions', applicant);
    await registry('/institutions', elsewhere);
    for (const [expertId, name, institutionId] of [
      ['expert-li', 'Li Na', elsewhere.uscc],
      ['expert-wang', 'Wang Fang', applicant.uscc],
    ]) {
      await registry('/experts', { expertId, name });
      await registry(`/experts/${expertId}/qualifications`, { discipline: 'pressure', certificateNumber: `ZJ-${expertId}`, validFrom: '2024-01-01', validUntil: '2030-12-31' });
      await registry(`/experts/${expertId}/affiliations`, { institutionId, from: '2020-01-01' });
    }
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const step = (caseId: string, path: string, token: string, body: object = {}) =>
    request(app.getHttpServer()).post(`/api/v1/assessment-cases/${caseId}/${path}`).set('Authorization', `Bearer ${token}`).send(body);

  it('walks every step, each by its role, and records who took it', async () => {
    const submitted = await request(app.getHttpServer())
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${engineer}`)
      .send({ kind: 'NEW', standard: { name: 'Sphygmomanometer verification standard', category: 'PUBLIC', measurand: 'pressure' } })
      .expect(201);
    const caseId = submitted.body.caseId as string;

    expect((await step(caseId, 'supplement-requests', secretariat, { missing: ['technical report', 'staff competence evidence'] }).expect(200)).body.status).toBe('SUPPLEMENT_REQUESTED');
    await step(caseId, 'resubmissions', otherInstitution).expect(404); // not theirs: answered as absent
    expect((await step(caseId, 'resubmissions', engineer).expect(200)).body.status).toBe('SUBMITTED');
    expect((await step(caseId, 'acceptance', secretariat).expect(200)).body.status).toBe('ACCEPTED');

    const conflicted = await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-wang', discipline: 'pressure' }] }).set('Accept-Language', 'zh-CN').expect(409);
    expect(conflicted.body).toMatchObject({ code: 'coi.current-affiliation', type: 'urn:metrology:problem:coi.current-affiliation' });
    expect(conflicted.body.detail).toContain('回避');
    await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-nobody', discipline: 'pressure' }] }).expect(404);
    expect((await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }).expect(200)).body.status).toBe('ASSESSORS_ASSIGNED');

    expect((await step(caseId, 'evaluation', secretariat, { mode: 'DOCUMENT_REVIEW' }).expect(409)).body.code).toBe('assessment.new-standard-needs-on-site');
    expect((await step(caseId, 'evaluation', secretariat, { mode: 'ON_SITE' }).expect(200)).body.status).toBe('UNDER_EVALUATION');

    const nonconformities = { nonconformities: [{ clause: 'JJF 1033-2023 4.2.3', finding: 'Stability records for 2025 are missing' }] };
    expect((await step(caseId, 'rectification-requests', bystander, nonconformities).expect(409)).body.code).toBe('assessment.not-an-assigned-assessor');
    expect((await step(caseId, 'rectification-requests', assessor, nonconformities).expect(200)).body.status).toBe('RECTIFICATION');
    // Rectification evidence is a document the institution uploaded, referred to by its SHA-256.
    const evidence = await request(app.getHttpServer())
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${engineer}`)
      .attach('file', Buffer.from('stability records 2025'), { filename: 'stability-2025.csv', contentType: 'text/csv' })
      .field('kind', 'RECTIFICATION_EVIDENCE')
      .expect(201);
    await step(caseId, 'rectifications', engineer, { evidence: [evidence.body.sha256] }).expect(200);
    expect((await step(caseId, 'rectification-confirmations', assessor).expect(200)).body.status).toBe('UNDER_EVALUATION');
    expect((await step(caseId, 'conclusions', assessor, { outcome: 'PASS', summary: 'Meets JJF 1033-2023' }).expect(200)).body.status).toBe('EVALUATED_PASS');

    await step(caseId, 'decisions', secretariat, { decision: 'APPROVED', reasons: [] }).expect(409);
    const decided = await step(caseId, 'decisions', secretariat, { decision: 'APPROVED', reasons: [], certificateNo: '[2026]闽量标榕证字第001号' }).expect(200);
    expect(decided.body.status).toBe('APPROVED');

    const events = await store.readStream(assessmentStreamId(caseId));
    expect(events.map((e) => [e.type.replace('standards.assessment.', ''), e.metadata.actorId])).toEqual([
      ['application-submitted', 'engineer-1'],
      ['supplement-requested', 'officer-1'],
      ['application-resubmitted', 'engineer-1'],
      ['application-accepted', 'officer-1'],
      ['assessors-assigned', 'officer-1'],
      ['evaluation-started', 'officer-1'],
      ['rectification-requested', 'expert-li'],
      ['rectification-submitted', 'engineer-1'],
      ['documents-attached', 'engineer-1'],
      ['rectification-confirmed', 'expert-li'],
      ['evaluation-concluded', 'expert-li'],
      ['case-decided', 'officer-1'],
    ]);
    const decision = events.at(-1)!;
    expect(decision.type).toBe(AssessmentEventTypes.CaseDecided);

    await app.get(SubscriptionRunner).waitFor(decision.globalPosition, 'projection:assessment-cases');
    const view = await request(app.getHttpServer()).get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${engineer}`).expect(200);
    expect(view.body).toMatchObject({ status: 'APPROVED', decision: 'APPROVED', assessors: ['expert-li'], certificate: { certificateNo: '[2026]闽量标榕证字第001号' } });
    expect((await store.verify({ streamId: assessmentStreamId(caseId) })).ok).toBe(true);
  });

  it('answers a step on an unknown case with 404 and a bad body with 400, recording nothing', async () => {
    const before = await store.headPosition();
    await step('0b9d7a8e-1c2f-4e3a-9b5c-6d7e8f901234', 'acceptance', secretariat).expect(404);
    await step('0b9d7a8e-1c2f-4e3a-9b5c-6d7e8f901234', 'evaluation', secretariat, { mode: 'BY_PHONE' }).expect(400);
    await step('not-a-uuid', 'acceptance', secretariat).expect(400);
    expect(await store.headPosition()).toBe(before);
  });
});
