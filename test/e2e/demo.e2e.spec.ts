import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import { DEMO_INSTITUTIONS, DEMO_USERS, type DemoUser } from '../../src/console/demo-users.js';
import { loadDemo, type DemoSummary } from '../../src/demo/demo-loader.js';
import { DEMO_CASES, DEMO_COMPARISON, DEMO_SPECIFICATION } from '../../src/demo/demo-scenario.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { signToken } from '../../src/identity/jwt.js';
import type { Clock } from '../../src/shared/clock.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { startApp, TEST_JWT_SECRET } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';
import { workerActivities } from '../../src/worker-activities.js';

/**
 * `npm run demo` against the whole system (PostgreSQL, a Temporal dev server, the bridge and a
 * worker) listening on a real port: the loader is run as the command runs it, through HTTP only;
 * what it loaded is counted through the API; a second run adds nothing; once the specification's
 * public notice has run (the clock moved on 31 days), a further run takes it to the consultation
 * with its comments, and the run after that adds nothing again.
 */
describe('npm run demo: the demo scenario loaded through the API', () => {
  const taskQueue = 'demo-e2e';
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let worker: Worker;
  let workerRun: Promise<void>;
  let baseUrl = '';
  let now = new Date();
  const clock: Clock = { now: () => now };
  const tokenFor = (user: DemoUser) => signToken({ sub: user.sub, name: user.name.en, roles: [user.role], institutionId: user.institutionId }, TEST_JWT_SECRET);
  const user = (sub: string) => DEMO_USERS.find((u) => u.sub === sub)!;
  const get = async (path: string, as = 'demo-auditor') => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { Authorization: `Bearer ${tokenFor(user(as))}` } });
    expect({ path, status: response.status }).toEqual({ path, status: 200 });
    return response.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const settled = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition());
  const run = async (): Promise<DemoSummary> => {
    const summary = await loadDemo({ baseUrl, tokenFor });
    await settled();
    return summary;
  };

  /** What exists, counted through the API. */
  async function counts() {
    const cases = (await get('/api/v1/assessment-cases')) as { status: string }[];
    const byStatus: Record<string, number> = {};
    for (const c of cases) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    const specifications = (await get('/api/v1/specifications')) as { status: string; comments: unknown[] }[];
    return {
      institutions: (await get('/api/v1/registry/institutions')).length,
      experts: ((await get('/api/v1/registry/experts')) as { qualifications: unknown[] }[]).map((e) => e.qualifications.length).sort(),
      cases: byStatus,
      standards: ((await get('/api/v1/standards')) as { status: string }[]).map((s) => s.status),
      comparisons: ((await get('/api/v1/comparisons')) as { status: string }[]).map((c) => c.status),
      specifications: specifications.map((s) => [s.status, s.comments.length]),
    };
  }

  beforeAll(async () => {
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
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it('loads institutions, experts, cases in every state, certificates, a comparison and a specification; a second run adds nothing', async () => {
    const first = await run();
    expect(first.changed).toBe(true);
    expect(first.institutions).toEqual({ created: Object.keys(DEMO_INSTITUTIONS).length, existing: 0 });
    expect(first.experts).toMatchObject({ created: 4, existing: 0, affiliationsAdded: 4 });
    expect(first.cases.map((c) => [c.key, c.status, c.created])).toEqual(DEMO_CASES.map((c) => [c.key, c.target, true]));
    expect(first.comparison).toMatchObject({ status: 'FOLLOW_UP', created: true });
    // The public notice runs 30 days: the clock does not allow more today, and the run says so.
    expect(first.specification).toMatchObject({ status: 'PUBLIC_NOTICE', created: true, comments: 0 });
    expect(first.notes).toEqual([expect.stringContaining('npm run demo')]);

    const loaded = await counts();
    expect(loaded).toEqual({
      institutions: 9,
      experts: [2, 2, 3, 4],
      cases: { SUBMITTED: 1, ACCEPTED: 1, SUPPLEMENT_REQUESTED: 1, UNDER_EVALUATION: 1, RECTIFICATION: 1, APPROVED: 4 },
      standards: ['VALID', 'VALID', 'VALID', 'VALID'],
      comparisons: ['FOLLOW_UP'],
      specifications: [['PUBLIC_NOTICE', 0]],
    });

    // Who sees what: the conflict of interest was refused, the certificates are the institutions' own, Yongkang is unsatisfactory.
    const yiwu = (await get('/api/v1/assessment-cases', 'demo-inst-yiwu')) as { standard: { name: string }; assessors?: string[]; status: string }[];
    expect(yiwu.map((c) => [c.standard.name, c.status, c.assessors])).toEqual(
      expect.arrayContaining([
        ['无创自动测量血压计检定装置', 'UNDER_EVALUATION', ['expert-chen-hua']],
        ['焦度计检定装置', 'RECTIFICATION', ['expert-li-na']],
      ]),
    );
    expect(((await get('/api/v1/standards', 'demo-inst-dongyang')) as { currentCertificate?: unknown }[]).length).toBe(1);
    const comparisonId = first.comparison.comparisonId;
    const results = await get(`/api/v1/comparisons/${comparisonId}/results`, 'demo-inst-jinhua');
    const off = (results.results as { lab: string; en: number; satisfactory: boolean }[]).filter((r) => !r.satisfactory);
    expect(off.map((r) => r.lab)).toEqual([DEMO_INSTITUTIONS[DEMO_COMPARISON.unsatisfactory].institutionId]);
    expect(Math.abs(off[0].en)).toBeGreaterThan(1);
    expect((await get(`/api/v1/comparisons/${comparisonId}`, 'demo-secretariat')).title).toBe(DEMO_COMPARISON.title);

    const head = await store.headPosition();
    const second = await run();
    expect(second.changed).toBe(false);
    expect(second.cases.every((c) => !c.created && c.stepsTaken === 0 && !c.note)).toBe(true);
    expect(second.comparison).toMatchObject({ comparisonId, created: false, status: 'FOLLOW_UP' });
    expect(second.specification).toMatchObject({ projectId: first.specification.projectId, created: false, stepsTaken: 0 });
    expect(await store.headPosition()).toBe(head);
    expect(await counts()).toEqual(loaded);
  });

  it('once the public notice has run, a later run takes the specification to the consultation with comments, and the next adds nothing', async () => {
    now = new Date(now.getTime() + 31 * 86_400_000);
    const later = await run();
    expect(later.changed).toBe(true);
    expect(later.cases.every((c) => c.stepsTaken === 0)).toBe(true);
    expect(later.specification).toMatchObject({ status: 'CONSULTATION', comments: DEMO_SPECIFICATION.comments.length, created: false });
    expect(later.notes).toEqual([]);
    const project = await get(`/api/v1/specifications/${later.specification.projectId}`);
    expect(project).toMatchObject({ title: DEMO_SPECIFICATION.title, status: 'CONSULTATION' });
    expect((project.comments as { clause: string }[]).map((c) => c.clause).sort()).toEqual(DEMO_SPECIFICATION.comments.map((c) => c.clause).sort());

    const loaded = await counts();
    const head = await store.headPosition();
    const again = await run();
    expect(again.changed).toBe(false);
    expect(await store.headPosition()).toBe(head);
    expect(await counts()).toEqual(loaded);
  });
});
