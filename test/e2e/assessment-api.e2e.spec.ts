import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import request from 'supertest';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { createMetrologyWorker } from '../../src/temporal/worker-factory.js';
import { assessmentCaseWorkflowId, caseStateQuery } from '../../workflows/assessment-case.contract.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The walking skeleton over HTTP: the full application on PostgreSQL, a Temporal dev server and a
 * worker, driven with supertest as a client would.
 */
describe('assessment application over HTTP (PostgreSQL, Temporal dev server, worker)', () => {
  const taskQueue = 'assessment-e2e';
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let worker: Worker;
  let workerRun: Promise<void>;
  const institution = tokenFor('institution', { sub: 'engineer-1', institutionId: 'county-institute-1' });
  const otherInstitution = tokenFor('institution', { sub: 'engineer-9', institutionId: 'county-institute-9' });
  const body = { kind: 'NEW', standard: { name: 'Sphygmomanometer verification standard', category: 'PUBLIC', measurand: 'pressure' } };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue });
    worker = await createMetrologyWorker({
      connection: env.nativeConnection,
      namespace: env.client.options.namespace,
      taskQueue,
      activities: app.get(AssessmentCaseActivitiesService).bound(),
    });
    workerRun = worker.run();
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

  it('takes an application, records it, projects it and starts the case workflow with its deadline', async () => {
    const created = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${institution}`)
      .set('X-Request-Id', 'req-e2e-1')
      .send(body)
      .expect(201);
    const { caseId, acceptanceDueAt } = created.body as { caseId: string; acceptanceDueAt: string };
    expect(created.headers.location).toBe(`/api/v1/assessment-cases/${caseId}`);

    const [event] = await store.readStream(assessmentStreamId(caseId));
    expect(event.type).toBe(AssessmentEventTypes.ApplicationSubmitted);
    expect(event.metadata).toMatchObject({ actorId: 'engineer-1', role: 'institution', institutionId: 'county-institute-1', requestId: 'req-e2e-1' });

    await app.get(SubscriptionRunner).waitFor(event.globalPosition);
    const read = await http().get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${institution}`).expect(200);
    expect(read.body).toMatchObject({ caseId, status: 'SUBMITTED', institutionId: 'county-institute-1', acceptanceDueAt });

    const state = await env.client.workflow.getHandle(assessmentCaseWorkflowId(caseId)).query(caseStateQuery);
    expect(state).toEqual({ phase: 'AWAITING_ACCEPTANCE', acceptanceDueAt, remindersSent: [], eventsSeen: 1 });
  });

  it('answers a resend with the same Idempotency-Key with the original case and records nothing new', async () => {
    const send = () =>
      http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).set('Idempotency-Key', 'client-key-0001').send(body).expect(201);
    const first = await send();
    const second = await send();
    // The stored answer, replayed as it was (src/http/idempotency.ts).
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.headers.location).toBe(first.headers.location);
    expect(await store.readStream(assessmentStreamId(first.body.caseId))).toHaveLength(1);
  });

  it('shows an institution its own cases only, an expert none he is not assigned to', async () => {
    const created = await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).send(body).expect(201);
    const [event] = await store.readStream(assessmentStreamId(created.body.caseId));
    await app.get(SubscriptionRunner).waitFor(event.globalPosition, 'projection:assessment-cases');
    await http().get(`/api/v1/assessment-cases/${created.body.caseId}`).set('Authorization', `Bearer ${otherInstitution}`).expect(404);
    const mine = await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).expect(200);
    expect(mine.body.map((c: { caseId: string }) => c.caseId)).toContain(created.body.caseId);
    const theirs = await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${otherInstitution}`).expect(200);
    expect(theirs.body).toEqual([]);
    const secretariat = await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${tokenFor('secretariat')}`).expect(200);
    expect(secretariat.body.length).toBeGreaterThanOrEqual(2);
    // An expert sees the cases he is assigned to: none before assessors are assigned.
    const expert = tokenFor('expert', { sub: 'assessor-1', institutionId: 'county-institute-1' });
    expect((await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${expert}`).expect(200)).body).toEqual([]);
    await http().get(`/api/v1/assessment-cases/${created.body.caseId}`).set('Authorization', `Bearer ${expert}`).expect(404);
  });

  it('refuses bad input with problem details and records nothing', async () => {
    const before = (await store.readAll({ limit: 100_000 })).length;
    const invalid = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${institution}`)
      .send({ kind: 'DEMOLISH', standard: { name: '', category: 'PUBLIC' }, extra: true })
      .expect(400);
    expect(invalid.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'kind', 'standard.measurand', 'standard.name']);

    const malformed = await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).set('Content-Type', 'application/json').send('{"kind":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.title).toBe('Bad Request');

    const huge = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${institution}`)
      .send({ ...body, padding: 'x'.repeat(300 * 1024) });
    expect(huge.status).toBe(413);

    await http().post('/api/v1/assessment-cases').send(body).expect(401);
    await http().post('/api/v1/assessment-cases').set('Authorization', 'Bearer not.a.token').send(body).expect(401);
    await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${tokenFor('expert')}`).send(body).expect(403);
    await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${tokenFor('institution')}`).send(body).expect(400); // no institution claim
    await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).set('Idempotency-Key', 'a b').send(body).expect(400);
    await http().get('/api/v1/assessment-cases/not-a-uuid').set('Authorization', `Bearer ${institution}`).expect(400);
    await http().get('/api/v1/assessment-cases/7d3c1a00-0000-4000-8000-000000000000').set('Authorization', `Bearer ${institution}`).expect(404);

    expect((await store.readAll({ limit: 100_000 })).length).toBe(before);
  });

  it('reports health and publishes its OpenAPI document without a token', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body.checks).toMatchObject({ eventStore: { status: 'up', adapter: 'postgres' }, temporal: { status: 'up' } });
    const docs = await http().get('/api/docs-json').expect(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/assessment-cases', '/api/v1/assessment-cases/{caseId}', '/health']));
    await http().get('/api/docs').expect(200);
  });

  it('answers 503 naming Temporal when Temporal does not answer', async () => {
    const deadConnection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 });
    const unreachable = await startApp({
      eventStore: store,
      temporalClient: new Client({ connection: deadConnection }),
      roles: { projections: false, bridge: false },
    });
    try {
      const health = await request(unreachable.getHttpServer()).get('/health').expect(503);
      expect(health.body).toMatchObject({ status: 'down', down: ['temporal'], checks: { eventStore: { status: 'up' }, temporal: { status: 'down' } } });
    } finally {
      await unreachable.close();
      await deadConnection.close().catch(() => undefined);
    }
  });

  it('keeps submitted applications across a restart of the application', async () => {
    const created = await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).send(body).expect(201);
    await app.close();
    const restartedStore = new PostgresEventStore(db.url);
    await restartedStore.init();
    const restarted = await startApp({ eventStore: restartedStore, temporalClient: env.client, taskQueue, roles: { projections: true, bridge: false } });
    try {
      const [event] = await restartedStore.readStream(assessmentStreamId(created.body.caseId));
      await restarted.get(SubscriptionRunner).waitFor(event.globalPosition, 'projection:assessment-cases');
      await request(restarted.getHttpServer()).get(`/api/v1/assessment-cases/${created.body.caseId}`).set('Authorization', `Bearer ${institution}`).expect(200);
    } finally {
      await restarted.close();
      await restartedStore.close();
    }
  });
});
