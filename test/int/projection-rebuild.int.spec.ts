import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { rebuildProjection, RebuildInterruptedError } from '../../src/event-store/projection-rebuild.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import type { Projection } from '../../src/event-store/subscription.js';
import { Metrics } from '../../src/operations/metrics.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * Read models are disposable: the assessment-cases and specifications projections, filled by the
 * running application from commands sent through HTTP, are dropped and rebuilt from the log, and the
 * rebuilt documents equal the live ones, document for document. A projection applied by another
 * process during the rebuild stops it; a projection that falls behind shows its lag.
 */
describe('a projection dropped and rebuilt from the log equals the live one', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let projections: readonly Projection[];
  const http = () => request(app.getHttpServer());
  const institution = tokenFor('institution', { sub: 'engineer-1', institutionId: 'county-institute-1' });
  const proposer = tokenFor('institution', { sub: 'engineer-proposer', institutionId: '91330100MA2PROP001' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const projection = (name: string) => projections.find((p) => p.name === name)!;
  /** Every document of the projection's collections, by collection. */
  const documentsOf = async (p: Projection) => Object.fromEntries(await Promise.all(p.collections!.map(async (c) => [c, await store.listDocuments(c)] as const)));

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'rebuild-int', roles: { projections: true, bridge: false } });
    projections = app.get(SubscriptionRunner).registeredProjections();

    // Cases in several states, interleaved with specification projects in the log.
    for (let i = 0; i < 4; i++) {
      const created = await http()
        .post('/api/v1/assessment-cases')
        .set('Authorization', `Bearer ${institution}`)
        .send({ kind: 'NEW', standard: { name: `Standard ${i}`, category: 'PUBLIC', measurand: ['mass', 'length', 'pressure', 'time'][i] } })
        .expect(201);
      const caseId = created.body.caseId as string;
      if (i % 2 === 0) await http().post(`/api/v1/assessment-cases/${caseId}/supplement-requests`).set('Authorization', `Bearer ${secretariat}`).send({ missing: [`item ${i}`] }).expect(200);
      const proposed = await http().post('/api/v1/specifications').set('Authorization', `Bearer ${proposer}`).send({ title: `电子天平校准规范 ${i}`, drafterInstitutionId: '91330106MA2DRAF002' }).expect(201);
      if (i % 2 === 1) {
        await http()
          .post(`/api/v1/specifications/${proposed.body.projectId}/appraisal`)
          .set('Authorization', `Bearer ${secretariat}`)
          .send({ expertIds: ['expert-wang', 'expert-li'], conclusion: 'RECOMMENDED', opinion: '项目必要、可行。' })
          .expect(200);
      }
    }
    const runner = app.get(SubscriptionRunner);
    await runner.waitFor(await store.headPosition());
    // The rebuild runs with no live subscription applying the projection (the CLI's rule: stop the API first).
    await runner.beforeApplicationShutdown();
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it.each(['projection:assessment-cases', 'projection:specifications'])('%s: rebuilt document for document, stray documents gone', async (name) => {
    const p = projection(name);
    const live = await documentsOf(p);
    expect(Object.values(live).flat().length).toBeGreaterThanOrEqual(4);
    // A document no event accounts for (a hand edit, a bug of an earlier version): the rebuild drops it.
    await store.applyWithCheckpoint(`test:stray-writer-${name}`, 1, (tx) => tx.put(p.collections![0], 'stray-document', { stray: true }));
    expect((await documentsOf(p))[p.collections![0]]).toHaveLength(live[p.collections![0]].length + 1);

    const report = await rebuildProjection(store, p, { batchSize: 7 });

    expect(await documentsOf(p)).toEqual(live);
    const head = await store.headPosition();
    const events = (await store.readAll({ limit: 10_000 })).length;
    expect(report).toMatchObject({ projection: name, eventsRead: events, checkpoint: head });
    expect(report.eventsApplied).toBeGreaterThan(0);
    expect(report.eventsApplied).toBeLessThan(events);
    expect(report.eventsPerSecond).toBeGreaterThan(0);
    expect(await store.getCheckpoint(name)).toBe(head);
  });

  it('stops when another process applies the projection during the rebuild', async () => {
    const p = projection('projection:assessment-cases');
    const head = await store.headPosition();
    let moved = false;
    const rebuild = rebuildProjection(store, p, {
      batchSize: 3,
      // Between two batches, as a running API would: its subscription moves the checkpoint ahead.
      onProgress: async () => {
        if (moved) return;
        moved = true;
        await store.saveCheckpoint(p.name, head);
      },
    });
    await expect(rebuild).rejects.toBeInstanceOf(RebuildInterruptedError);
  });

  it('refuses a projection that does not name its collections', async () => {
    const nameless: Projection = { name: 'test:nameless', apply: async () => undefined };
    await expect(rebuildProjection(store, nameless)).rejects.toThrow('does not name its document collections');
  });

  it('shows a projection that falls behind in its lag, on /metrics as in /health', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: RecordedEvent[] = [];
    const runner = new SubscriptionRunner(app.get<EventStore>(EVENT_STORE), { projections: true, bridge: false });
    runner.registerProjection({
      name: 'test:slow',
      collections: [],
      apply: async (event) => {
        await gate;
        seen.push(event);
      },
    });
    const metrics = new Metrics();
    metrics.observeSubscriptions(() => runner.lag());
    await runner.onApplicationBootstrap();
    try {
      const head = await store.headPosition();
      // Stuck on the first event: every event of the log is still ahead of it.
      const [lag] = await runner.lag();
      expect(lag).toEqual({ name: 'test:slow', kind: 'projection', position: 0, checkpoint: 0, head, lag: head, consumer: 'active' });
      expect(await metrics.text()).toContain(`metrology_projection_lag_events{projection="test:slow"} ${head}`);
      release();
      await runner.waitFor(head, 'test:slow');
      expect(seen).toHaveLength((await store.readAll({ limit: 10_000 })).length);
      expect((await runner.lag())[0]).toMatchObject({ position: head, checkpoint: head, lag: 0 });
      expect(await metrics.text()).toContain('metrology_projection_lag_events{projection="test:slow"} 0');
    } finally {
      release();
      await runner.beforeApplicationShutdown();
    }
  });
});
