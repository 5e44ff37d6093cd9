import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { CertificateEventTypes } from '../../events/certificate.events.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { certificateStreamId } from '../../src/standards/domain/certificate.js';
import type { StandardRegistryView } from '../../src/standards/projections/standards-registry.projection.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { certificateWorkflowId } from '../../workflows/certificate.contract.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';
import { eventually } from '../support/eventually.js';

/**
 * A certified standard's later life over HTTP, on PostgreSQL with a Temporal dev server and a
 * worker: a re-examination (复查, document review) approved months before expiry renews the
 * certificate and the standards registry (计量标准档案) shows the new validity; a revoked
 * certificate cannot be re-examined; a change is filed for record or refused.
 *
 * The application's clock can be moved ahead (the dev server's cannot): the renewal happens in the
 * certificate's last year, as it would, while its workflow's timers stay years away.
 */
describe('re-examination, revocation and changes of a certified standard, over HTTP', () => {
  const taskQueue = 're-examination-e2e';
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let worker: Worker;
  let workerRun: Promise<void>;
  let clockOffsetMs = 0;
  const holder = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const elsewhere = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const engineer = tokenFor('institution', { sub: 'engineer-1', institutionId: holder.uscc });
  const otherInstitution = tokenFor('institution', { sub: 'engineer-9', institutionId: elsewhere.uscc });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const standard = { name: 'Sphygmomanometer verification standard', category: 'PUBLIC', measurand: 'pressure' };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue, clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
    worker = await createMetrologyWorker({ connection: env.nativeConnection, namespace: env.client.options.namespace, taskQueue, activities: app.get(AssessmentCaseActivitiesService).bound() });
    workerRun = worker.run();
    const registry = (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    await registry('/institutions', holder);
    await registry('/institutions', elsewhere);
    await registry('/experts', { expertId: 'expert-li', name: 'Li Na' });
    await registry('/experts/expert-li/qualifications', { discipline: 'pressure', certificateNumber: 'ZJ-expert-li', validFrom: '2024-01-01', validUntil: '2040-12-31' });
    await registry('/experts/expert-li/affiliations', { institutionId: elsewhere.uscc, from: '2020-01-01' });
  });

  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const http = () => request(app.getHttpServer());
  const step = (caseId: string, path: string, token: string, body: object = {}) =>
    http().post(`/api/v1/assessment-cases/${caseId}/${path}`).set('Authorization', `Bearer ${token}`).send(body).expect(200);
  const onCertificate = (caseId: string, path: string, token: string, body: object) => http().post(`/api/v1/certificates/${caseId}/${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const submit = (body: object, token = engineer) => http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${token}`).send(body);
  const standardRow = (id: string, token = secretariat) => http().get(`/api/v1/standards/${id}`).set('Authorization', `Bearer ${token}`);

  /** From the application to the certificate, each step by its role; answers the case id. */
  async function certify(kind: 'NEW' | 'RE_EXAMINATION', certificateNo: string, renewsCaseId?: string): Promise<string> {
    const caseId = (await submit({ kind, standard, ...(renewsCaseId ? { renewsCaseId } : {}) }).expect(201)).body.caseId as string;
    await step(caseId, 'acceptance', secretariat);
    await step(caseId, 'assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] });
    await step(caseId, 'evaluation', secretariat, { mode: kind === 'NEW' ? 'ON_SITE' : 'DOCUMENT_REVIEW' });
    await step(caseId, 'conclusions', assessor, { outcome: 'PASS', summary: 'Meets JJF 1033-2023' });
    const decided = await step(caseId, 'decisions', secretariat, { decision: 'APPROVED', reasons: [], certificateNo });
    await app.get(SubscriptionRunner).waitFor(decided.body.recorded.at(-1).globalPosition);
    return caseId;
  }

  it('files a change with equal or better uncertainty for record, and refuses a worse one or a changed range', async () => {
    const caseId = await certify('NEW', '[2026]浙量标杭证字第011号');
    const change = { description: 'Reference manometer replaced by one of the same accuracy class', uncertainty: 'EQUAL_OR_BETTER', rangeChanged: false };

    const filed = await onCertificate(caseId, 'changes', engineer, change).expect(200);
    expect(filed.body).toMatchObject({ caseId, certificateNo: '[2026]浙量标杭证字第011号', status: 'VALID', recorded: [{ type: CertificateEventTypes.ChangeFiled }] });

    const before = await store.headPosition();
    const worse = await onCertificate(caseId, 'changes', engineer, { ...change, uncertainty: 'WORSE' }).set('Accept-Language', 'zh-CN').expect(409);
    expect(worse.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(worse.body).toMatchObject({ code: 'certificate.change-needs-new-assessment' });
    expect(worse.body.detail).toContain('重新申请考核');
    expect((await onCertificate(caseId, 'changes', engineer, { ...change, rangeChanged: true }).expect(409)).body.code).toBe('certificate.change-needs-new-assessment');
    await onCertificate(caseId, 'changes', otherInstitution, change).expect(404); // not theirs: answered as absent
    await onCertificate(caseId, 'changes', secretariat, change).expect(403); // the holder files its own changes
    expect((await onCertificate(caseId, 'changes', engineer, { ...change, rangeChanged: 'no' }).expect(400)).body.errors[0].field).toBe('rangeChanged');
    expect(await store.headPosition()).toBe(before);

    await app.get(SubscriptionRunner).waitFor(filed.body.recorded[0].globalPosition, 'projection:standards-registry');
    const row = (await standardRow(caseId, engineer).expect(200)).body as StandardRegistryView;
    expect(row).toMatchObject({ id: caseId, status: 'VALID', institutionId: holder.uscc, name: standard.name, category: 'PUBLIC', measurand: 'pressure' });
    expect(row.changes).toEqual([expect.objectContaining({ caseId, description: change.description, uncertainty: 'EQUAL_OR_BETTER', rangeChanged: false })]);
  });

  it('refuses a re-examination of a revoked certificate: the standard needs a new assessment', async () => {
    const caseId = await certify('NEW', '[2026]浙量标杭证字第012号');
    await onCertificate(caseId, 'revocation', engineer, { reasons: ['x'] }).expect(403);
    const revoked = await onCertificate(caseId, 'revocation', secretariat, { reasons: ['Supervision found the standard used outside its certified range'] }).expect(200);
    expect(revoked.body).toMatchObject({ caseId, status: 'REVOKED' });
    // The certificate's workflow ends with it: a revoked certificate never expires later.
    expect(await env.client.workflow.getHandle(certificateWorkflowId(caseId)).result()).toBe('REVOKED');

    const before = await store.headPosition();
    const refused = await submit({ kind: 'RE_EXAMINATION', standard, renewsCaseId: caseId }).expect(409);
    expect(refused.body).toMatchObject({ code: 'assessment.certificate-not-renewable', type: 'urn:metrology:problem:assessment.certificate-not-renewable' });
    expect(refused.body.detail).toContain('needs a new assessment');
    expect((await submit({ kind: 'RE_EXAMINATION', standard }).expect(409)).body.code).toBe('assessment.re-examination-names-certificate');
    expect((await submit({ kind: 'NEW', standard, renewsCaseId: caseId }).expect(409)).body.code).toBe('assessment.only-re-examination-renews');
    expect((await submit({ kind: 'RE_EXAMINATION', standard, renewsCaseId: caseId }, otherInstitution).expect(409)).body.code).toBe('assessment.renewed-certificate-not-held');
    expect((await submit({ kind: 'RE_EXAMINATION', standard, renewsCaseId: 'not-a-case' }).expect(400)).body.errors[0].field).toBe('renewsCaseId');
    await onCertificate(caseId, 'sealing', secretariat, { reason: 'too late' }).expect(409);
    expect(await store.headPosition()).toBe(before);

    await app.get(SubscriptionRunner).waitFor(revoked.body.recorded[0].globalPosition, 'projection:standards-registry');
    const row = (await standardRow(caseId).expect(200)).body as StandardRegistryView;
    expect(row).toMatchObject({ status: 'REVOKED', certificates: [{ caseId, status: 'REVOKED', reasons: ['Supervision found the standard used outside its certified range'] }] });
  });

  it('renews the expiring certificate by an approved re-examination; the registry shows the new validity', async () => {
    const first = await certify('NEW', '[2026]浙量标杭证字第013号');
    const issued = (await standardRow(first).expect(200)).body as StandardRegistryView;
    expect(issued).toMatchObject({ status: 'VALID', certificateNo: '[2026]浙量标杭证字第013号' });

    // Five months before the certificate expires: inside the renewal window, before the escalation.
    const [y, m, d] = issued.validUntil.split('-').map(Number);
    clockOffsetMs = Date.UTC(y, m - 1 - 5, d, 2) - Date.now();
    const renewal = await certify('RE_EXAMINATION', '[2031]浙量标杭证字第113号', first);
    const reExamination = await http().get(`/api/v1/assessment-cases/${renewal}`).set('Authorization', `Bearer ${engineer}`).expect(200);
    expect(reExamination.body).toMatchObject({ kind: 'RE_EXAMINATION', renewsCaseId: first, evaluationMode: 'DOCUMENT_REVIEW', status: 'APPROVED' });

    // The lineage's workflow records the renewal on the old certificate, then the registry shows it.
    const renewed = await eventually(
      async () => (await standardRow(first)).body as StandardRegistryView,
      (row) => row.certificates?.[0]?.status === 'RENEWED',
    );
    const newCertificate = reExamination.body.certificate as { certificateNo: string; validFrom: string; validUntil: string };
    expect(newCertificate.validUntil > issued.validUntil).toBe(true);
    expect(renewed).toMatchObject({ id: first, caseId: renewal, status: 'VALID', certificateNo: '[2031]浙量标杭证字第113号', validFrom: newCertificate.validFrom, validUntil: newCertificate.validUntil });
    expect(renewed.certificates).toEqual([
      expect.objectContaining({ caseId: first, certificateNo: '[2026]浙量标杭证字第013号', validUntil: issued.validUntil, status: 'RENEWED', renewedByCaseId: renewal }),
      expect.objectContaining({ caseId: renewal, certificateNo: '[2031]浙量标杭证字第113号', validUntil: newCertificate.validUntil, status: 'VALID' }),
    ]);
    const oldStream = await store.readStream(certificateStreamId(first));
    expect(oldStream.map((e) => [e.type, e.metadata.actorId])).toEqual([[CertificateEventTypes.Renewed, 'system:certificate-workflow']]);
    await http().get(`/api/v1/standards/${renewal}`).set('Authorization', `Bearer ${secretariat}`).expect(404); // one row per lineage, named by its first case

    // The superseded certificate is no longer renewed, sealed or changed; the current one is.
    expect((await submit({ kind: 'RE_EXAMINATION', standard, renewsCaseId: first }).expect(409)).body.code).toBe('assessment.certificate-not-renewable');
    expect((await onCertificate(first, 'sealing', secretariat, { reason: 'Lab moves' }).expect(409)).body.code).toBe('certificate.not-in-force');

    // The registry's filters and who sees what.
    const list = (query: string, token = secretariat) => http().get(`/api/v1/standards${query}`).set('Authorization', `Bearer ${token}`).expect(200);
    const ids = (res: request.Response) => (res.body as StandardRegistryView[]).map((r) => r.id);
    expect(ids(await list(`?expiringBefore=${issued.validUntil.slice(0, 4)}-12-31`))).not.toContain(first);
    expect(ids(await list(`?expiringBefore=${newCertificate.validUntil.slice(0, 4)}-12-31`))).toContain(first);
    expect(ids(await list('?status=VALID&category=PUBLIC'))).toContain(first);
    expect(ids(await list('?status=REVOKED'))).not.toContain(first);
    expect(ids(await list(`?institutionId=${holder.uscc}`, auditor))).toContain(first);
    expect(ids(await list('', engineer))).toContain(first);
    expect(await list('', otherInstitution).then((r) => r.body)).toEqual([]);
    await standardRow(first, otherInstitution).expect(404);
    await http().get('/api/v1/standards?expiringBefore=2031-02-30').set('Authorization', `Bearer ${secretariat}`).expect(400);
    await http().get('/api/v1/standards?status=RENEWED').set('Authorization', `Bearer ${secretariat}`).expect(400);
    await http().get('/api/v1/standards').set('Authorization', `Bearer ${assessor}`).expect(403);
  });
});
