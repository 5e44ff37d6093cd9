import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { usccCheckCharacter } from '../../src/identity/registry/domain/uscc.js';
import { BUILTIN_PLAN_TARGETS } from '../../src/plan/targets/plan-targets.js';
import type { Clock } from '../../src/shared/clock.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The plan's progress against a scripted set of cases, on PostgreSQL with the projections running
 * and a controllable clock: three approved cases (a new public standard in Yiwu, an upgraded one
 * in Lanxi, a new one in Hangzhou outside the city), a case whose decision went overdue, one
 * published specification drafted by the city institute, and one published comparison it piloted.
 * The period under test is a targets file for 2026 loaded from PLAN_TARGETS_DIR (the built-in
 * 2025 targets would count nothing recorded in 2026, which the default query shows too).
 */
describe('progress against the plan, over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let targetsDir: string;
  let now = new Date('2026-01-05T02:00:00Z');
  const clock: Clock = { now: () => now };
  const passDays = (days: number) => {
    now = new Date(now.getTime() + days * 86_400_000);
  };
  const chinaDay = (offsetDays = 0) => new Date(now.getTime() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const uscc = (first17: string) => first17 + usccCheckCharacter(first17);
  const CITY_LAB = uscc('12330700MB0000001');
  const YIWU = uscc('12330782MB0000002');
  const LANXI = uscc('12330781MB0000003');
  const HANGZHOU = uscc('12330100MB0000004');
  /** The assessor's employer, applicant in none of the cases. */
  const SHAOXING = uscc('12330600MB0000005');
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const assessor = tokenFor('expert', { sub: 'expert-li' });
  const drafter = tokenFor('expert', { sub: 'expert-zhao' });
  const institution: Record<string, string> = Object.fromEntries([CITY_LAB, YIWU, LANXI, HANGZHOU].map((i) => [i, tokenFor('institution', { sub: `engineer-${i}`, institutionId: i })]));
  const http = () => request(app.getHttpServer());
  const post = (path: string, token: string, body: object = {}) => http().post(path).set('Authorization', `Bearer ${token}`).send(body);
  const ok = async (pending: request.Test, expected?: string) => {
    const res = await pending;
    expect({ http: res.status, status: expected === undefined ? undefined : res.body.status, problem: res.status >= 400 ? res.body : undefined }).toEqual({ http: res.status < 300 ? res.status : 200, status: expected, problem: undefined });
    return res;
  };
  const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition());
  const progress = (query: string, token = auditor) => http().get(`/api/v1/plan/progress${query}`).set('Authorization', `Bearer ${token}`);

  /** Submission to a passed evaluation; returns the case id. */
  async function evaluatedCase(applicant: string, kind: 'NEW' | 'UPGRADE', name: string): Promise<string> {
    const submitted = await ok(post('/api/v1/assessment-cases', institution[applicant], { kind, standard: { name, category: 'PUBLIC', measurand: 'pressure' } }));
    const caseId = submitted.body.caseId as string;
    const step = (path: string, token: string, body: object = {}) => post(`/api/v1/assessment-cases/${caseId}/${path}`, token, body);
    await ok(step('acceptance', secretariat), 'ACCEPTED');
    await ok(step('assessors', secretariat, { assessors: [{ expertId: 'expert-li', discipline: 'pressure' }] }), 'ASSESSORS_ASSIGNED');
    await ok(step('evaluation', secretariat, { mode: 'ON_SITE' }), 'UNDER_EVALUATION');
    await ok(step('conclusions', assessor, { outcome: 'PASS', summary: 'Meets JJF 1033-2023' }), 'EVALUATED_PASS');
    return caseId;
  }
  async function approvedCase(applicant: string, kind: 'NEW' | 'UPGRADE', name: string, certificateNo: string): Promise<string> {
    const caseId = await evaluatedCase(applicant, kind, name);
    await ok(post(`/api/v1/assessment-cases/${caseId}/decisions`, secretariat, { decision: 'APPROVED', reasons: [], certificateNo }), 'APPROVED');
    return caseId;
  }

  beforeAll(async () => {
    targetsDir = mkdtempSync(join(tmpdir(), 'plan-targets-e2e-'));
    writeFileSync(join(targetsDir, 'jinhua-2026.json'), JSON.stringify({ ...BUILTIN_PLAN_TARGETS, period: '2026', from: '2026-01-01', until: '2026-12-31' }));
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'plan-progress-e2e', clock, roles: { projections: true, bridge: false }, config: { planTargetsDir: targetsDir } });
    const registry = (path: string, body: object) => ok(post(`/api/v1/registry${path}`, admin, body));
    for (const [code, name, division] of [
      [CITY_LAB, 'Jinhua Institute of Metrology', '330700'],
      [YIWU, 'Yiwu Institute of Metrology', '330782'],
      [LANXI, 'Lanxi Institute of Metrology', '330781'],
      [HANGZHOU, 'Hangzhou Institute of Metrology', '330100'],
      [SHAOXING, 'Shaoxing Institute of Metrology', '330600'],
    ]) {
      await registry('/institutions', { uscc: code, name, division, kind: 'LEGAL_METROLOGY_INSTITUTE' });
    }
    await registry('/experts', { expertId: 'expert-li', name: 'Li Na' });
    await registry('/experts/expert-li/qualifications', { discipline: 'pressure', certificateNumber: 'ZJ-expert-li', validFrom: '2024-01-01', validUntil: '2030-12-31' });
    await registry('/experts/expert-li/affiliations', { institutionId: SHAOXING, from: '2020-01-01' });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
    rmSync(targetsDir, { recursive: true, force: true });
  });

  let overdueCaseId = '';
  let yiwuCaseId = '';
  let lanxiCaseId = '';

  it('scripts the cases: two approved in two counties and one outside the city, a decision overdue, a specification and a comparison published', async () => {
    // A specification drafted by the city institute, from proposal to publication.
    const spec = (projectId: string, path: string, token: string, body: object = {}) => post(`/api/v1/specifications/${projectId}/${path}`, token, body);
    const proposed = await ok(post('/api/v1/specifications', institution[CITY_LAB], { title: '血压计校准规范', drafterInstitutionId: CITY_LAB }), 'PROPOSED');
    const projectId = proposed.body.projectId as string;
    await ok(spec(projectId, 'appraisal', secretariat, { expertIds: ['expert-wang'], conclusion: 'RECOMMENDED', opinion: '项目必要、可行。' }), 'EXPERT_APPRAISED');
    await ok(spec(projectId, 'public-notice', secretariat), 'PUBLIC_NOTICE');
    passDays(31);
    await ok(spec(projectId, 'plan', secretariat, { planYear: 2026 }), 'PLANNED');
    await ok(spec(projectId, 'drafting-group', secretariat, { leaderExpertId: 'expert-zhao', members: [{ expertId: 'expert-zhao', institutionId: CITY_LAB }] }), 'DRAFTING');
    await ok(spec(projectId, 'versions', drafter, { versionLabel: 'v1', sha256: 'a'.repeat(64), size: 1200, name: 'draft-v1.docx' }), 'DRAFTING');
    await ok(spec(projectId, 'consultation', secretariat, { versionLabel: 'v1', explanatoryNotes: '编制说明。' }), 'CONSULTATION');
    passDays(31);
    await ok(spec(projectId, 'comment-period-closure', secretariat), 'DISPOSITION');
    await ok(spec(projectId, 'review', secretariat, { meetingDate: chinaDay(30), reviewDraftVersion: 'v1' }), 'REVIEW_SCHEDULED');
    passDays(30);
    const committee = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5'];
    await ok(spec(projectId, 'meetings', secretariat, { members: committee, present: committee, invitedExperts: [], votes: committee.map((expertId) => ({ expertId, vote: 'YES' })) }), 'REVIEWED');
    await ok(spec(projectId, 'submission', secretariat), 'SUBMITTED_FOR_APPROVAL');
    await settled();
    await ok(spec(projectId, 'publication', secretariat, { number: 'JJF(浙) 1101-2026' }), 'PUBLISHED');

    // Assessment cases: Yiwu establishes, Lanxi upgrades, Hangzhou (outside the city) establishes; the city institute's decision goes overdue.
    yiwuCaseId = await approvedCase(YIWU, 'NEW', 'Sphygmomanometer verification standard', '[2026]浙量标金证字第001号');
    lanxiCaseId = await approvedCase(LANXI, 'UPGRADE', 'Pressure gauge verification standard', '[2026]浙量标金证字第002号');
    await approvedCase(HANGZHOU, 'NEW', 'Sphygmomanometer verification standard', '[2026]浙量标杭证字第003号');
    overdueCaseId = await evaluatedCase(CITY_LAB, 'NEW', 'Electrocardiograph verification standard');
    const [concluded] = await store.readStream(assessmentStreamId(overdueCaseId), { direction: 'backwards', maxCount: 1 });
    expect(concluded.type).toBe(AssessmentEventTypes.EvaluationConcluded);
    // The step the workflow's decision timer takes, sent through the same CommandBus 30 days on.
    await app.get(AssessmentCaseActivitiesService).recordDecisionOverdue({
      caseId: overdueCaseId,
      workflowId: `assessment-case-${overdueCaseId}`,
      asOf: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      correlationId: overdueCaseId,
      causationEventId: concluded.id,
    });

    // A comparison piloted by the city institute, with Yiwu and Lanxi, to publication.
    const proposal = await ok(post('/api/v1/comparisons', secretariat, { title: 'Provincial comparison of pressure gauges, 2026', measurand: 'pressure', pilotInstitutionId: CITY_LAB, participants: [YIWU, LANXI] }));
    const comparisonId = proposal.body.comparisonId as string;
    const cmp = (path: string, token: string, body: object = {}) => post(`/api/v1/comparisons/${comparisonId}/${path}`, token, body);
    await ok(cmp('approval', secretariat), 'APPROVED');
    const legs = [
      { participant: YIWU, dueDate: chinaDay(20) },
      { participant: LANXI, dueDate: chinaDay(40) },
    ];
    await ok(cmp('protocol', institution[CITY_LAB], { measurand: 'pressure', unit: 'kPa', transferStandard: { name: 'Digital pressure gauge', id: 'TS-P-01' }, scheme: 'RING', legs, referenceMethod: 'weighted-mean' }), 'PROTOCOL_DRAFTED');
    await ok(cmp('consultations', institution[YIWU], { agreed: true }), 'PROTOCOL_DRAFTED');
    await ok(cmp('consultations', institution[LANXI], { agreed: true }), 'PROTOCOL_AGREED');
    await ok(cmp('pre-test', institution[CITY_LAB], { stable: true, summary: 'Drift 0.01 kPa over four weeks' }), 'PRE_TESTED');
    await ok(cmp('circulation', institution[CITY_LAB]), 'CIRCULATING');
    const result = (lab: string, value: number) => cmp('results', institution[lab], { value, expandedUncertainty: 0.2, coverageFactor: 2, unit: 'kPa' });
    for (const [from, to, value] of [
      [CITY_LAB, YIWU, 0.05],
      [YIWU, LANXI, -0.04],
      [LANXI, CITY_LAB, 0.0],
    ] as const) {
      await ok(cmp('handovers', institution[from]));
      await ok(cmp('receipts', institution[to]));
      await ok(result(to, value));
    }
    await ok(cmp('draft-a', institution[CITY_LAB]), 'DRAFT_A');
    await ok(cmp('draft-b', institution[CITY_LAB], { summary: 'No comments on Draft A' }), 'DRAFT_B');
    await ok(cmp('report-approval', secretariat), 'REPORT_APPROVED');
    await ok(cmp('publication', secretariat), 'PUBLISHED');
    await settled();
  });

  it('answers each target with the actual the events give and the gap, and null where nothing is recorded', async () => {
    const report = (await progress('?jurisdiction=jinhua&period=2026').expect(200)).body;
    expect({ jurisdiction: report.jurisdiction, period: report.period, from: report.from, until: report.until, asOf: report.asOf }).toEqual({
      jurisdiction: 'jinhua',
      period: '2026',
      from: '2026-01-01',
      until: '2026-12-31',
      asOf: chinaDay(),
    });
    const rows = Object.fromEntries(report.rows.map((r: { id: string; target: number; actual: number | null; gap: number | null; breakdown?: object }) => [r.id, [r.target, r.actual, r.gap, r.breakdown]]));
    expect(rows).toEqual({
      'specifications-drafted-or-revised': [10, 1, 9, { drafted: 1, revised: 0 }],
      'provincial-comparisons-led': [2, 1, 1, { [CITY_LAB]: 1 }],
      'standard-devices-developed': [2, null, null, undefined],
      'public-standards-established-or-upgraded': [55, 2, 53, { established: 1, upgraded: 1 }],
      'high-level-standards': [10, null, null, undefined],
      'provincial-industrial-test-centres': [1, null, null, undefined],
      'registered-metrologists': [110, null, null, undefined],
      'compulsory-verification-coverage': [100, null, null, undefined],
      'county-basic-standards': [54, 2, 52, { 'utility-meters': 0, 'non-automatic-weighing': 0, 'blood-pressure-meters': 1, 'patient-monitors': 0, 'ophthalmic-instruments': 0, 'pressure-gauges': 1 }],
    });
    expect(report.rows.find((r: { id: string }) => r.id === 'registered-metrologists').source).toBe('not recorded by this system');
    expect(report.standardsByCountyAndCategory).toEqual([
      { division: '330781', county: { en: 'Lanxi', 'zh-CN': '兰溪市' }, category: 'PUBLIC', established: 0, upgraded: 1 },
      { division: '330782', county: { en: 'Yiwu', 'zh-CN': '义乌市' }, category: 'PUBLIC', established: 1, upgraded: 0 },
    ]);
    expect(report.overdueSteps).toEqual([
      { step: 'ASSESSMENT_DECISION', party: 'AUTHORITY', count: 1, items: [{ subjectId: overdueCaseId, institutionId: CITY_LAB, dueAt: expect.any(String), recordedOn: expect.any(String) }] },
    ]);
    expect(report.expiringCertificates).toEqual([]);
    expect(report.unattributed).toEqual({ standards: 0, specifications: 0, comparisons: 0 });

    // Without a query: the seed plan's 2025 targets, which nothing recorded in 2026 counts towards.
    const seed = (await progress('').expect(200)).body;
    expect([seed.period, seed.rows.find((r: { id: string }) => r.id === 'public-standards-established-or-upgraded')]).toEqual(['2025', expect.objectContaining({ target: 55, actual: 0, gap: 55 })]);
  });

  it('lists the certificates expiring in the next 6 months, as of today', async () => {
    const saved = now;
    try {
      const validUntil = (await http().get(`/api/v1/standards/${yiwuCaseId}`).set('Authorization', `Bearer ${auditor}`).expect(200)).body.validUntil as string;
      now = new Date(Date.parse(`${validUntil}T00:00:00+08:00`) - 60 * 86_400_000);
      const report = (await progress('?period=2026').expect(200)).body;
      expect(report.expiringCertificates.map((c: { standardId: string; division: string; certificateNo: string }) => [c.standardId, c.division, c.certificateNo]).sort()).toEqual(
        [
          [yiwuCaseId, '330782', '[2026]浙量标金证字第001号'],
          [lanxiCaseId, '330781', '[2026]浙量标金证字第002号'],
        ].sort(),
      );
    } finally {
      now = saved;
    }
  });

  it('answers the same rows as CSV, UTF-8 with a BOM and zh-CN headings', async () => {
    const res = await progress('.csv?period=2026')
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('指标,目标值,实际值,差距,数据来源');
    expect(lines.slice(1, -1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '制修订地方技术规范（项）,10,1,9',
      '主导省级计量比对（次）,2,1,1',
      '研发计量标准装置（台套）,2,,',
      '建立、提升改造社会公用计量标准（项）,55,2,53',
      '建立高能级计量标准（项）,10,,',
      '建成省级产业计量测试中心（家）,1,,',
      '注册计量师执业人数（名）,110,,',
      '强检计量器具检定覆盖率（%）,100,,',
      '县级计量技术机构基础性社会公用计量标准（县 × 器具类别）（项）,54,2,52',
    ]);
  });

  it('refuses an unknown jurisdiction or period with 404, a malformed one with 400, and other roles with 403', async () => {
    const unknown = await progress('?jurisdiction=hangzhou&period=2026').expect(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.body.detail).toContain('hangzhou');
    await progress('?period=2099').expect(404);
    const malformed = await progress('?jurisdiction=Jin%20Hua&extra=1').expect(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'jurisdiction']);
    await progress('.csv?period=2099').expect(404);
    await progress('', institution[CITY_LAB]).expect(403);
    await progress('', assessor).expect(403);
    await progress('', secretariat).expect(200);
  });
});
