import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { DEMO_INSTITUTIONS, type DemoUser } from '../../src/console/demo-users.js';
import { loadDemo } from '../../src/demo/demo-loader.js';
import { DEMO_COMPARISON, DEMO_SPECIFICATION, userBySub } from '../../src/demo/demo-scenario.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { signToken } from '../../src/identity/jwt.js';
import type { Clock } from '../../src/shared/clock.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { startApp, TEST_JWT_SECRET } from '../support/app.js';
import { launchBrowser, screenshot, signedIn, unlabelledControls } from '../support/browser.js';
import { createTestDatabase, startDevServer } from '../support/services.js';
import { workerActivities } from '../../src/worker-activities.js';

/**
 * What a newcomer sees after `npm start` and `npm run demo`: the console over the demo scenario,
 * loaded through the API by the demo loader (twice, the second time a month on, so that the
 * specification's public notice has run and its consultation has comments). The secretariat's
 * inbox holds work, the specification's comment table lists every comment, the assessor finds his
 * assignments and a certificate holder its certificate.
 */
describe('the web console over the demo data', () => {
  const taskQueue = 'demo-console-browser';
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let worker: Worker;
  let workerRun: Promise<void>;
  let browser: Browser;
  let base = '';
  let now = new Date();
  const clock: Clock = { now: () => now };
  const tokenFor = (user: DemoUser) => signToken({ sub: user.sub, name: user.name['zh-CN'], roles: [user.role], institutionId: user.institutionId }, TEST_JWT_SECRET);
  let projectId = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue, clock });
    worker = await createMetrologyWorker({
      connection: env.nativeConnection,
      namespace: env.client.options.namespace,
      taskQueue,
      activities: workerActivities(app),
    });
    workerRun = worker.run();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // Each run reads what the previous one left through the read models: let them catch up first.
    const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition());
    // The loader waits for the read models itself (Api.settle), so one run is one try.
    const load = async () => {
      const summary = await loadDemo({ baseUrl: base, tokenFor });
      await settled();
      return summary;
    };
    await load();
    now = new Date(now.getTime() + 31 * 86_400_000);
    projectId = (await load()).specification.projectId;
  });

  afterAll(async () => {
    await browser?.close();
    worker?.shutdown();
    await workerRun;
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it("shows the secretariat its inbox of work and the specification's comment table", async () => {
    const page = await signedIn(browser, base, 'demo-secretariat');
    await page.locator('tbody tr').first().waitFor();
    // The demo's submitted application to accept and its accepted one to assign.
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'demo-secretariat-inbox');
    await page.getByRole('link', { name: '地方技术规范' }).click();
    await page.getByRole('link', { name: DEMO_SPECIFICATION.title }).click();
    await page.getByRole('heading', { name: '意见汇总处理表' }).waitFor();
    expect(page.url()).toBe(`${base}/specifications/${projectId}`);
    await expect(page.locator('tbody tr').count()).resolves.toBe(DEMO_SPECIFICATION.comments.length);
    for (const comment of DEMO_SPECIFICATION.comments) await page.locator('tbody tr', { hasText: comment.text }).waitFor();
    await screenshot(page, 'specification-comments', true);
    await page.context().close();
  });

  it("shows the secretariat the comparison's circulation board and its one unsatisfactory lab, and the lab its follow-up", async () => {
    const pilot = DEMO_INSTITUTIONS[DEMO_COMPARISON.pilot].name['zh-CN'];
    const unsatisfactory = DEMO_INSTITUTIONS[DEMO_COMPARISON.unsatisfactory].name['zh-CN'];
    const page = await signedIn(browser, base, 'demo-secretariat');
    await page.getByRole('link', { name: '计量比对' }).click();
    await page.getByRole('link', { name: DEMO_COMPARISON.title }).click();
    await page.getByRole('heading', { name: '传递看板' }).waitFor();
    // The ring went round: one leg per participant, each done, and the transfer standard back with the pilot.
    const legs = page.locator('.board tbody tr');
    await legs.first().waitFor();
    await expect(legs.count()).resolves.toBe(DEMO_COMPARISON.participants.length);
    expect(await page.locator('.board tbody tr', { hasText: '已完成' }).count()).toBe(DEMO_COMPARISON.participants.length);
    await page.locator('.board .holder', { hasText: pilot }).waitFor();
    // The published results: every lab with its En, one unsatisfactory (|En| > 1), named.
    await page.getByRole('heading', { name: '比对结果' }).waitFor();
    await page.locator('tr', { hasText: '不满意' }).filter({ hasText: unsatisfactory }).waitFor();
    expect(await page.locator('tr', { hasText: '不满意' }).count()).toBe(1);
    expect(await page.locator('tr', { hasText: /满意/ }).count()).toBe(Object.keys(DEMO_COMPARISON.results).length);
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'comparison-board', true);
    await page.context().close();

    // The unsatisfactory lab's inbox links its follow-up to the comparison.
    const lab = await signedIn(browser, base, 'demo-inst-yongkang');
    await lab.goto(`${base}/inbox`);
    await lab.getByRole('link', { name: '分析比对结果不满意的原因并记录纠正措施' }).click();
    await lab.getByRole('heading', { name: DEMO_COMPARISON.title }).waitFor();
    expect(lab.url()).toMatch(/\/comparisons\/[0-9a-f-]{36}$/);
    await lab.context().close();
  });

  it('shows the assessor his assignments, and a certificate holder its certificate', async () => {
    const expert = await signedIn(browser, base, 'expert-chen-hua');
    await expert.getByRole('link', { name: '我的考评任务' }).click();
    await expert.getByRole('link', { name: '无创自动测量血压计检定装置' }).waitFor();
    expect(await unlabelledControls(expert)).toEqual([]);
    await expert.context().close();

    const holder = await signedIn(browser, base, 'demo-inst-dongyang');
    await holder.getByRole('link', { name: '我的证书' }).click();
    await holder.locator('tbody tr', { hasText: '有效' }).first().waitFor();
    await screenshot(holder, 'demo-institution-certificates');
    await holder.context().close();
  });
  it('lets the secretariat record the review meeting, counting quorum and votes live as the boxes change, and shows a conflicted vote refused in words', async () => {
    // Through the API: the comment period has run, the drafting group answers every comment, the
    // review is scheduled with a month's notice, and the meeting day comes.
    const call = async (user: DemoUser, method: string, path: string, body?: object) => {
      const response = await fetch(`${base}/api/v1/specifications/${projectId}${path}`, {
        method,
        headers: { Authorization: `Bearer ${tokenFor(user)}`, 'Content-Type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      const answer = (await response.json()) as { comments: { commentId: string }[]; status: string };
      expect([path, response.status]).toEqual([path, 200]);
      return answer;
    };
    const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    now = new Date(now.getTime() + 32 * 86_400_000);
    const secretariat = userBySub('demo-secretariat');
    const project = await call(secretariat, 'GET', '');
    for (const comment of project.comments) {
      await call(userBySub(DEMO_SPECIFICATION.drafters[0]), 'POST', `/comments/${comment.commentId}/disposition`, { disposition: 'ADOPTED', reasons: ['已采纳，修改相应条款。'] });
    }
    const meetingDate = chinaDay(new Date(now.getTime() + 35 * 86_400_000));
    await expect(call(secretariat, 'POST', '/review', { meetingDate, reviewDraftVersion: 'v1' })).resolves.toMatchObject({ status: 'REVIEW_SCHEDULED' });
    now = new Date(`${meetingDate}T02:00:00Z`);
    await app.get(SubscriptionRunner).waitFor(await store.headPosition());

    const page = await signedIn(browser, base, 'demo-secretariat');
    await page.goto(`${base}/specifications/${projectId}`);
    await page.getByRole('heading', { name: '记录审定会' }).waitFor();
    // Six members; expert-li-na is in the drafting group, expert-chen-hua works at the drafting institute.
    await page.getByLabel('技术委员会委员（每行一人）', { exact: true }).fill(['expert-chen-hua', 'expert-zhou-jian', 'expert-li-na', 'member-4', 'member-5', 'member-6'].join('\n'));
    const live = (id: string) => page.getByTestId(id).textContent();
    await expect(live('quorum')).resolves.toContain('出席 0/6 人，法定人数 4 人');
    for (const member of ['expert-chen-hua', 'expert-zhou-jian', 'expert-li-na']) await page.getByLabel(`${member} 出席`, { exact: true }).check();
    await expect(live('quorum')).resolves.toContain('出席 3/6 人，法定人数 4 人');
    await expect(live('outcome')).resolves.toContain('不足法定人数');
    await page.getByLabel('member-4 出席', { exact: true }).check();
    await expect(live('quorum')).resolves.toContain('出席 4/6 人');
    await expect(live('entitled')).resolves.toContain('有表决权的出席委员 3 人（出席 4 人，减去起草组成员 1 人）');
    for (const member of ['expert-chen-hua', 'expert-zhou-jian']) await page.getByLabel(`${member} 的表决`, { exact: true }).selectOption('YES');
    await expect(live('votes')).resolves.toContain('赞成 2 票（需 3 票');
    await expect(live('outcome')).resolves.toContain('未通过');
    await page.getByLabel('member-4 的表决', { exact: true }).selectOption('NO');
    // A no vote needs its reasons before the meeting can be recorded.
    await expect(page.getByRole('button', { name: '记录审定会结果' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('member-4 的反对理由（每行一条）', { exact: true }).fill('直流电能校准点不足。');
    await page.getByLabel('member-4 的表决', { exact: true }).selectOption('YES');
    await expect(live('votes')).resolves.toContain('赞成 3 票（需 3 票');
    await expect(live('outcome')).resolves.toContain('审定通过');
    await expect(page.locator('.live-count').textContent()).resolves.toContain('按政策 national-default/2026.1');
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'review-meeting', true);
    // The server knows what the form does not: expert-chen-hua must step aside, in words, under the button.
    await page.getByRole('button', { name: '记录审定会结果' }).click();
    await expect(page.locator('.meeting-form [role=alert]').textContent()).resolves.toMatch(/expert-chen-hua 应当回避，不得对本草案表决/);
    await page.getByLabel('expert-chen-hua 的表决', { exact: true }).selectOption('');
    await page.getByRole('button', { name: '记录审定会结果' }).click();
    // Recorded: the server's count (expert-chen-hua recused: 2 of 2 entitled voted yes) in the meeting records.
    await page.getByText('出席 4/6，法定人数 4').waitFor();
    await page.locator('.panel h3', { hasText: '审定通过' }).waitFor();
    await page.context().close();
  });
});
