import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { foldCase } from '../../src/audit/case-history.js';
import { comparisonStreamId } from '../../src/comparisons/domain/comparison.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import type { Clock } from '../../src/shared/clock.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { certificateStreamId } from '../../src/standards/domain/certificate.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The auditor's view of a case, over HTTP on PostgreSQL: one case of each process built through the
 * API, its history (actors, roles, policy versions, limits kept, missed and open), its state replayed
 * to a moment and the difference between two, the evidence export checked by the standalone verifier,
 * and, after the record is altered directly in the database (an event changed, a middle event
 * deleted, a tail deleted after an anchor), a case verification that names the broken link.
 */
describe('case history, replay, verification and evidence of a case (PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let now = new Date('2026-03-02T02:00:00Z');
  const clock: Clock = { now: () => now };
  const passDays = (days: number) => {
    now = new Date(now.getTime() + days * 86_400_000);
  };
  const dir = mkdtempSync(join(tmpdir(), 'metrology-case-history-'));
  const applicant = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const elsewhere = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const engineer = tokenFor('institution', { sub: 'engineer-1', institutionId: applicant.uscc });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const PILOT = '91330000MA2PILOT01';
  const [A, B] = ['91330106MA2LABA001', '91330203MA2LABB002'];
  const lab: Record<string, string> = Object.fromEntries([PILOT, A, B].map((inst) => [inst, tokenFor('institution', { sub: `engineer-${inst}`, institutionId: inst })]));
  const proposer = tokenFor('institution', { sub: 'engineer-proposer', institutionId: '91330100MA2PROP001' });
  const ids = { assessment: '', comparison: '', specification: '', standard: '' };

  const http = () => request(app.getHttpServer());
  const pause = () => new Promise((resolve) => setTimeout(resolve, 15)); // distinct recordedAt between steps
  const post = async (path: string, token: string, body: object = {}, status = 200) => {
    const res = await http().post(path).set('Authorization', `Bearer ${token}`).send(body);
    expect({ path, status: res.status, problem: res.status >= 400 ? res.body : undefined }).toEqual({ path, status, problem: undefined });
    await pause();
    return res;
  };
  const audit = (kind: string, id: string, route: string, token = auditor) => http().get(`/api/v1/audit/cases/${kind}/${id}/${route}`).set('Authorization', `Bearer ${token}`);
  const text = (req: request.Test) =>
    req.buffer(true).parse((res, done) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done(null, body));
    });
  const verifier = async (content: string, name: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [join(process.cwd(), 'scripts', 'verify-evidence.mjs'), file], (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout })),
    );
  };
  const tamper = async (sql: string, params: unknown[]) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'case-history-e2e', clock, roles: { projections: true, bridge: false } });
    await post('/api/v1/registry/institutions', admin, applicant, 201);
    await post('/api/v1/registry/institutions', admin, elsewhere, 201);
    await post('/api/v1/registry/experts', admin, { expertId: 'expert-li', name: 'Li Na' }, 201);
    await post('/api/v1/registry/experts/expert-li/qualifications', admin, { discipline: 'pressure', certificateNumber: 'ZJ-expert-li', validFrom: '2024-01-01', validUntil: '2030-12-31' }, 201);
    await post('/api/v1/registry/experts/expert-li/affiliations', admin, { institutionId: elsewhere.uscc, from: '2020-01-01' }, 201);
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds an assessment case, a comparison and a specification project through the API', async () => {
    // A specification project: proposal to the plan (the public notice runs a month first).
    const proposed = await post('/api/v1/specifications', proposer, { title: '电子天平校准规范', drafterInstitutionId: '91330106MA2DRAF002' }, 201);
    ids.specification = proposed.body.projectId;
    const spec = (path: string, body: object = {}) => post(`/api/v1/specifications/${ids.specification}/${path}`, secretariat, body);
    await spec('appraisal', { expertIds: ['expert-wang', 'expert-li'], conclusion: 'RECOMMENDED', opinion: '项目必要、可行。' });
    await spec('public-notice');
    passDays(31);
    await spec('plan', { planYear: 2026 });

    // An assessment case: submitted, accepted at once, assessors, on-site evaluation, a rectification request.
    now = new Date('2026-06-01T02:00:00Z');
    const submitted = await post('/api/v1/assessment-cases', engineer, { kind: 'NEW', standard: { name: 'Sphygmomanometer verification standard', category: 'PUBLIC', measurand: 'pressure' } }, 201);
    ids.assessment = submitted.body.caseId;
    const step = (path: string, token: string, body: object = {}) => post(`/api/v1/assessment-cases/${ids.assessment}/${path}`, token, body);
    await step('acceptance', secretariat);
    await step('assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] });
    await step('evaluation', secretariat, { mode: 'ON_SITE' });
    await step('rectification-requests', assessor, { nonconformities: [{ clause: 'JJF 1033-2023 4.2.3', finding: 'Stability records for 2025 are missing' }] });

    // A second case approved with a certificate: a standard of the registry.
    const form = await http()
      .post('/api/v1/documents')
      .set('Authorization', `Bearer ${engineer}`)
      .attach('file', Buffer.from('application form'), { filename: 'application.pdf', contentType: 'application/pdf' })
      .field('kind', 'APPLICATION_FORM')
      .expect(201);
    const approved = await post(
      '/api/v1/assessment-cases',
      engineer,
      { kind: 'NEW', standard: { name: 'Pressure gauge calibration standard', category: 'PUBLIC', measurand: 'pressure' }, documents: [form.body.sha256] },
      201,
    );
    ids.standard = approved.body.caseId;
    const other = (path: string, token: string, body: object = {}) => post(`/api/v1/assessment-cases/${ids.standard}/${path}`, token, body);
    await other('acceptance', secretariat);
    await other('assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] });
    await other('evaluation', secretariat, { mode: 'ON_SITE' });
    await other('conclusions', assessor, { outcome: 'PASS', summary: 'Meets JJF 1033-2023' });
    await other('decisions', secretariat, { decision: 'APPROVED', reasons: [], certificateNo: '[2026]闽量标榕证字第002号' });

    // A comparison of the pilot and two labs: A hands the transfer standard on late, B in time.
    now = new Date('2027-01-04T02:00:00Z');
    const comparison = await post('/api/v1/comparisons', secretariat, { title: 'Comparison of 1 kg weights, 2027', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B] }, 201);
    ids.comparison = comparison.body.comparisonId;
    const cmp = (path: string, token: string, body: object = {}) => post(`/api/v1/comparisons/${ids.comparison}/${path}`, token, body);
    const legs = [
      { participant: A, dueDate: '2027-02-01' },
      { participant: B, dueDate: '2027-03-01' },
    ];
    await cmp('approval', secretariat);
    await cmp('protocol', lab[PILOT], { measurand: 'mass', unit: 'mg', transferStandard: { name: '1 kg weight', id: 'TS-M-0042' }, scheme: 'RING', legs, referenceMethod: 'weighted-mean' });
    await cmp('consultations', lab[A], { agreed: true });
    await cmp('consultations', lab[B], { agreed: true });
    await cmp('pre-test', lab[PILOT], { stable: true, summary: 'Drift 0.01 mg over four weeks' });
    await cmp('circulation', lab[PILOT]);
    await cmp('handovers', lab[PILOT]);
    await cmp('receipts', lab[A]);
    now = new Date('2027-02-10T02:00:00Z');
    await cmp('handovers', lab[A]);
    await cmp('receipts', lab[B]);
    await cmp('handovers', lab[B]);
  });

  it("answers an assessment case's history: actors, roles, policy and calendar versions, limits kept, open and overdue", async () => {
    now = new Date('2026-06-02T02:00:00Z');
    const res = await audit('assessment', ids.assessment, 'history').expect(200);
    const history = res.body;
    const events = await store.readStream(assessmentStreamId(ids.assessment));
    expect(history.case).toEqual({ kind: 'assessment', id: ids.assessment });
    expect(history.streams).toEqual([assessmentStreamId(ids.assessment), certificateStreamId(ids.assessment)]);
    expect(history.events.map((e: { type: string; actor: object }) => [e.type.replace('standards.assessment.', ''), e.actor])).toEqual([
      ['application-submitted', { id: 'engineer-1', role: 'institution', institutionId: applicant.uscc }],
      ['application-accepted', { id: 'officer-1', role: 'secretariat' }],
      ['assessors-assigned', { id: 'officer-1', role: 'secretariat' }],
      ['evaluation-started', { id: 'officer-1', role: 'secretariat' }],
      ['rectification-requested', { id: 'expert-li', role: 'expert' }],
    ]);
    const [first] = history.events;
    expect(first).toMatchObject({
      streamId: assessmentStreamId(ids.assessment),
      revision: 0,
      globalPosition: events[0].globalPosition,
      hash: events[0].hash,
      recordedAt: events[0].recordedAt,
      correlationId: events[0].metadata.correlationId,
      requestId: expect.any(String),
      policyVersion: expect.any(String),
      calendarVersion: expect.any(String),
    });
    expect(first.policyVersion).toBe(events[0].metadata.policyVersion);
    expect(history.deadlines.map((d: { step: string; status: string }) => [d.step, d.status])).toEqual([
      ['ACCEPTANCE', 'KEPT'],
      ['RECTIFICATION', 'OPEN'],
    ]);
    expect(history.deadlines[1]).toMatchObject({ kind: 'LIMIT', rule: { workingDays: expect.any(Number), calendar: expect.any(String), policyVersion: first.policyVersion } });

    // Two months on, the unanswered rectification limit is overdue.
    now = new Date('2026-08-03T02:00:00Z');
    const later = (await audit('assessment', ids.assessment, 'history', secretariat).expect(200)).body;
    expect(later.deadlines.map((d: { status: string }) => d.status)).toEqual(['KEPT', 'OVERDUE']);
  });

  it("answers a comparison's and a specification's history with their limits: a leg missed, a leg kept, a notice period respected, the plan's limit open", async () => {
    now = new Date('2027-02-11T02:00:00Z');
    const comparison = (await audit('comparison', ids.comparison, 'history').expect(200)).body;
    expect(comparison.events[0]).toMatchObject({ type: 'comparisons.comparison.proposed', actor: { id: 'officer-1', role: 'secretariat' } });
    expect(comparison.events.find((e: { type: string }) => e.type === 'comparisons.comparison.protocol-drafted').actor).toEqual({ id: `engineer-${PILOT}`, role: 'institution', institutionId: PILOT });
    expect(comparison.deadlines.map((d: { step: string; status: string }) => [d.step, d.status])).toEqual([
      [`LEG:${A}`, 'MISSED'],
      [`LEG:${B}`, 'KEPT'],
    ]);
    expect(comparison.deadlines[0]).toMatchObject({ dueAt: '2027-02-01T16:00:00.000Z', closedBy: { type: 'comparisons.comparison.transfer-standard-handed-over' } });

    const specification = (await audit('specification', ids.specification, 'history').expect(200)).body;
    expect(specification.events.map((e: { actor: { role: string } }) => e.actor.role)).toEqual(['institution', 'secretariat', 'secretariat', 'secretariat']);
    expect(specification.events.every((e: { policyVersion?: string }) => typeof e.policyVersion === 'string')).toBe(true);
    expect(specification.deadlines.map((d: { step: string; kind: string; status: string }) => [d.step, d.kind, d.status])).toEqual([
      ['PUBLIC_NOTICE', 'MINIMUM', 'KEPT'],
      ['COMPLETION', 'LIMIT', 'OPEN'],
    ]);
  });

  it('replays a case to a moment between two steps, and lists what changed between two moments', async () => {
    const events = await store.readStream(assessmentStreamId(ids.assessment));
    const accepted = events[1];
    const res = await audit('assessment', ids.assessment, `state?at=${encodeURIComponent(accepted.recordedAt)}`).expect(200);
    const upTo = (at: string) => events.filter((e: RecordedEvent) => Date.parse(e.recordedAt) <= Date.parse(at));
    expect(res.body).toMatchObject({ at: accepted.recordedAt, eventsApplied: 2, lastEvent: { type: accepted.type, revision: 1, hash: accepted.hash } });
    expect(res.body.state).toEqual(JSON.parse(JSON.stringify(foldCase('assessment', upTo(accepted.recordedAt)))));
    expect(res.body.state.case.status).toBe('ACCEPTED');

    // Before anything was recorded: the initial state and no event.
    const before = (await audit('assessment', ids.assessment, 'state?at=2000-01-01T00:00:00Z').expect(200)).body;
    expect(before).toMatchObject({ eventsApplied: 0, lastEvent: null, state: { case: { status: 'NONE' } } });

    const diff = await audit('assessment', ids.assessment, `state-diff?from=${encodeURIComponent(events[0].recordedAt)}&to=${encodeURIComponent(events[3].recordedAt)}`).expect(200);
    expect(diff.body.from.state.case.status).toBe('SUBMITTED');
    expect(diff.body.to.state.case.status).toBe('UNDER_EVALUATION');
    expect(diff.body.changes).toEqual(expect.arrayContaining([{ path: 'case.status', before: 'SUBMITTED', after: 'UNDER_EVALUATION' }]));
    // A value that appears is one change, however deep it is.
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        { path: 'case.evaluationMode', after: 'ON_SITE' },
        { path: 'case.assessors', after: [expect.objectContaining({ expertId: 'expert-li', discipline: 'pressure' })] },
      ]),
    );

    const comparisonEvents = await store.readStream(comparisonStreamId(ids.comparison));
    const circulating = comparisonEvents.find((e) => e.type === 'comparisons.comparison.circulation-started')!;
    const atCirculation = (await audit('comparison', ids.comparison, `state?at=${encodeURIComponent(circulating.recordedAt)}`).expect(200)).body;
    expect(atCirculation.state.status).toBe('CIRCULATING');
    expect(atCirculation.lastEvent.type).toBe('comparisons.comparison.circulation-started');
  });

  it("answers a standard's history and state: its certificate lineage, with the decision limit kept", async () => {
    const history = (await audit('standard', ids.standard, 'history').expect(200)).body;
    expect(history.streams).toEqual([assessmentStreamId(ids.standard), certificateStreamId(ids.standard)]);
    expect(history.events.at(-1)).toMatchObject({ type: 'standards.assessment.case-decided', actor: { id: 'officer-1', role: 'secretariat' } });
    // The upload of the document the application attached, from the institution's document stream.
    expect(history.documentUploads).toEqual([expect.objectContaining({ type: 'documents.document-uploaded', actor: { id: 'engineer-1', role: 'institution', institutionId: applicant.uscc } })]);
    expect(history.deadlines.map((d: { step: string; status: string }) => [d.step, d.status])).toEqual([
      ['ACCEPTANCE', 'KEPT'],
      ['DECISION', 'KEPT'],
    ]);
    const state = (await audit('standard', ids.standard, `state?at=${encodeURIComponent(new Date().toISOString())}`).expect(200)).body;
    expect(state.state.currentCertificate).toMatchObject({ status: 'VALID', certificateNo: '[2026]闽量标榕证字第002号', caseId: ids.standard });
    expect(state.state.cases).toHaveLength(1);
  });

  it('refuses an unknown kind (400), a malformed id or instant (400), an unknown case (404), and other roles (403), with problem details', async () => {
    const problem = async (req: request.Test, status: number) => {
      const res = await req;
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: expect.stringContaining('application/problem+json') });
      return res.body;
    };
    expect((await problem(audit('dossier', ids.assessment, 'history'), 400)).detail).toContain('assessment, comparison, specification, standard');
    await problem(audit('assessment', 'not-a-uuid', 'history'), 400);
    await problem(audit('assessment', '7d3c1a00-0000-4000-8000-000000000000', 'history'), 404);
    await problem(audit('comparison', ids.assessment, 'verify'), 404);
    // A case with no certificate is no standard of the registry.
    await problem(audit('standard', ids.assessment, 'history'), 404);
    for (const bad of ['yesterday', '2026-13-40T00:00:00Z', '2026-03-02T10:00:00', '']) {
      const body = await problem(audit('assessment', ids.assessment, `state?at=${encodeURIComponent(bad)}`), 400);
      expect(body.errors.map((e: { field: string }) => e.field)).toContain('at');
    }
    await problem(audit('assessment', ids.assessment, 'state'), 400);
    await problem(audit('assessment', ids.assessment, 'state-diff?from=2026-03-02T10:00:00Z'), 400);
    await problem(audit('assessment', ids.assessment, 'history', engineer), 403);
    await problem(audit('assessment', ids.assessment, 'export', admin), 403);
    await http().get(`/api/v1/audit/cases/assessment/${ids.assessment}/history`).expect(401);
  });

  it('exports the case as CSV for people: BOM, bilingual headings, one row per event', async () => {
    const res = await text(audit('comparison', ids.comparison, 'export.csv')).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const csv = res.body as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = csv.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe('time 时间,stream 事件流,revision 版本号,type 事件类型,actor 操作人,role 角色,institution 单位,policy 政策版本,hash 哈希');
    const events = await store.readStream(comparisonStreamId(ids.comparison));
    expect(rows).toHaveLength(events.length + 1);
    expect(rows[1]).toBe([events[0].recordedAt, events[0].streamId, '0', events[0].type, 'officer-1', 'secretariat', '', events[0].metadata.policyVersion ?? '', events[0].hash].join(','));
  });

  it('exports each case as JSON lines with its anchors, which the standalone verifier accepts; a section removed is noticed', async () => {
    await post('/api/v1/integrity/anchors', secretariat, {}, 201);
    for (const kind of ['assessment', 'comparison', 'specification'] as const) {
      const res = await text(audit(kind, ids[kind], 'export')).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = (res.body as string).trimEnd().split('\n').map((l) => JSON.parse(l));
      expect(lines[0]).toMatchObject({ format: 'metrology-case-evidence/1', case: { kind, id: ids[kind] } });
      expect(lines.filter((l) => 'anchor' in l).length).toBeGreaterThanOrEqual(1);
      const result = await verifier(res.body, `${kind}.jsonl`);
      expect(result.stdout).toMatch(/^OK: \d+ events verified in 1 stream, 1 anchor checked/);
      expect(result.code).toBe(0);
    }
    // The header names the streams: a file with a section cut out does not pass.
    const full = (await text(audit('assessment', ids.assessment, 'export')).expect(200)).body as string;
    const [header, ...rest] = full.trimEnd().split('\n');
    const forged = JSON.stringify({ ...JSON.parse(header), streams: [...JSON.parse(header).streams, certificateStreamId(ids.assessment)] });
    const cut = await verifier([forged, ...rest].join('\n'), 'cut.jsonl');
    expect(cut).toEqual({ code: 1, stdout: expect.stringMatching(/^BROKEN: .*section is missing/) });
  });

  it('verifies each case; after the record is altered in the database, names the first broken link, and the export no longer verifies', async () => {
    for (const kind of ['assessment', 'comparison', 'specification'] as const) {
      expect((await audit(kind, ids[kind], 'verify').expect(200)).body).toMatchObject({ ok: true, case: { kind, id: ids[kind] }, anchorsChecked: 1 });
    }
    const assessmentEvents = await store.readStream(assessmentStreamId(ids.assessment));
    const comparisonEvents = await store.readStream(comparisonStreamId(ids.comparison));
    const specificationStream = `specification-${ids.specification}`;
    const specificationEvents = await store.readStream(specificationStream);

    // An event's data changed; a middle event deleted; the tail deleted after the anchor recorded it.
    await tamper(`UPDATE events SET data = replace(data, 'ON_SITE', 'DOCUMENT_REVIEW') WHERE stream_id = $1 AND revision = 3`, [assessmentStreamId(ids.assessment)]);
    await tamper('DELETE FROM events WHERE stream_id = $1 AND revision = 4', [comparisonStreamId(ids.comparison)]);
    await tamper('DELETE FROM events WHERE stream_id = $1 AND revision = $2', [specificationStream, specificationEvents.length - 1]);

    const altered = (await audit('assessment', ids.assessment, 'verify', secretariat).expect(200)).body;
    expect(altered).toMatchObject({
      ok: false,
      firstBroken: { kind: 'hash-mismatch', streamId: assessmentStreamId(ids.assessment), revision: 3, globalPosition: assessmentEvents[3].globalPosition },
      streams: [{ streamId: assessmentStreamId(ids.assessment), ok: false }, { streamId: certificateStreamId(ids.assessment), ok: true }],
    });
    const gap = (await audit('comparison', ids.comparison, 'verify').expect(200)).body;
    expect(gap).toMatchObject({ ok: false, firstBroken: { kind: 'revision-gap', streamId: comparisonStreamId(ids.comparison), revision: 5, globalPosition: comparisonEvents[5].globalPosition } });
    const truncated = (await audit('specification', ids.specification, 'verify').expect(200)).body;
    expect(truncated).toMatchObject({ ok: false, firstBroken: { kind: 'anchored-event-missing', streamId: specificationStream, revision: specificationEvents.length - 1, anchorSeq: 1 } });

    const assessmentExport = (await text(audit('assessment', ids.assessment, 'export')).expect(200)).body as string;
    expect(await verifier(assessmentExport, 'altered.jsonl')).toEqual({
      code: 1,
      stdout: expect.stringContaining(`BROKEN in stream "${assessmentStreamId(ids.assessment)}" at revision 3`),
    });
    const comparisonExport = (await text(audit('comparison', ids.comparison, 'export')).expect(200)).body as string;
    expect(await verifier(comparisonExport, 'gap.jsonl')).toEqual({ code: 1, stdout: expect.stringContaining('expected revision 4: an event is missing') });
    const specificationExport = (await text(audit('specification', ids.specification, 'export')).expect(200)).body as string;
    expect(await verifier(specificationExport, 'truncated.jsonl')).toEqual({ code: 1, stdout: expect.stringContaining("which is missing: the stream's tail was deleted") });
  });
});
