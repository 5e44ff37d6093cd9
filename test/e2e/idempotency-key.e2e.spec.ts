import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { RegistryEventTypes } from '../../events/registry.events.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { requestHashOf } from '../../src/http/idempotency.js';
import { expertStreamId } from '../../src/identity/registry/domain/expert.js';
import { institutionStreamId } from '../../src/identity/registry/domain/institution.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * Idempotency-Key on the writes of the API, on PostgreSQL: a resend gets the original answer
 * (status, body, Location) marked Idempotent-Replayed and records nothing; the same key for a
 * different request is refused; simultaneous sends of one request record it once; a resend while
 * the first is still running waits for its answer, or is told it is in flight.
 */
describe('Idempotency-Key on writes (PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const admin = tokenFor('admin', { sub: 'admin-idem' });
  const otherAdmin = tokenFor('admin', { sub: 'admin-other' });
  const fuzhou = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const shenzhen = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const qualification = { discipline: 'pressure', certificateNumber: 'ZJ-KPY-0042', validFrom: '2024-01-01', validUntil: '2030-12-31' };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'idempotency-e2e', roles: { projections: true, bridge: false } });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const http = () => request(app.getHttpServer());
  const post = (path: string, body: object, key?: string, token = admin) => {
    const req = http().post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${token}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const eventsOf = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);

  it('refuses a malformed key with a 400 problem and records nothing', async () => {
    for (const key of ['a b', 'x'.repeat(201), 'key/with/slashes', 'key;semi', '']) {
      const refused = await post('/institutions', fuzhou, key).expect(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.detail).toMatch(/Idempotency-Key/);
    }
    expect(await eventsOf(institutionStreamId(fuzhou.uscc))).toEqual([]);
  });

  it('answers a resend with the original status, body and Location, marked as replayed, and records nothing new', async () => {
    const first = await post('/institutions', fuzhou, 'register-fuzhou').expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await post('/institutions', fuzhou, 'register-fuzhou').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.location).toBe(`/api/v1/registry/institutions/${fuzhou.uscc}`);
    // Properties in another order are the same request.
    const reordered = await post('/institutions', { kind: fuzhou.kind, division: fuzhou.division, name: fuzhou.name, uscc: fuzhou.uscc }, 'register-fuzhou').expect(201);
    expect(reordered.headers['idempotent-replayed']).toBe('true');
    expect(await eventsOf(institutionStreamId(fuzhou.uscc))).toEqual([RegistryEventTypes.InstitutionRegistered]);
  });

  it('refuses the same key for a different request with 422 idempotency-key-reused, in both languages', async () => {
    const reused = await post('/institutions', shenzhen, 'register-fuzhou').expect(422);
    expect(reused.body.code).toBe('idempotency-key-reused');
    expect(reused.body.type).toBe('urn:metrology:problem:idempotency-key-reused');
    const zh = await http()
      .patch(`/api/v1/registry/institutions/${fuzhou.uscc}`)
      .set('Authorization', `Bearer ${admin}`)
      .set('Accept-Language', 'zh-CN')
      .set('Idempotency-Key', 'register-fuzhou')
      .send({ name: 'Renamed' })
      .expect(422);
    expect(zh.body.detail).toMatch(/幂等键/);
    expect(await eventsOf(institutionStreamId(shenzhen.uscc))).toEqual([]);
    expect(await eventsOf(institutionStreamId(fuzhou.uscc))).toEqual([RegistryEventTypes.InstitutionRegistered]);
  });

  it('keeps each actor’s keys apart', async () => {
    const other = await post('/institutions', shenzhen, 'register-fuzhou', otherAdmin).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await eventsOf(institutionStreamId(shenzhen.uscc))).toEqual([RegistryEventTypes.InstitutionRegistered]);
  });

  it('replays a refusal (4xx) as it was, and changes nothing', async () => {
    const first = await post('/institutions', { ...fuzhou, name: 'Registered twice' }, 'register-fuzhou-again').expect(409);
    const again = await post('/institutions', { ...fuzhou, name: 'Registered twice' }, 'register-fuzhou-again').expect(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.body).toEqual(first.body);
  });

  it('records a command that is not idempotent by itself once when resent with its key; without one the resend is refused', async () => {
    await post('/experts', { expertId: 'expert-zhang', name: 'Zhang Wei' }, 'register-zhang').expect(201);
    await post('/experts/expert-zhang/qualifications', qualification, 'grant-0042').expect(201);
    const resent = await post('/experts/expert-zhang/qualifications', qualification, 'grant-0042').expect(201);
    expect(resent.headers['idempotent-replayed']).toBe('true');
    await post('/experts/expert-zhang/qualifications', qualification).expect(409);
    expect(await eventsOf(expertStreamId('expert-zhang'))).toEqual([RegistryEventTypes.ExpertRegistered, RegistryEventTypes.ExpertQualificationGranted]);
  });

  it('records a request sent many times at once exactly once, and answers every copy alike', async () => {
    const body = { discipline: 'mass', certificateNumber: 'ZJ-KPY-0099', validFrom: '2024-01-01', validUntil: '2030-12-31' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => post('/experts/expert-zhang/qualifications', body, 'grant-0099')));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    for (const a of answers) expect(a.body).toEqual(answers[0].body);
    const granted = (await store.readStream(expertStreamId('expert-zhang'))).filter((e) => (e.data as { certificateNumber?: string }).certificateNumber === 'ZJ-KPY-0099');
    expect(granted).toHaveLength(1);
  });

  it('makes a resend wait for the answer of the same request still running, then replays it', async () => {
    const body = { name: 'Fuzhou Institute of Metrology and Testing' };
    const path = `/api/v1/registry/institutions/${fuzhou.uscc}`;
    const hash = requestHashOf({ method: 'PATCH', originalUrl: path, body, headers: {} });
    // Another node has claimed the key and is still running the request.
    expect(await store.claimIdempotencyKey('admin-idem', 'rename-fuzhou', hash, new Date(Date.now() + 60_000), new Date())).toBeUndefined();
    const stored = { status: 200, body: JSON.stringify({ institutionId: fuzhou.uscc, alreadyRecorded: false }), headers: { 'content-type': 'application/json; charset=utf-8' } };
    setTimeout(() => void store.saveIdempotentAnswer('admin-idem', 'rename-fuzhou', hash, stored, new Date(Date.now() + 3_600_000)), 300);
    const answer = await http().patch(path).set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'rename-fuzhou').send(body).expect(200);
    expect(answer.headers['idempotent-replayed']).toBe('true');
    expect(answer.body).toEqual({ institutionId: fuzhou.uscc, alreadyRecorded: false });
    // The other node's request recorded the change; this one recorded nothing.
    expect(await eventsOf(institutionStreamId(fuzhou.uscc))).toEqual([RegistryEventTypes.InstitutionRegistered]);
  });

  it('answers 409 idempotency-key-in-flight when the running request does not answer in time, and records nothing', async () => {
    const body = { name: 'Still running' };
    const path = `/api/v1/registry/institutions/${fuzhou.uscc}`;
    const hash = requestHashOf({ method: 'PATCH', originalUrl: path, body, headers: {} });
    await store.claimIdempotencyKey('admin-idem', 'rename-stuck', hash, new Date(Date.now() + 60_000), new Date());
    const refused = await http().patch(path).set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'rename-stuck').send(body).expect(409);
    expect(refused.body.code).toBe('idempotency-key-in-flight');
    expect(await eventsOf(institutionStreamId(fuzhou.uscc))).toEqual([RegistryEventTypes.InstitutionRegistered]);
  });

  it('leaves requests without a key and reads as they were', async () => {
    const plain = await post('/institutions', { ...shenzhen, uscc: '91110108551385082Q', name: 'Beijing lab', division: '110108' }).expect(201);
    expect(plain.headers['idempotent-replayed']).toBeUndefined();
    const read = await http().get('/api/v1/registry/institutions').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'a b').expect(200);
    expect(read.headers['idempotent-replayed']).toBeUndefined();
  });
});
