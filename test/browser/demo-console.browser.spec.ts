import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { ComparisonActivitiesService } from '../../src/comparisons/workflow/comparison.activities.js';
import type { DemoUser } from '../../src/console/demo-users.js';
import { loadDemo } from '../../src/demo/demo-loader.js';
import { DEMO_SPECIFICATION } from '../../src/demo/demo-scenario.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { signToken } from '../../src/identity/jwt.js';
import type { Clock } from '../../src/shared/clock.js';
import { SpecificationActivitiesService } from '../../src/specifications/workflow/specification.activities.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { startApp, TEST_JWT_SECRET } from '../support/app.js';
import { launchBrowser, screenshot, signedIn, unlabelledControls } from '../support/browser.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

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
      activities: { ...app.get(AssessmentCaseActivitiesService).bound(), ...app.get(ComparisonActivitiesService).bound(), ...app.get(SpecificationActivitiesService).bound() },
    });
    workerRun = worker.run();
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // Each run reads what the previous one left through the read models: let them catch up first.
    const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition());
    // The loader can read a read model before it shows the loader's own last write (a 404 or 409 on
    // a fresh database); it is re-runnable, as `npm run demo` is, so a run that stops is run again.
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
});
