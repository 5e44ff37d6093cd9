import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DEMO_USERS } from '../../src/console/demo-users.js';
import { CONSOLE_DIST } from '../../src/console/serve-console.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { verifyToken } from '../../src/identity/jwt.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { startApp, TEST_JWT_SECRET } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The web console as the application serves it: the built pages at `/` with the sign-in settings
 * embedded, the SPA fallback that leaves the API's paths alone, and the development sign-in,
 * which exists only outside production and without an identity provider.
 */
describe('the web console and its development sign-in', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  const apps: INestApplication[] = [];

  const start = async (config: Partial<AppConfig> = {}) => {
    const app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'console-e2e', roles: { projections: false, bridge: false }, config });
    apps.push(app);
    return app.getHttpServer();
  };
  /** The settings the page is given, read back out of the served index.html. */
  const settingsOf = (html: string) => JSON.parse(/<script id="console-settings" type="application\/json">(.*?)<\/script>/s.exec(html)![1]) as { oidc: unknown; devUsers: { sub: string }[] | null };

  beforeAll(async () => {
    if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error(`no console build in ${CONSOLE_DIST}: run npm run build:console (npm test does)`);
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  it('serves the console at / and at its own paths, with the demo users and no identity provider, under a CSP without inline scripts', async () => {
    const server = await start();
    for (const path of ['/', '/cases/6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f', '/sign-in']) {
      const page = await request(server).get(path).expect(200).expect('Content-Type', /text\/html/);
      expect(page.text).toContain('<div id="root"></div>');
      const settings = settingsOf(page.text);
      expect(settings.oidc).toBeNull();
      expect(settings.devUsers?.map((u) => u.sub)).toEqual(DEMO_USERS.map((u) => u.sub));
      const csp = page.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec((await request(server).get('/')).text)![1];
    await request(server).get(asset).expect(200).expect('Content-Type', /javascript/).expect('Cache-Control', /immutable/);
  });

  it('leaves the API, health and metrics paths to the API, and answers 404 for a missing asset', async () => {
    const server = await start();
    const unknown = await request(server).get('/api/v1/no-such-route').expect(404);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    await request(server).get('/health').expect((r) => expect(r.headers['content-type']).toMatch(/json/));
    await request(server).get('/assets/no-such-file.js').expect(404);
    await request(server).get('/../package.json').expect((r) => expect(r.text).not.toContain('"dependencies"'));
    await request(server).get('/%2e%2e/package.json').expect((r) => expect(r.text).not.toContain('"dependencies"'));
  });

  it('signs in a demo user with a token the API accepts, and refuses anyone else', async () => {
    const server = await start();
    const user = DEMO_USERS.find((u) => u.role === 'institution')!;
    const answer = await request(server).post('/api/v1/dev/sign-in').send({ sub: user.sub }).expect(200);
    expect(answer.body.user.sub).toBe(user.sub);
    expect(verifyToken(answer.body.token, TEST_JWT_SECRET)).toEqual({ id: user.sub, name: user.name['zh-CN'], roles: ['institution'], institutionId: user.institutionId });
    await request(server).get('/api/v1/assessment-cases').set('Authorization', `Bearer ${answer.body.token}`).expect(200);
    // An institution may not read the plan: the token carries the demo user's role, no more.
    await request(server).get('/api/v1/plan/progress').set('Authorization', `Bearer ${answer.body.token}`).expect(403);

    const stranger = await request(server).post('/api/v1/dev/sign-in').set('Accept-Language', 'zh-CN').send({ sub: 'someone-else' }).expect(404);
    expect(stranger.body.detail).toContain('someone-else');
    const invalid = await request(server).post('/api/v1/dev/sign-in').send({ sub: 42, admin: true }).expect(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['admin', 'sub']);
  });

  it('has no development sign-in in production: 404, and the page lists no users', async () => {
    const server = await start({ production: true });
    await request(server).post('/api/v1/dev/sign-in').send({ sub: DEMO_USERS[0].sub }).expect(404);
    expect(settingsOf((await request(server).get('/').expect(200)).text).devUsers).toBeNull();
  });

  it('has no development sign-in with an identity provider: 404, and the page is told the provider for the PKCE flow', async () => {
    const oidc = { issuer: 'https://idp.example.org/realms/metrology', clientId: 'metrology-console', scope: 'openid profile' };
    const server = await start({ oidc });
    await request(server).post('/api/v1/dev/sign-in').send({ sub: DEMO_USERS[0].sub }).expect(404);
    const page = await request(server).get('/').expect(200);
    expect(settingsOf(page.text)).toEqual({ oidc, devUsers: null });
    // The browser exchanges the code at the provider itself: the CSP lets it call the provider.
    expect(page.headers['content-security-policy']).toMatch(/connect-src 'self' https:\/\/idp\.example\.org/);
  });
});
