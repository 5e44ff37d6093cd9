import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import type { Clock } from '../../src/shared/clock.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * A local technical specification project driven through HTTP on PostgreSQL with a controllable
 * clock, from the proposal to publication: public notice and comment periods passed, an open
 * comment blocking the review, one review meeting without quorum and a second that passes, the
 * comment table as CSV, and a second project refused the first one's number.
 */
describe('a specification project from proposal to publication, over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let now = new Date('2026-03-02T02:00:00Z');
  const clock: Clock = { now: () => now };
  const passDays = (days: number) => {
    now = new Date(now.getTime() + days * 86_400_000);
  };
  const chinaDay = (offsetDays = 0) => new Date(now.getTime() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const PROPOSER = '91330100MA2PROP001';
  const DRAFTER = '91330106MA2DRAF002';
  const COMMENTER = '91330203MA2COMM003';
  const proposer = tokenFor('institution', { sub: 'engineer-proposer', institutionId: PROPOSER });
  const commenter = tokenFor('institution', { sub: 'engineer-commenter', institutionId: COMMENTER });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const drafter = tokenFor('expert', { sub: 'expert-zhao' });
  const auditor = tokenFor('auditor', { sub: 'auditor-1' });
  const http = () => request(app.getHttpServer());
  const step = (projectId: string, path: string, who: string, body: object = {}) =>
    http().post(`/api/v1/specifications/${projectId}/${path}`).set('Authorization', `Bearer ${who}`).send(body);
  const get = (path: string, who = auditor) => http().get(`/api/v1/specifications${path}`).set('Authorization', `Bearer ${who}`);
  const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:specifications');
  const expectRefusal = (response: request.Response, status: number, code: string) => {
    expect({ status: response.status, code: response.body.code, type: response.headers['content-type'] }).toEqual({ status, code, type: expect.stringContaining('application/problem+json') });
  };
  const expectStatus = async (pending: request.Test, status: string) => {
    const res = await pending;
    expect({ http: res.status, status: res.body.status, problem: res.status >= 400 ? res.body : undefined }).toEqual({ http: 200, status, problem: undefined });
    return res;
  };
  const sha = (c: string) => c.repeat(64);
  const V1_TEXT = '1 范围\n本规范适用于电子天平的校准。\n2 引用文件\nJJG 1036\n3 术语\n4 概述\n5 计量特性\n5.1 重复性\n5.2 示值误差：3 个校准点\n6 校准条件\n';
  const V2_TEXT = V1_TEXT.replace('5.2 示值误差：3 个校准点', '5.2 示值误差：5 个校准点，含最大秤量');
  /** Uploads a draft's text through the document store, as the drafting institution; returns what a version records. */
  const upload = async (text: string, name: string) => {
    const res = await http().post('/api/v1/documents').set('Authorization', `Bearer ${proposer}`).attach('file', Buffer.from(text), { filename: name, contentType: 'text/plain' }).field('kind', 'OTHER');
    expect([200, 201]).toContain(res.status);
    return { sha256: res.body.sha256 as string, size: res.body.size as number, name };
  };
  const committee = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6'];

  /** Proposal to the consultation draft; returns the project id. */
  async function toConsultation(title: string): Promise<string> {
    const proposed = await http().post('/api/v1/specifications').set('Authorization', `Bearer ${proposer}`).send({ title, drafterInstitutionId: DRAFTER }).expect(201);
    const projectId: string = proposed.body.projectId;
    expect(proposed.headers.location).toBe(`/api/v1/specifications/${projectId}`);
    expect(proposed.body.status).toBe('PROPOSED');
    await expectStatus(step(projectId, 'appraisal', secretariat, { expertIds: ['expert-wang', 'expert-li'], conclusion: 'RECOMMENDED', opinion: '项目必要、可行。' }), 'EXPERT_APPRAISED');
    await expectStatus(step(projectId, 'public-notice', secretariat, {}), 'PUBLIC_NOTICE');
    expectRefusal(await step(projectId, 'plan', secretariat, { planYear: 2026 }), 409, 'specification.public-notice-not-ended');
    passDays(31);
    await expectStatus(step(projectId, 'plan', secretariat, { planYear: 2026 }), 'PLANNED');
    await expectStatus(
      step(projectId, 'drafting-group', secretariat, { leaderExpertId: 'expert-zhao', members: [{ expertId: 'expert-zhao', institutionId: DRAFTER }, { expertId: 'member-6', institutionId: DRAFTER }] }),
      'DRAFTING',
    );
    const v1 = await upload(V1_TEXT, 'draft-v1.txt');
    await step(projectId, 'versions', secretariat, { versionLabel: 'v1', ...v1 }).expect(403);
    expectRefusal(await step(projectId, 'versions', tokenFor('expert', { sub: 'expert-qian' }), { versionLabel: 'v1', ...v1 }), 409, 'specification.not-in-drafting-group');
    await expectStatus(step(projectId, 'versions', drafter, { versionLabel: 'v1', ...v1 }), 'DRAFTING');
    await expectStatus(step(projectId, 'consultation', secretariat, { versionLabel: 'v1', explanatoryNotes: '编制说明：参照国家规程编写。' }), 'CONSULTATION');
    return projectId;
  }

  /** Schedules a review 30 days on and holds it on that day with the given attendance and votes. */
  async function review(projectId: string, version: string, present: string[], votes: object[], expected: string) {
    await expectStatus(step(projectId, 'review', secretariat, { meetingDate: chinaDay(30), reviewDraftVersion: version }), 'REVIEW_SCHEDULED');
    passDays(30);
    return expectStatus(step(projectId, 'meetings', secretariat, { members: committee, present, invitedExperts: ['guest-1'], votes }), expected);
  }

  /** Three yes and one dissent: passes when four members may vote (the drafter and a conflicted member recused). */
  const passingVotes = [
    { expertId: 'member-1', vote: 'YES' },
    { expertId: 'member-2', vote: 'YES' },
    { expertId: 'member-3', vote: 'YES' },
    { expertId: 'member-4', vote: 'NO', reasons: ['5.2 的校准点过多，增加负担。'] },
  ];

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'specification-project-e2e', clock, roles: { projections: true, bridge: false } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  let firstId = '';

  it('takes a project from proposal to publication, with a failed review meeting and one that passes', async () => {
    const projectId = await toConsultation('电子天平校准规范');
    firstId = projectId;

    // Comments: one from an institution, one the secretariat enters for the public.
    const fromInstitution = await step(projectId, 'comments', commenter, { clause: '5.2', text: '建议将校准点增加至 5 个, 并注明 "最大秤量"。' }).expect(200);
    const fromPublic = await step(projectId, 'comments', secretariat, { clause: '3.1', text: '术语定义不清。', commenterName: '张三' }).expect(200);
    const [c1, c2] = [fromInstitution.body.commentId as string, fromPublic.body.commentId as string];
    expectRefusal(await step(projectId, 'comment-period-closure', secretariat), 409, 'specification.comment-period-open');
    passDays(31);
    expectRefusal(await step(projectId, 'comments', commenter, { clause: '6', text: '太迟了。' }), 409, 'specification.comment-period-ended');
    await expectStatus(step(projectId, 'comment-period-closure', secretariat), 'DISPOSITION');

    // An open comment blocks the review.
    await expectStatus(step(projectId, `comments/${c1}/disposition`, drafter, { disposition: 'ADOPTED', reasons: ['已在 5.2 中增加校准点。'] }), 'DISPOSITION');
    expectRefusal(await step(projectId, 'review', secretariat, { meetingDate: chinaDay(30), reviewDraftVersion: 'v1' }), 409, 'specification.comments-open');
    await expectStatus(step(projectId, `comments/${c2}/disposition`, drafter, { disposition: 'NOT_ADOPTED', reasons: ['定义引自 JJF 1001。'] }), 'DISPOSITION');
    await expectStatus(step(projectId, 'versions', drafter, { versionLabel: 'v2', ...(await upload(V2_TEXT, 'draft-v2.txt')) }), 'DISPOSITION');
    await expectStatus(step(projectId, 'versions', drafter, { versionLabel: 'v2-not-uploaded', sha256: sha('b'), size: 1200, name: 'draft-v2.docx' }), 'DISPOSITION');

    // First meeting: 3 of 6 members present, 4 needed: no quorum, the draft goes back.
    const failed = await review(projectId, 'v2', ['member-1', 'member-2', 'member-3'], [{ expertId: 'member-1', vote: 'YES' }], 'DRAFTING');
    expect(failed.body.recorded.map((r: { type: string }) => r.type)).toEqual(['specifications.project.review-meeting-held']);
    // A drafting-group member does not vote on the group's draft.
    await step(projectId, 'review', secretariat, { meetingDate: chinaDay(30), reviewDraftVersion: 'v2' }).expect(200);
    passDays(30);
    expectRefusal(
      await step(projectId, 'meetings', secretariat, { members: committee, present: committee, invitedExperts: [], votes: [{ expertId: 'member-6', vote: 'YES' }] }),
      409,
      'specification.drafter-cannot-vote',
    );
    // A member who declared an interest in the drafting institution (the registry's conflict of interest) does not vote either.
    const admin = tokenFor('admin', { sub: 'admin-1' });
    await http().post('/api/v1/registry/experts').set('Authorization', `Bearer ${admin}`).send({ expertId: 'member-5', name: 'Qian Li' }).expect(201);
    await http()
      .post('/api/v1/registry/experts/member-5/interests')
      .set('Authorization', `Bearer ${admin}`)
      .send({ institutionId: DRAFTER, reason: '配偶在起草单位校准实验室工作' })
      .expect(201);
    const conflicted = await step(projectId, 'meetings', secretariat, {
      members: committee,
      present: committee,
      invitedExperts: ['guest-1'],
      votes: [...passingVotes, { expertId: 'member-5', vote: 'YES' }],
    });
    expectRefusal(conflicted, 409, 'specification.conflicted-member-cannot-vote');
    expect(conflicted.body.detail).toContain('配偶在起草单位校准实验室工作');
    // Second meeting: all six present (member-6 recused as a drafter, member-5 for the interest), 3 yes of 4 entitled to vote, 3 needed.
    await expectStatus(step(projectId, 'meetings', secretariat, { members: committee, present: committee, invitedExperts: ['guest-1'], votes: passingVotes }), 'REVIEWED');

    await expectStatus(step(projectId, 'submission', secretariat), 'SUBMITTED_FOR_APPROVAL');
    expectRefusal(await step(projectId, 'publication', secretariat, { number: 'JJF 1001-2026' }), 409, 'specification.malformed-number');
    await settled();
    await expectStatus(step(projectId, 'publication', secretariat, { number: 'JJF(浙) 1001-2026' }), 'PUBLISHED');
    await settled();

    // The read model: versions, comments with dispositions, meetings with the count and the rule.
    const view = (await get(`/${projectId}`).expect(200)).body;
    expect(view).toMatchObject({ projectId, title: '电子天平校准规范', status: 'PUBLISHED', number: 'JJF(浙) 1001-2026', proposerInstitutionId: PROPOSER, drafterInstitutionId: DRAFTER });
    expect(view.versions.map((v: { versionLabel: string }) => v.versionLabel)).toEqual(['v1', 'v2', 'v2-not-uploaded']);
    expect(view.comments).toEqual([
      expect.objectContaining({ commentId: c1, clause: '5.2', source: 'INSTITUTION', institutionId: COMMENTER, disposition: 'ADOPTED', reasons: ['已在 5.2 中增加校准点。'] }),
      expect.objectContaining({ commentId: c2, clause: '3.1', source: 'PUBLIC', commenterName: '张三', disposition: 'NOT_ADOPTED' }),
    ]);
    expect(view.meetingRecords.map((m: { outcome: string; quorumRequired: number; yes: number; yesRequired: number; recused: string[] }) => [m.outcome, m.quorumRequired, m.yes, m.yesRequired, m.recused])).toEqual([
      ['NO_QUORUM', 4, 1, 3, []],
      ['PASSED', 4, 3, 3, ['member-5', 'member-6']],
    ]);
    expect(view.meetingRecords[1].rule).toContain('3 yes of 4 present members entitled to vote');
    expect(view.meetingRecords[1].dissent).toEqual([{ expertId: 'member-4', reasons: ['5.2 的校准点过多，增加负担。'] }]);

    // By status, and the catalogue.
    expect((await get('?status=PUBLISHED').expect(200)).body.map((r: { projectId: string }) => r.projectId)).toEqual([projectId]);
    expect((await get('?status=DRAFTING').expect(200)).body).toEqual([]);
    await get('?status=NOPE').expect(400);
    expect((await get('/catalogue', proposer).expect(200)).body).toEqual([{ projectId, number: 'JJF(浙) 1001-2026', title: '电子天平校准规范', publishedOn: chinaDay(), status: 'PUBLISHED' }]);
  });

  it('exports the comment and disposition table as CSV with zh-CN headings, UTF-8 with a BOM', async () => {
    const res = await get(`/${firstId}/comments.csv`)
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
    expect(lines[0]).toBe('序号,章条编号,意见内容,提出单位,处理意见,理由');
    expect(lines[1]).toBe(`1,5.2,"建议将校准点增加至 5 个, 并注明 ""最大秤量""。",${COMMENTER},采纳,已在 5.2 中增加校准点。`);
    expect(lines[2]).toBe('2,3.1,术语定义不清。,张三（公众）,不采纳,定义引自 JJF 1001。');
    await get('/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f/comments.csv').expect(404);
  });

  it('answers the diff between two uploaded draft versions, in hunks', async () => {
    const diff = (await get(`/${firstId}/versions/diff?from=v1&to=v2`).expect(200)).body;
    expect({ from: diff.from.versionLabel, to: diff.to.versionLabel, added: diff.added, removed: diff.removed, hunks: diff.hunks.length }).toEqual({ from: 'v1', to: 'v2', added: 1, removed: 1, hunks: 1 });
    expect(diff.hunks[0].lines.filter((l: { kind: string }) => l.kind !== 'unchanged').map((l: { kind: string; text: string }) => [l.kind, l.text])).toEqual([
      ['removed', '5.2 示值误差：3 个校准点'],
      ['added', '5.2 示值误差：5 个校准点，含最大秤量'],
    ]);
    await get(`/${firstId}/versions/diff?from=v1&to=v9`).expect(404);
    await get(`/${firstId}/versions/diff?from=v1&to=v2-not-uploaded`).expect(404);
    await get(`/${firstId}/versions/diff?from=v1`).expect(400);
  });

  it("refuses a second project the first one's publication number", async () => {
    const projectId = await toConsultation('数字压力计校准规范');
    passDays(31);
    await expectStatus(step(projectId, 'comment-period-closure', secretariat), 'DISPOSITION');
    await review(projectId, 'v1', committee, passingVotes, 'REVIEWED');
    await expectStatus(step(projectId, 'submission', secretariat), 'SUBMITTED_FOR_APPROVAL');
    await settled();
    const before = await store.headPosition();
    expectRefusal(await step(projectId, 'publication', secretariat, { number: 'JJF(浙) 1001-2026' }), 409, 'specification.duplicate-number');
    expect(await store.headPosition()).toBe(before);
    await expectStatus(step(projectId, 'publication', secretariat, { number: 'JJF(浙) 1002-2026' }), 'PUBLISHED');
    await settled();
    expect((await get('/catalogue').expect(200)).body.map((e: { number: string }) => e.number)).toEqual(['JJF(浙) 1001-2026', 'JJF(浙) 1002-2026']);
    await step('6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', 'submission', secretariat).expect(404);
  });
});
