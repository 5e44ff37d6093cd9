import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { assessmentStreamId } from '../../src/standards/domain/assessment-case.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The integrity API over HTTP on PostgreSQL: who may verify, anchor and export, what a
 * verification reports for an intact and for an altered record, and that an exported stream
 * passes the auditor's standalone verifier.
 */
describe('integrity API over HTTP (PostgreSQL, Temporal dev server)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const dir = mkdtempSync(join(tmpdir(), 'metrology-integrity-'));
  const institution = tokenFor('institution', { sub: 'engineer-1', institutionId: 'county-institute-1' });
  const auditor = tokenFor('auditor');
  const admin = tokenFor('admin');
  const secretariat = tokenFor('secretariat');
  const body = { kind: 'NEW', standard: { name: 'Sphygmomanometer verification standard', category: 'PUBLIC', measurand: 'pressure' } };
  let streamId: string;

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'integrity-e2e' });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
    rmSync(dir, { recursive: true, force: true });
  });

  const http = () => request(app.getHttpServer());
  const verify = (token?: string, query = '') => {
    const req = http().get(`/api/v1/integrity/verify${query}`);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const exportOf = (id: string, token = auditor) =>
    http()
      .get(`/api/v1/integrity/streams/${encodeURIComponent(id)}/export`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  it('verifies the record after an application is submitted: 200 and ok:true for an auditor and an admin', async () => {
    const created = await http().post('/api/v1/assessment-cases').set('Authorization', `Bearer ${institution}`).send(body).expect(201);
    streamId = assessmentStreamId(created.body.caseId);
    const events = await store.readStream(streamId);
    expect(events.length).toBeGreaterThanOrEqual(1);

    const whole = await verify(auditor).expect(200);
    expect(whole.body).toMatchObject({ ok: true, scope: {}, anchorsChecked: 0 });
    expect(whole.body.eventsChecked).toBe((await store.readAll({ limit: 100_000 })).length);
    expect(whole.body.firstBroken).toBeUndefined();

    const scoped = await verify(admin, `?streamId=${encodeURIComponent(streamId)}`).expect(200);
    expect(scoped.body).toMatchObject({ ok: true, scope: { streamId }, eventsChecked: events.length, streamsChecked: 1 });
  });

  it('refuses callers without the role (403), without a token (401), and a malformed stream id (400, problem details)', async () => {
    await verify(institution).expect(403);
    await verify(secretariat).expect(403);
    await verify().expect(401);
    for (const bad of ['bad%20id', 'x'.repeat(201), '%C3%A9t%C3%A9', '']) {
      const refused = await verify(auditor, `?streamId=${bad}`).expect(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body).toMatchObject({ status: 400, errors: [{ field: 'streamId' }] });
    }
    await http().post('/api/v1/integrity/anchors').set('Authorization', `Bearer ${auditor}`).expect(403);
    await http().post('/api/v1/integrity/anchors').set('Authorization', `Bearer ${institution}`).expect(403);
    await http().post('/api/v1/integrity/anchors').expect(401);
    await exportOf(streamId, institution).expect(403);
    expect((await exportOf('bad id!')).status).toBe(400);
    expect((await exportOf('assessment-no-such-case')).status).toBe(404);
  });

  it('records anchors for an admin and the secretariat (201), which verification then checks', async () => {
    const first = await http().post('/api/v1/integrity/anchors').set('Authorization', `Bearer ${admin}`).expect(201);
    expect(first.body).toMatchObject({ seq: 1, prevHash: null, streamCount: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.body.streamCount).toBeGreaterThanOrEqual(1);
    const second = await http().post('/api/v1/integrity/anchors').set('Authorization', `Bearer ${secretariat}`).expect(201);
    expect(second.body).toMatchObject({ seq: 2, prevHash: first.body.hash });
    expect((await verify(auditor).expect(200)).body).toMatchObject({ ok: true, anchorsChecked: 2 });
  });

  it('exports a stream as JSON lines (header, events, anchors) that the standalone verifier accepts', async () => {
    const events = await store.readStream(streamId);
    const exported = await exportOf(streamId).expect(200);
    expect(exported.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const text = exported.body as string;
    const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const anchors = lines.filter((l) => 'anchor' in l);
    expect(lines[0]).toMatchObject({ format: 'metrology-evidence/1', streamId });
    expect(anchors.map((a) => (a.anchor as { seq: number }).seq)).toEqual([1, 2]);
    expect(anchors[1].head).toEqual({ streamId, revision: events.length - 1, hash: events[events.length - 1].hash });
    expect(lines).toHaveLength(1 + events.length + anchors.length);

    const file = join(dir, 'evidence.jsonl');
    writeFileSync(file, text);
    const result = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [join(process.cwd(), 'scripts', 'verify-evidence.mjs'), file], (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout })),
    );
    expect(result.stdout).toMatch(new RegExp(`^OK: ${events.length} events verified`));
    expect(result.code).toBe(0);
  });

  it('publishes the integrity routes in the OpenAPI document', async () => {
    const docs = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/integrity/verify', '/api/v1/integrity/anchors', '/api/v1/integrity/streams/{streamId}/export']),
    );
    expect(docs.body.paths['/api/v1/integrity/verify'].get.tags).toEqual(['integrity']);
  });

  // Last: it alters the record.
  it('answers 200 with ok:false and the first broken link when the record was altered', async () => {
    const [first] = await store.readStream(streamId);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`UPDATE events SET data = replace(data, '"pressure"', '"temperature"') WHERE stream_id = $1 AND revision = 0`, [streamId]);
    } finally {
      await client.end();
    }
    const report = await verify(auditor).expect(200);
    expect(report.body).toMatchObject({ ok: false, firstBroken: { kind: 'hash-mismatch', streamId, revision: 0, globalPosition: first.globalPosition } });
  });
});
