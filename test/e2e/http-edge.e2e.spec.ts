import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { startApp, tokenFor } from '../support/app.js';
import { startDevServer } from '../support/services.js';

/** The HTTP edge as a client meets it: rate limits, security headers, CORS, problem documents in two languages. */
describe('the HTTP edge', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let store: SqliteEventStore;
  let app: INestApplication;

  beforeAll(async () => {
    env = await startDevServer();
    dir = mkdtempSync(join(tmpdir(), 'metrology-edge-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    app = await startApp({
      eventStore: store,
      temporalClient: env.client,
      roles: { projections: false, bridge: false },
      config: { rateLimits: { perAddress: 6, perToken: 3 }, corsOrigins: ['https://console.example.org'] },
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await env?.teardown();
  });
  const http = () => request(app.getHttpServer());

  it('answers problem documents with a stable type and a title in the caller language', async () => {
    const en = await http().get('/api/v1/assessment-cases').expect(401);
    expect(en.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(en.body).toMatchObject({ type: 'urn:metrology:problem:unauthenticated', title: 'Unauthorized', status: 401 });
    expect(en.body.requestId).toBe(en.headers['x-request-id']);
    const zh = await http().get('/api/v1/assessment-cases').set('Accept-Language', 'zh-CN,zh;q=0.9').expect(401);
    expect(zh.body).toMatchObject({ type: 'urn:metrology:problem:unauthenticated', title: '未认证' });
  });

  it('sends security headers: nothing may load from an API answer, Swagger UI may run its own scripts', async () => {
    const api = await http().get('/health');
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    expect(api.headers['content-security-policy']).toContain("default-src 'none'");
    expect(api.headers['x-powered-by']).toBeUndefined();
    const docs = await http().get('/api/docs/').redirects(1);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('allows browser calls from the configured origins only', async () => {
    const allowed = await http().options('/api/v1/assessment-cases').set('Origin', 'https://console.example.org').set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.org');
    const other = await http().options('/api/v1/assessment-cases').set('Origin', 'https://evil.example.net').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per token and per address with 429 and Retry-After, and never limits /health', async () => {
    const token = tokenFor('auditor');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${token}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${token}`).set('Accept-Language', 'zh');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ type: 'urn:metrology:problem:rate-limited', title: '请求过于频繁', status: 429 });
    // Earlier tests used some of this address's six requests a minute; the rest run out here.
    let byAddress = 0;
    for (let i = 0; i < 10 && byAddress !== 429; i++) byAddress = (await http().get('/api/v1/assessment-cases').set('Authorization', `Bearer ${tokenFor('admin', { sub: `a-${i}` })}`)).status;
    expect(byAddress).toBe(429);
    for (let i = 0; i < 10; i++) await http().get('/health').expect(200);
  });
});
