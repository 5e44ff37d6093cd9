import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { DEMO_INSTITUTIONS } from '../../src/console/demo-users.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { startApp, tokenFor } from '../support/app.js';
import { launchBrowser, screenshot, signedIn as signedInAt, unlabelledControls as unlabelled } from '../support/browser.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The web console in a real browser (the machine's Chromium through playwright-core) against the
 * whole application on a real port: PostgreSQL, a Temporal dev server, the bridge and a worker.
 * Every user signs in through the console's development sign-in as a demo user, and does what the
 * pages offer: an institution applies with its documents; the secretariat accepts, is refused an
 * assessor who works at the applicant (conflict of interest, in words) and assigns another; the
 * assessor records a finding, the institution rectifies, the assessor confirms and concludes; the
 * secretariat approves; the institution sees its certificate; an auditor replays, verifies and
 * exports the case. Each role is refused, in words, what it may not see. The main pages are saved
 * to docs/screenshots/ for the README.
 */

const yiwu = DEMO_INSTITUTIONS.yiwu;
const jinhua = DEMO_INSTITUTIONS.jinhua;
/** The documents a new standard's application needs, by the checklist's labels (zh-CN). */
const NEW_STANDARD_DOCUMENTS = 7;

describe('the web console in Chromium: one case from application to certificate, by four roles', () => {
  const taskQueue = 'console-browser';
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let worker: Worker;
  let workerRun: Promise<void>;
  let browser: Browser;
  let base = '';
  let caseId = '';
  const certificateNo = '[2026]浙量标金证字第901号';

  beforeAll(async () => {
    browser = await launchBrowser();
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue });
    worker = await createMetrologyWorker({ connection: env.nativeConnection, namespace: env.client.options.namespace, taskQueue, activities: app.get(AssessmentCaseActivitiesService).bound() });
    workerRun = worker.run();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    // The registry is the administrator's (no console page yet): the applicant, the assessors'
    // institution, an assessor who works elsewhere and one who works at the applicant.
    const admin = tokenFor('admin', { sub: 'demo-admin' });
    const registry = (path: string, body: object) => request(app.getHttpServer()).post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    for (const institution of [yiwu, jinhua]) await registry('/institutions', { uscc: institution.institutionId, name: institution.name['zh-CN'], division: institution.division, kind: institution.kind });
    for (const [expertId, name, institution] of [['expert-chen-hua', '陈华', jinhua], ['expert-zhou-jian', '周健', yiwu]] as const) {
      await registry('/experts', { expertId, name });
      await registry(`/experts/${expertId}/qualifications`, { discipline: 'pressure', certificateNumber: `ZJ-${expertId}`, validFrom: '2024-01-01', validUntil: '2030-12-31' });
      await registry(`/experts/${expertId}/affiliations`, { institutionId: institution.institutionId, from: '2020-01-01' });
    }
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

  const signedIn = (sub: string, viewport?: { width: number; height: number }) => signedInAt(browser, base, sub, viewport);
  const shot = screenshot;
  const status = (page: Page, text: string) => page.locator('.facts .badge', { hasText: text }).waitFor();

  it('shows the development sign-in, clearly marked, with the demo users', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await expect(page.locator('.dev-banner').textContent()).resolves.toContain('开发环境登录');
    expect(await page.locator('.user-list button').count()).toBeGreaterThanOrEqual(4);
    await shot(page, 'sign-in');
    // Keyboard: the first Tab reaches the skip link, and a demo user's button signs in on Enter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.className')).toBe('skip');
    await page.locator('button[data-sub="demo-auditor"]').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: '案件审计' }).waitFor();
    await context.close();
  });

  it('lets an institution apply with the checklist of required documents, each uploaded', async () => {
    const page = await signedIn('demo-inst-yiwu');
    await page.getByRole('link', { name: '提交申请' }).click();
    await page.getByLabel('计量标准名称', { exact: true }).fill('血压计检定装置');
    await page.getByLabel('被测量', { exact: true }).fill('pressure');
    const uploads = page.locator('.checklist input[type=file]');
    await expect(uploads.count()).resolves.toBe(NEW_STANDARD_DOCUMENTS);
    await page.getByText(`尚缺 ${NEW_STANDARD_DOCUMENTS} 项材料`).waitFor();
    for (let i = 0; i < NEW_STANDARD_DOCUMENTS; i++) {
      await uploads.nth(i).setInputFiles({ name: `document-${i + 1}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`document ${i + 1} of the sphygmomanometer standard\n`) });
      await page.locator('.checklist li').nth(i).locator('.uploaded').waitFor();
    }
    await page.getByText('材料齐全').waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await shot(page, 'institution-apply', true);
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('申请已提交').waitFor();
    await page.getByRole('link', { name: '查看' }).click();
    await status(page, '已提交，待受理');
    caseId = /\/cases\/([0-9a-f-]{36})/.exec(page.url())![1];
    // Its list shows the case with its next step and the acceptance limit.
    await page.getByRole('link', { name: '我的案件' }).click();
    const row = page.locator('tr', { hasText: '血压计检定装置' });
    await expect(row.textContent()).resolves.toContain('秘书处受理或发出补正通知');
    await page.context().close();
  });

  it('lets the secretariat accept it from its inbox, refuses an assessor with a conflict of interest in words, and assigns another', async () => {
    const page = await signedIn('demo-secretariat');
    await page.locator('tr', { hasText: '血压计检定装置' }).waitFor();
    await shot(page, 'secretariat-inbox');
    await page.locator('tr', { hasText: '血压计检定装置' }).getByRole('link').click();
    await page.getByRole('button', { name: '受理申请' }).click();
    await status(page, '已受理');
    const assessor = page.getByLabel('考评员', { exact: true });
    await assessor.selectOption('expert-zhou-jian');
    await page.getByRole('button', { name: '指派考评员' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    // The rule's own words, in Chinese, right under the button that caused it.
    await expect(refusal.textContent()).resolves.toMatch(/隶属于被考核机构.*应当回避/);
    expect(await unlabelled(page)).toEqual([]);
    await shot(page, 'secretariat-conflict-of-interest');
    await assessor.selectOption('expert-chen-hua');
    await page.getByRole('button', { name: '指派考评员' }).click();
    await status(page, '已指派考评员');
    await page.getByLabel('考评方式', { exact: true }).selectOption('ON_SITE');
    await page.getByRole('button', { name: '组织考评' }).click();
    await status(page, '考评中');
    await page.context().close();
  });

  it('lets the assessor record a finding, the institution rectify, and the assessor confirm and conclude', async () => {
    const expert = await signedIn('expert-chen-hua');
    await expert.getByRole('link', { name: '我的考评任务' }).click();
    await expert.getByRole('link', { name: '血压计检定装置' }).click();
    await expert.getByLabel('条款', { exact: true }).fill('JJF 1033-2023 4.2.3');
    await expert.getByLabel('发现', { exact: true }).fill('缺少 2025 年稳定性考核记录');
    await shot(expert, 'expert-findings');
    await expert.getByRole('button', { name: '提出整改要求' }).click();
    await status(expert, '整改中');

    const institution = await signedIn('demo-inst-yiwu');
    await institution.goto(`${base}/cases/${caseId}`);
    await institution.getByLabel('整改证明文件', { exact: true }).setInputFiles({ name: 'stability-2025.txt', mimeType: 'text/plain', buffer: Buffer.from('stability records 2025, four groups\n') });
    await institution.locator('.uploaded').waitFor();
    await institution.getByRole('button', { name: '提交整改材料' }).click();
    await institution.getByRole('button', { name: '提交整改材料' }).waitFor({ state: 'detached' });
    await institution.context().close();

    await expert.reload();
    await expert.getByRole('button', { name: '确认整改' }).click();
    await status(expert, '考评中');
    await expert.getByLabel('结论摘要', { exact: true }).fill('符合 JJF 1033-2023 的要求');
    await expert.getByRole('button', { name: '考评结论' }).click();
    await status(expert, '考评合格，待审批');
    await expert.context().close();
  });

  it('lets the secretariat approve, and the institution sees its certificate with its validity', async () => {
    const officer = await signedIn('demo-secretariat');
    await officer.goto(`${base}/cases/${caseId}`);
    await officer.getByLabel('证书编号', { exact: true }).fill(certificateNo);
    await officer.getByRole('button', { name: '批准并发证' }).click();
    await status(officer, '已批准发证');
    await officer.context().close();

    const institution = await signedIn('demo-inst-yiwu');
    await institution.getByRole('link', { name: '我的证书' }).click();
    const row = institution.locator('tr', { hasText: certificateNo });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('有效');
    await shot(institution, 'institution-certificates');
    await institution.context().close();
  });

  it("lets an auditor read the case's timeline, replay it to its first moment, verify it and export it", async () => {
    const page = await signedIn('demo-auditor');
    await page.getByRole('link', { name: '血压计检定装置' }).click();
    await page.locator('table.history tbody tr').first().waitFor();
    expect(await page.locator('table.history tbody tr').count()).toBeGreaterThanOrEqual(9);
    await expect(page.locator('table.history').textContent()).resolves.toContain('demo-secretariat');
    // Replay to the second of the first event: the application as it was submitted.
    await page.getByRole('button', { name: '回放' }).click();
    await expect(page.locator('.replay-result').textContent()).resolves.toMatch(/已应用 \d+ 个事件，状态为“已提交，待受理”/);
    await page.getByRole('button', { name: '完整性校验' }).click();
    await expect(page.locator('.verify-result').textContent()).resolves.toMatch(/校验通过：\d+ 个事件/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出证据 (JSONL)' }).click()]);
    expect(download.suggestedFilename()).toBe(`assessment-${caseId}.jsonl`);
    const evidence = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(JSON.parse(evidence[0])).toMatchObject({ format: 'metrology-case-evidence/1' });
    await page.locator('.export-result').waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await shot(page, 'auditor-case', true);

    await page.getByRole('link', { name: '规划进度' }).click();
    await page.locator('.chart canvas').first().waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await shot(page, 'plan-dashboard', true);
    await page.context().close();
  });

  it('refuses each role, in words, what it may not see', async () => {
    const institution = await signedIn('demo-inst-yiwu');
    await institution.goto(`${base}/plan`);
    await expect(institution.getByRole('alert').textContent()).resolves.toMatch(/无权操作.*plan\.progress/);
    await institution.goto(`${base}/audit/assessment/${caseId}`);
    await expect(institution.getByRole('alert').first().textContent()).resolves.toContain('无权操作');
    await institution.context().close();

    const other = await signedIn('demo-inst-lanxi');
    await other.goto(`${base}/cases/${caseId}`);
    await expect(other.getByRole('alert').first().textContent()).resolves.toContain('未找到');
    await other.context().close();

    const expert = await signedIn('expert-zhou-jian');
    await expert.goto(`${base}/inbox`);
    await expert.getByText('暂无记录').waitFor();
    await expert.goto(`${base}/cases/${caseId}`);
    await expect(expert.getByRole('alert').first().textContent()).resolves.toContain('未找到');
    await expert.context().close();

    const auditor = await signedIn('demo-auditor');
    await auditor.goto(`${base}/inbox`);
    await expect(auditor.getByRole('alert').textContent()).resolves.toMatch(/无权操作.*inbox\.read/);
    await auditor.goto(`${base}/apply`);
    await expect(auditor.getByRole('alert').first().textContent()).resolves.toContain('无权操作');
    await auditor.context().close();
  });

  it('switches to English, refusals included, and stays usable at 390 px', async () => {
    const page = await signedIn('demo-inst-yiwu', { width: 390, height: 844 });
    await page.getByLabel('语言', { exact: true }).selectOption('en');
    await page.getByRole('link', { name: 'My certificates' }).click();
    await page.locator('tr', { hasText: certificateNo }).waitFor();
    await page.goto(`${base}/plan`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Forbidden.*needs one of the roles/);
    await page.goto(`${base}/cases/${caseId}`);
    await status(page, 'approved, certificate issued');
    // Nothing wider than the screen: no sideways scrolling of the page itself.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot(page, 'mobile-case');
    await page.context().close();
  });
});
