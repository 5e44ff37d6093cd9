import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHash } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { DocumentEventTypes } from '../../events/document.events.js';
import { institutionDocumentsStreamId } from '../../src/documents/domain/institution-documents.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/** Reads a response body as bytes, whatever its media type (supertest parses only a few). */
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

/**
 * Documents for assessment cases over HTTP, on PostgreSQL: an institution uploads its documents
 * (multipart), checks them for completeness, submits an application with them; the case shows
 * them and what is still missing; a download is verified against the SHA-256 and a blob altered
 * in the database is refused; another institution and an unassigned expert get 404; bad uploads
 * get a 4xx problem and change nothing.
 */
describe('documents for assessment cases (PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let sql: pg.Client;
  let app: INestApplication;
  const MAX_BYTES = 64 * 1024;
  const applicant = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const elsewhere = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const engineer = tokenFor('institution', { sub: 'engineer-1', institutionId: applicant.uscc });
  const otherInstitution = tokenFor('institution', { sub: 'engineer-9', institutionId: elsewhere.uscc });
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const bystander = tokenFor('expert', { sub: 'expert-zhao' });

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'documents-e2e', roles: { projections: true, bridge: false }, config: { documentMaxBytes: MAX_BYTES } });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const registry = (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    await registry('/institutions', applicant);
    await registry('/institutions', elsewhere);
    await registry('/experts', { expertId: 'expert-li', name: 'Li Na' });
    await registry('/experts/expert-li/qualifications', { discipline: 'pressure', certificateNumber: 'ZJ-expert-li', validFrom: '2024-01-01', validUntil: '2030-12-31' });
    await registry('/experts/expert-li/affiliations', { institutionId: elsewhere.uscc, from: '2020-01-01' });
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const http = () => request(app.getHttpServer());
  const upload = (token: string, content: Buffer | string, filename: string, kind: string, contentType = 'application/pdf') =>
    http().post('/api/v1/documents').set('Authorization', `Bearer ${token}`).attach('file', Buffer.from(content), { filename, contentType }).field('kind', kind);
  const download = (token: string, hash: string) => http().get(`/api/v1/documents/${hash}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
  const blobCount = async () => Number((await sql.query('SELECT count(*)::int AS n FROM document_blobs')).rows[0].n);
  const waitForProjections = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition());

  /** The seven documents a new standard needs, but the sample certificate and the staff competence evidence. */
  const FIVE = [
    ['APPLICATION_FORM', '考核申请书.pdf'],
    ['TECHNICAL_REPORT', '计量标准技术报告.pdf'],
    ['STANDARD_CERTIFICATES', 'standard-certificates.pdf'],
    ['EQUIPMENT_CERTIFICATES', 'equipment-certificates.pdf'],
    ['ORIGINAL_RECORDS', 'original-records.pdf'],
  ] as const;
  const uploaded: Record<string, string> = {};

  it('uploads a document (multipart) and answers its SHA-256, sanitised name, kind and size; the same upload again records nothing', async () => {
    const content = '%PDF-1.7 technical report of the sphygmomanometer standard';
    const first = await upload(engineer, content, 'C:\\reports\\计量标准技术报告.pdf', 'TECHNICAL_REPORT').expect(201);
    expect(first.body).toEqual({ sha256: sha256(content), name: '计量标准技术报告.pdf', kind: 'TECHNICAL_REPORT', size: Buffer.byteLength(content) });
    expect(first.headers.location).toBe(`/api/v1/documents/${sha256(content)}`);
    const streamId = institutionDocumentsStreamId(applicant.uscc);
    const recorded = await store.readStream(streamId);
    expect(recorded.map((e) => [e.type, e.metadata.actorId, e.metadata.institutionId])).toEqual([[DocumentEventTypes.DocumentUploaded, 'engineer-1', applicant.uscc]]);
    expect(recorded[0].data).toMatchObject({ sha256: sha256(content), name: '计量标准技术报告.pdf', contentType: 'application/pdf' });

    const again = await upload(engineer, content, 'C:\\reports\\计量标准技术报告.pdf', 'TECHNICAL_REPORT').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await store.readStream(streamId)).toHaveLength(1);
    expect(await blobCount()).toBe(1);
    uploaded.TECHNICAL_REPORT = first.body.sha256;
  });

  it('checks completeness before the submission: the missing kinds with their titles, and references that are not the caller’s uploads', async () => {
    for (const [kind, name] of FIVE) {
      if (uploaded[kind]) continue;
      uploaded[kind] = (await upload(engineer, `%PDF-1.7 ${kind}`, name, kind).expect(201)).body.sha256;
    }
    const foreign = (await upload(otherInstitution, '%PDF-1.7 a Shenzhen record', 'record.pdf', 'ORIGINAL_RECORDS').expect(201)).body.sha256;
    const before = await store.headPosition();
    const check = await http()
      .post('/api/v1/assessment-cases/completeness')
      .set('Authorization', `Bearer ${engineer}`)
      .send({ kind: 'NEW', documents: [...Object.values(uploaded), foreign] })
      .expect(200);
    expect(check.body).toEqual({
      complete: false,
      missing: [
        { kind: 'SAMPLE_CERTIFICATE', title: { en: 'Sample certificate issued in simulation', 'zh-CN': '模拟出具的证书' } },
        { kind: 'STAFF_COMPETENCE', title: { en: 'Evidence of staff competence', 'zh-CN': '人员能力证明' } },
      ],
      unknown: [foreign],
    });
    const reExamination = await http().post('/api/v1/assessment-cases/completeness').set('Authorization', `Bearer ${engineer}`).send({ kind: 'RE_EXAMINATION', documents: Object.values(uploaded) }).expect(200);
    expect(reExamination.body.missing.map((m: { kind: string }) => m.kind)).toEqual(['SAMPLE_CERTIFICATE', 'STAFF_COMPETENCE', 'PREVIOUS_CERTIFICATE', 'CONTINUOUS_CERTIFICATES', 'REPEATABILITY_STABILITY_RECORDS']);
    expect(await store.headPosition()).toBe(before); // a check records nothing
    await http().post('/api/v1/assessment-cases/completeness').set('Authorization', `Bearer ${engineer}`).send({ kind: 'NEW', documents: ['not-a-hash'] }).expect(400);
  });

  let caseId: string;

  it('submits with documents in one append beside the submission; the answer and the case list what is missing; the secretariat reads them', async () => {
    const submitted = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${engineer}`)
      .send({ kind: 'NEW', standard: { name: 'Sphygmomanometer verification standard', category: 'PUBLIC', measurand: 'pressure' }, documents: Object.values(uploaded) })
      .expect(201);
    caseId = submitted.body.caseId;
    expect(submitted.body.missingDocuments.map((m: { kind: string }) => m.kind)).toEqual(['SAMPLE_CERTIFICATE', 'STAFF_COMPETENCE']);

    const events = await store.readStream(assessmentStreamId(caseId));
    expect(events.map((e) => e.type)).toEqual([AssessmentEventTypes.ApplicationSubmitted, AssessmentEventTypes.DocumentsAttached]);
    expect(events[1].metadata.commandId).toBe(events[0].metadata.commandId); // one command, one append
    expect(events[1].data).toMatchObject({ caseId, purpose: 'APPLICATION' });
    expect((events[1].data as { documents: { kind: string; sha256: string }[] }).documents.map((d) => [d.kind, d.sha256])).toEqual(Object.entries(uploaded));

    await waitForProjections();
    const view = await http().get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${engineer}`).expect(200);
    expect(view.body.documents).toHaveLength(5);
    expect(view.body.documents.find((d: { kind: string }) => d.kind === 'TECHNICAL_REPORT')).toMatchObject({ sha256: uploaded.TECHNICAL_REPORT, name: '计量标准技术报告.pdf', kind: 'TECHNICAL_REPORT', purpose: 'APPLICATION' });
    expect(view.body.missingDocuments).toEqual(submitted.body.missingDocuments);

    for (const token of [secretariat, auditor, admin]) {
      const res = await download(token, uploaded.TECHNICAL_REPORT).expect(200);
      expect(sha256(res.body as Buffer)).toBe(uploaded.TECHNICAL_REPORT);
    }
  });

  it('refuses a reference to a document the institution did not upload with 422 naming it, recording nothing', async () => {
    const foreign = sha256('%PDF-1.7 a Shenzhen record');
    const before = await store.headPosition();
    const refused = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${engineer}`)
      .send({ kind: 'NEW', standard: { name: 'x', category: 'PUBLIC', measurand: 'pressure' }, documents: [uploaded.APPLICATION_FORM, foreign] })
      .expect(422);
    expect(refused.body).toMatchObject({ type: 'urn:metrology:problem:documents.unknown-reference', code: 'documents.unknown-reference' });
    expect(refused.body.detail).toContain(foreign);
    expect(refused.body.detail).not.toContain(uploaded.APPLICATION_FORM);
    expect(await store.headPosition()).toBe(before);
  });

  it('resubmits with the supplement the notice asked for; the case has nothing missing any more', async () => {
    await http()
      .post(`/api/v1/assessment-cases/${caseId}/supplement-requests`)
      .set('Authorization', `Bearer ${secretariat}`)
      .send({ missing: ['sample certificate (模拟出具的证书)', 'staff competence evidence (人员能力证明)'] })
      .expect(200);
    const sample = (await upload(engineer, '%PDF-1.7 sample certificate', '模拟证书.pdf', 'SAMPLE_CERTIFICATE').expect(201)).body.sha256;
    const staff = (await upload(engineer, 'JPEG staff certificates', 'staff.jpg', 'STAFF_COMPETENCE', 'image/jpeg').expect(201)).body.sha256;
    await http().post(`/api/v1/assessment-cases/${caseId}/resubmissions`).set('Authorization', `Bearer ${engineer}`).send({ documents: [sample, 'c'.repeat(64)] }).expect(422);
    const resubmitted = await http().post(`/api/v1/assessment-cases/${caseId}/resubmissions`).set('Authorization', `Bearer ${engineer}`).send({ documents: [sample, staff] }).expect(200);
    expect(resubmitted.body.recorded.map((r: { type: string }) => r.type)).toEqual([AssessmentEventTypes.ApplicationResubmitted, AssessmentEventTypes.DocumentsAttached]);
    await waitForProjections();
    const view = await http().get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${engineer}`).expect(200);
    expect(view.body.missingDocuments).toEqual([]);
    expect(view.body.documents.slice(-2).map((d: { kind: string; purpose: string }) => [d.kind, d.purpose])).toEqual([
      ['SAMPLE_CERTIFICATE', 'SUPPLEMENT'],
      ['STAFF_COMPETENCE', 'SUPPLEMENT'],
    ]);
    const staffFile = await download(engineer, staff).expect(200);
    expect(staffFile.headers['content-type']).toBe('image/jpeg');
  });

  it('downloads the bytes with their type, name (RFC 5987) and digest, verified', async () => {
    const res = await download(engineer, uploaded.TECHNICAL_REPORT).expect(200);
    expect((res.body as Buffer).toString()).toBe('%PDF-1.7 technical report of the sphygmomanometer standard');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="________.pdf"; filename*=UTF-8''${encodeURIComponent('计量标准技术报告.pdf')}`);
    const base64 = Buffer.from(uploaded.TECHNICAL_REPORT, 'hex').toString('base64');
    expect(res.headers['repr-digest']).toBe(`sha-256=:${base64}:`);
    expect(res.headers.digest).toBe(`sha-256=${base64}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Either case of hex addresses the same content.
    await download(engineer, uploaded.TECHNICAL_REPORT.toUpperCase()).expect(200);
  });

  it('answers 404 to another institution and to an expert not assigned; an assigned assessor reads the case’s documents', async () => {
    for (const token of [otherInstitution, bystander, assessor]) {
      const res = await download(token, uploaded.TECHNICAL_REPORT).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    await download(engineer, 'd'.repeat(64)).expect(404);
    await download(engineer, 'not-a-hash').expect(400);
    // Not attached to any case: even an assigned assessor does not read it.
    const unattached = (await upload(engineer, '%PDF-1.7 draft', 'draft.pdf', 'OTHER').expect(201)).body.sha256;

    await http().post(`/api/v1/assessment-cases/${caseId}/acceptance`).set('Authorization', `Bearer ${secretariat}`).expect(200);
    await http().post(`/api/v1/assessment-cases/${caseId}/assessors`).set('Authorization', `Bearer ${secretariat}`).send({ assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }).expect(200);
    await waitForProjections();
    expect(sha256((await download(assessor, uploaded.TECHNICAL_REPORT).expect(200)).body as Buffer)).toBe(uploaded.TECHNICAL_REPORT);
    await download(assessor, unattached).expect(404);
    await download(bystander, uploaded.TECHNICAL_REPORT).expect(404);
  });

  it('requires rectification evidence to be the institution’s uploads, and attaches it to the case', async () => {
    await http().post(`/api/v1/assessment-cases/${caseId}/evaluation`).set('Authorization', `Bearer ${secretariat}`).send({ mode: 'ON_SITE' }).expect(200);
    await http()
      .post(`/api/v1/assessment-cases/${caseId}/rectification-requests`)
      .set('Authorization', `Bearer ${assessor}`)
      .send({ nonconformities: [{ clause: 'JJF 1033-2023 4.2.3', finding: 'Stability records for 2025 are missing' }] })
      .expect(200);
    await http().post(`/api/v1/assessment-cases/${caseId}/rectifications`).set('Authorization', `Bearer ${engineer}`).send({ evidence: ['sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'] }).expect(400);
    await http().post(`/api/v1/assessment-cases/${caseId}/rectifications`).set('Authorization', `Bearer ${engineer}`).send({ evidence: ['e'.repeat(64)] }).expect(422);
    const evidence = (await upload(engineer, 'stability records 2025', 'stability-2025.csv', 'RECTIFICATION_EVIDENCE', 'text/csv').expect(201)).body.sha256;
    const fixed = await http().post(`/api/v1/assessment-cases/${caseId}/rectifications`).set('Authorization', `Bearer ${engineer}`).send({ evidence: [evidence] }).expect(200);
    expect(fixed.body.recorded.map((r: { type: string }) => r.type)).toEqual([AssessmentEventTypes.RectificationSubmitted, AssessmentEventTypes.DocumentsAttached]);
    const events = await store.readStream(assessmentStreamId(caseId));
    expect(events.at(-2)!.data).toMatchObject({ evidence: [evidence] });
    expect(events.at(-1)!.data).toMatchObject({ purpose: 'RECTIFICATION', documents: [{ sha256: evidence, kind: 'RECTIFICATION_EVIDENCE', name: 'stability-2025.csv' }] });
  });

  it('refuses a blob altered in the database with a document-integrity problem, serving none of it', async () => {
    const content = '%PDF-1.7 certificate of the standard instrument';
    const hash = (await upload(engineer, content, 'certificate.pdf', 'STANDARD_CERTIFICATES').expect(201)).body.sha256;
    await download(engineer, hash).expect(200);
    await sql.query('UPDATE document_blobs SET content = $2 WHERE sha256 = $1', [hash, Buffer.from(content.replace('standard', 'st4ndard'))]);
    const res = await http().get(`/api/v1/documents/${hash}`).set('Authorization', `Bearer ${engineer}`).set('Accept-Language', 'zh-CN');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: 'urn:metrology:problem:document-integrity', status: 500, code: 'document-integrity' });
    expect(res.body.detail).toContain('SHA-256');
    expect(res.text).not.toContain('st4ndard');
    await waitForProjections();
    const secretary = await download(secretariat, hash).expect(500);
    expect(secretary.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers bad uploads with a 4xx problem and records and stores nothing', async () => {
    const before = { events: await store.headPosition(), blobs: await blobCount() };
    const asEngineer = () => http().post('/api/v1/documents').set('Authorization', `Bearer ${engineer}`);
    const cases: [string, () => request.Test, number][] = [
      ['empty file', () => upload(engineer, '', 'empty.pdf', 'TECHNICAL_REPORT'), 400],
      ['no kind', () => asEngineer().attach('file', Buffer.from('x'), { filename: 'x.pdf', contentType: 'application/pdf' }), 400],
      ['unknown kind', () => upload(engineer, 'x', 'x.pdf', 'BIRTHDAY_CARD'), 400],
      ['kind twice', () => upload(engineer, 'x', 'x.pdf', 'OTHER').field('kind', 'TECHNICAL_REPORT'), 400],
      ['another field', () => upload(engineer, 'x', 'x.pdf', 'OTHER').field('caseId', 'abc'), 400],
      ['no file', () => asEngineer().field('kind', 'OTHER'), 400],
      ['file in another field', () => asEngineer().attach('document', Buffer.from('x'), { filename: 'x.pdf', contentType: 'application/pdf' }).field('kind', 'OTHER'), 400],
      ['two files', () => upload(engineer, 'x', 'x.pdf', 'OTHER').attach('file', Buffer.from('y'), { filename: 'y.pdf', contentType: 'application/pdf' }), 400],
      ['HTML file', () => upload(engineer, '<script>alert(1)</script>', 'x.html', 'OTHER', 'text/html'), 415],
      ['SVG file', () => upload(engineer, '<svg/>', 'x.svg', 'OTHER', 'image/svg+xml'), 415],
      ['JSON body', () => asEngineer().send({ kind: 'OTHER', file: 'eA==' }), 415],
      ['urlencoded body', () => asEngineer().type('form').send('kind=OTHER&file=x'), 415],
      ['no body', () => asEngineer(), 415],
      ['broken multipart', () => asEngineer().set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nOTHER'), 400],
      ['too large', () => upload(engineer, Buffer.alloc(MAX_BYTES + 1, 0x41), 'big.pdf', 'OTHER'), 413],
      ['no institution in the token', () => upload(tokenFor('institution', { sub: 'nobody' }), 'x', 'x.pdf', 'OTHER'), 400],
    ];
    const failures: string[] = [];
    for (const [label, send, status] of cases) {
      const res = await send();
      if (res.status !== status || !/^application\/problem\+json/.test(String(res.headers['content-type']))) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    await upload(secretariat, 'x', 'x.pdf', 'OTHER').expect(403);
    expect({ events: await store.headPosition(), blobs: await blobCount() }).toEqual(before);
    // The limit is inclusive: exactly DOCUMENT_MAX_BYTES is accepted.
    await upload(engineer, Buffer.alloc(MAX_BYTES, 0x42), 'limit.pdf', 'OTHER').expect(201);
  });
});
