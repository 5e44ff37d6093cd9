import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { signToken } from '../../src/identity/jwt.js';
import { PERMISSIONS, type Operation } from '../../src/identity/permissions.js';
import { ROLES, type Role } from '../../src/identity/roles.js';
import { routeCatalogue, type RouteEntry } from '../../src/identity/route-catalogue.js';
import { startApp, TEST_JWT_SECRET } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * Generated from the permission matrix and the application's own routes: for every operation and
 * every role, an allowed role passes authorisation and any other gets 403; without a token, with a
 * token signed by another key, or with an expired one, every protected route answers 401.
 */
describe('permission matrix against the running application', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let routes: RouteEntry[];
  let requests = 0;

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'matrix-e2e', roles: { projections: false, bridge: false } });
    routes = routeCatalogue(app);
  });

  afterAll(async () => {
    const protectedRoutes = routes?.filter((r) => !r.public).length ?? 0;
    console.log(`permission matrix: ${Object.keys(PERMISSIONS).length} operations, ${protectedRoutes} protected routes, ${ROLES.length} roles, ${requests} requests`);
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const token = (role: Role, secret = TEST_JWT_SECRET, expiresIn = 600) =>
    signToken({ sub: `matrix-${role}`, roles: [role], institutionId: role === 'institution' ? 'matrix-institution' : undefined }, secret, expiresIn);
  // Path parameters get a well-formed value, so that what is tested is authorisation, not parsing.
  const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f');
  const send = (route: RouteEntry, authorization?: string) => {
    requests += 1;
    const call = request(app.getHttpServer())[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](concrete(route.path));
    if (authorization) call.set('Authorization', authorization);
    return ['POST', 'PUT', 'PATCH'].includes(route.method) ? call.send({}) : call;
  };

  it('names an operation of the matrix on every protected route, and a route for every operation', () => {
    const unnamed = routes.filter((r) => !r.public && !r.operation).map((r) => `${r.method} ${r.path}`);
    expect(unnamed).toEqual([]);
    const routed = new Set(routes.map((r) => r.operation));
    expect((Object.keys(PERMISSIONS) as Operation[]).filter((op) => !routed.has(op))).toEqual([]);
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /api/v1/calendar/working-days', 'GET /health', 'GET /metrics', 'POST /api/v1/dev/sign-in'].sort());
  });

  it('lets exactly the allowed roles through each operation', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.public)) {
      const allowed = PERMISSIONS[route.operation!].roles as readonly Role[];
      for (const role of ROLES) {
        const { status } = await send(route, `Bearer ${token(role)}`);
        const passed = status !== 401 && status !== 403;
        if (passed !== allowed.includes(role)) failures.push(`${route.method} ${route.path} as ${role}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 401 without a token, with another key and when expired', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.public)) {
      const allowedRole = PERMISSIONS[route.operation!].roles[0] as Role;
      for (const [label, authorization] of [
        ['no token', undefined],
        ['another key', `Bearer ${token(allowedRole, 'another-secret-that-is-long-enough-0123456789')}`],
        ['expired', `Bearer ${token(allowedRole, TEST_JWT_SECRET, -3600)}`],
        ['not bearer', `Basic ${Buffer.from('a:b').toString('base64')}`],
      ] as const) {
        const { status } = await send(route, authorization);
        if (status !== 401) failures.push(`${route.method} ${route.path} with ${label}: ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
