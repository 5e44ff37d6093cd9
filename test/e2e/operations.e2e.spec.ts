import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { JsonLogger } from '../../src/operations/json-logger.js';
import { AssessmentCaseActivitiesService } from '../../src/standards/workflow/assessment-case.activities.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * What an operator sees after a few commands through HTTP: the Prometheus metrics (commands by
 * outcome, HTTP latency by route template, append latency, projection lag, workflow step latency),
 * projection lag and checkpoints in /health, and one JSON access log line per request with its ids.
 */
describe('operations: /metrics, /health lag and the access log', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const logLines: string[] = [];
  const institution = tokenFor('institution', { sub: 'engineer-1', institutionId: 'county-institute-1' });
  const secretariat = tokenFor('secretariat', { sub: 'officer-1' });
  const http = () => request(app.getHttpServer());
  let caseId: string;

  /** The value of one sample line of the exposition (`name{labels} value`), or undefined when absent. */
  const sample = (text: string, name: string, labels: Record<string, string>): number | undefined => {
    const wanted = Object.entries(labels);
    for (const line of text.split('\n')) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const present = new Map([...match[2].matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      if (wanted.every(([k, v]) => present.get(k) === v)) return Number(match[3]);
    }
    return undefined;
  };
  const scrape = async () => {
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'operations-e2e', roles: { projections: true, bridge: false } });
    // The JSON logger as main.ts installs it, writing into this test instead of stdout.
    app.useLogger(new JsonLogger('log', (line) => logLines.push(line)));

    const created = await http()
      .post('/api/v1/assessment-cases')
      .set('Authorization', `Bearer ${institution}`)
      .set('X-Request-Id', 'ops-request-1')
      .set('X-Correlation-Id', 'ops-correlation-1')
      .send({ kind: 'NEW', standard: { name: 'Mass standard set E2', category: 'PUBLIC', measurand: 'mass' } })
      .expect(201);
    caseId = created.body.caseId;
    await http().post(`/api/v1/assessment-cases/${caseId}/supplement-requests`).set('Authorization', `Bearer ${secretariat}`).send({ missing: ['technical report'] }).expect(200);
    // The one supplement notice has been sent: a second one is refused by the rules (409).
    await http().post(`/api/v1/assessment-cases/${caseId}/supplement-requests`).set('Authorization', `Bearer ${secretariat}`).send({ missing: ['again'] }).expect(409);
    await app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:assessment-cases');
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it('counts commands by class, step and outcome', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE metrology_commands_total counter');
    expect(sample(text, 'metrology_commands_total', { command: 'SubmitApplicationCommand', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'metrology_commands_total', { command: 'ActOnAssessmentCaseCommand', step: 'RequestSupplement', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'metrology_commands_total', { command: 'ActOnAssessmentCaseCommand', step: 'RequestSupplement', outcome: 'refused' })).toBe(1);
  });

  it('times HTTP requests by method, route template and status', async () => {
    const text = await scrape();
    expect(sample(text, 'metrology_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/assessment-cases', status: '201' })).toBe(1);
    const steps = { method: 'POST', route: '/api/v1/assessment-cases/:caseId/supplement-requests' };
    expect(sample(text, 'metrology_http_request_duration_seconds_count', { ...steps, status: '200' })).toBe(1);
    expect(sample(text, 'metrology_http_request_duration_seconds_count', { ...steps, status: '409' })).toBe(1);
    expect(sample(text, 'metrology_http_request_duration_seconds_bucket', { ...steps, status: '200', le: '+Inf' })).toBe(1);
    // No path with an id in it becomes a label of its own.
    expect(text).not.toContain(caseId);
  });

  it('times appends by adapter', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE metrology_event_store_append_seconds histogram');
    expect(sample(text, 'metrology_event_store_append_seconds_count', { adapter: 'postgres', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'metrology_event_store_append_seconds_sum', { adapter: 'postgres', outcome: 'ok' })).toBeGreaterThan(0);
  });

  it('reports each running projection\'s lag and checkpoint on scrape', async () => {
    const head = await store.headPosition();
    await app.get(SubscriptionRunner).waitFor(head);
    const text = await scrape();
    expect(text).toContain('# TYPE metrology_projection_lag_events gauge');
    expect(sample(text, 'metrology_projection_lag_events', { projection: 'projection:assessment-cases' })).toBe(0);
    expect(sample(text, 'metrology_projection_checkpoint', { projection: 'projection:assessment-cases' })).toBe(head);
    for (const name of app.get(SubscriptionRunner).registeredProjections().map((p) => p.name)) {
      expect(sample(text, 'metrology_projection_lag_events', { projection: name })).toEqual(expect.any(Number));
    }
  });

  it('times workflow steps by activity and outcome', async () => {
    const activities = app.get(AssessmentCaseActivitiesService).bound();
    // The decision limit of a case that was never evaluated cannot be overdue: the rules refuse the step.
    await expect(
      activities.recordDecisionOverdue({ caseId, workflowId: 'wf-ops', asOf: new Date().toISOString(), correlationId: 'ops-correlation-1', causationEventId: 'evt-ops' }),
    ).rejects.toMatchObject({ nonRetryable: true });
    const text = await scrape();
    expect(sample(text, 'metrology_workflow_step_seconds_count', { activity: 'recordDecisionOverdue', outcome: 'refused' })).toBe(1);
  });

  it('reports each projection with its checkpoint and lag in /health', async () => {
    const head = await store.headPosition();
    await app.get(SubscriptionRunner).waitFor(head);
    const res = await http().get('/health');
    const projections = res.body.projections as { name: string; position: number; checkpoint: number; head: number; lag: number }[];
    const names = app.get(SubscriptionRunner).registeredProjections().map((p) => p.name);
    expect(projections.map((p) => p.name).sort()).toEqual([...names].sort());
    const cases = projections.find((p) => p.name === 'projection:assessment-cases')!;
    expect(cases).toEqual({ name: 'projection:assessment-cases', position: head, checkpoint: head, head, lag: 0, consumer: 'active' });
    for (const p of projections) expect(p.lag).toBe(p.head - p.position);
  });

  it('writes one JSON access log line per request, with its request and correlation ids', async () => {
    await http().get(`/api/v1/assessment-cases/${caseId}`).set('Authorization', `Bearer ${institution}`).set('X-Request-Id', 'ops-request-2').set('X-Correlation-Id', 'ops-correlation-2').expect(200);
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.filter((l) => l.kind === 'access' && l.requestId === 'ops-request-2');
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({
      level: 'log',
      context: 'http',
      method: 'GET',
      route: '/api/v1/assessment-cases/:caseId',
      status: 200,
      requestId: 'ops-request-2',
      correlationId: 'ops-correlation-2',
    });
    expect(typeof access[0].time).toBe('string');
    expect(access[0].durationMs).toEqual(expect.any(Number));
  });
});
