import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { RegistryEventTypes } from '../../events/registry.events.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { expertStreamId } from '../../src/identity/registry/domain/expert.js';
import { institutionStreamId } from '../../src/identity/registry/domain/institution.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * The institution and expert registry over HTTP, on PostgreSQL: an administrator registers an
 * institution and an expert, grants a qualification and sets the affiliation; the secretariat's
 * conflict check then refuses the expert for his own institution, naming the rule, in English or
 * Chinese as asked.
 */
describe('institution and expert registry over HTTP (PostgreSQL)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  const admin = tokenFor('admin', { sub: 'admin-1' });
  const secretariat = tokenFor('secretariat', { sub: 'secretary-1' });
  const expertSelf = tokenFor('expert', { sub: 'expert-zhang' });
  const otherExpert = tokenFor('expert', { sub: 'expert-li' });
  const institution = tokenFor('institution', { sub: 'engineer-1', institutionId: '91350100M000100Y43' });
  const fuzhou = { uscc: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const shenzhen = { uscc: '91440300708461136T', name: 'Shenzhen calibration laboratory', division: '440300', kind: 'ENTERPRISE' };
  const check = { expertId: 'expert-zhang', institutionId: fuzhou.uscc, discipline: 'pressure', date: '2026-06-01' };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    // 27 November 2026, 10:00 in China: a fixed day, so that "revoked from today" is deterministic.
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'registry-e2e', roles: { projections: true, bridge: false }, clock: { now: () => new Date('2026-11-27T02:00:00Z') } });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const http = () => request(app.getHttpServer());
  const post = (path: string, token: string, body: object) => http().post(`/api/v1/registry${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token: string) => http().get(`/api/v1/registry${path}`).set('Authorization', `Bearer ${token}`);
  const caughtUp = async () => app.get(SubscriptionRunner).waitFor(await store.headPosition(), 'projection:registry');

  it('registers an institution with a valid unified social credit code, once', async () => {
    const created = await post('/institutions', admin, fuzhou).expect(201);
    expect(created.body).toEqual({ institutionId: fuzhou.uscc, alreadyRecorded: false });
    expect(created.headers.location).toBe(`/api/v1/registry/institutions/${fuzhou.uscc}`);
    await post('/institutions', admin, shenzhen).expect(201);

    const again = await post('/institutions', admin, { ...fuzhou, name: 'Another name' }).expect(409);
    expect(again.body).toMatchObject({ code: 'registry.already-registered', status: 409 });
  });

  it('refuses an invalid unified social credit code with 400 naming the rule, and records nothing', async () => {
    const before = await store.headPosition();
    for (const uscc of ['91350100M000100Y44', '91350100m000100y43', '91350100O000100Y43', '91350100M000100Y4']) {
      const refused = await post('/institutions', admin, { ...fuzhou, uscc }).expect(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.errors).toEqual([{ field: 'uscc', reasons: [expect.stringMatching(/^registry\.invalid-uscc: /)] }]);
    }
    const wrongCheck = await post('/institutions', admin, { ...fuzhou, uscc: '91350100M000100Y44' });
    expect(wrongCheck.body.errors[0].reasons[0]).toContain('give "3", not "4"');
    const unknownField = await post('/institutions', admin, { ...fuzhou, legalRepresentative: 'x', division: '35' }).expect(400);
    expect(unknownField.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['division', 'legalRepresentative']);
    expect(await store.headPosition()).toBe(before);
  });

  it('registers an expert, grants a qualification and sets the affiliation', async () => {
    const created = await post('/experts', admin, { expertId: 'expert-zhang', name: 'Zhang Wei' }).expect(201);
    expect(created.body).toEqual({ expertId: 'expert-zhang', alreadyRecorded: false });
    expect(created.headers.location).toBe('/api/v1/registry/experts/expert-zhang');
    await post('/experts/expert-zhang/qualifications', admin, { discipline: 'pressure', certificateNumber: 'ZJ-KPY-0042', validFrom: '2024-01-01', validUntil: '2030-12-31' }).expect(201);
    await post('/experts/expert-zhang/affiliations', admin, { institutionId: fuzhou.uscc, from: '2025-01-01' }).expect(201);

    const unknownInstitution = await post('/experts/expert-zhang/affiliations', admin, { institutionId: '91110108551385082Q', from: '2026-01-01' }).expect(409);
    expect(unknownInstitution.body.code).toBe('registry.unknown-institution');
    await post('/experts/expert-nobody/qualifications', admin, { discipline: 'pressure', certificateNumber: 'X', validFrom: '2024-01-01', validUntil: '2030-12-31' }).expect(404);
    const badDate = await post('/experts/expert-zhang/qualifications', admin, { discipline: 'mass', certificateNumber: 'Y', validFrom: '2024-02-30', validUntil: '2030-12-31' }).expect(400);
    expect(badDate.body.errors[0].field).toBe('validFrom');
  });

  it('refuses the expert for a case of his own institution, naming coi.current-affiliation, in the language asked', async () => {
    const english = await post('/conflict-check', secretariat, check).expect(200);
    expect(english.body).toEqual({
      expertId: 'expert-zhang',
      institutionId: fuzhou.uscc,
      discipline: 'pressure',
      on: '2026-06-01',
      policyVersion: 'national-default/2026.1',
      allowed: false,
      refusals: [{ rule: 'coi.current-affiliation', text: `Expert Zhang Wei (expert-zhang) belongs to institution ${fuzhou.uscc} (since 2025-01-01), whose case it is.` }],
    });

    const chinese = await post('/conflict-check', secretariat, check).set('Accept-Language', 'zh-CN').expect(200);
    expect(chinese.headers['content-language']).toBe('zh-CN');
    expect(chinese.body.refusals).toEqual([{ rule: 'coi.current-affiliation', text: `专家 Zhang Wei (expert-zhang) 自 2025-01-01 起隶属于被考核机构 ${fuzhou.uscc}，应当回避。` }]);

    // Every applicable refusal: the day after the qualification ran out, both rules.
    const later = await post('/conflict-check', tokenFor('admin'), { ...check, date: '2031-01-01' }).expect(200);
    expect(later.body.refusals.map((r: { rule: string }) => r.rule)).toEqual(['coi.current-affiliation', 'coi.no-valid-qualification']);

    const elsewhere = await post('/conflict-check', secretariat, { ...check, institutionId: shenzhen.uscc, caseId: 'case-1' }).expect(200);
    expect(elsewhere.body).toMatchObject({ allowed: true, refusals: [], caseId: 'case-1' });

    await post('/conflict-check', secretariat, { ...check, expertId: 'expert-nobody' }).expect(404);
    await post('/conflict-check', institution, check).expect(403);
    await post('/conflict-check', tokenFor('auditor'), check).expect(403);
  });

  it('lets an expert declare his own interests only, and the check then names coi.declared-interest', async () => {
    await post('/experts/expert-zhang/interests', otherExpert, { institutionId: shenzhen.uscc, reason: 'not his to declare' }).expect(403);
    await post('/experts/expert-zhang/interests', expertSelf, { institutionId: shenzhen.uscc, reason: 'brother-in-law directs its laboratory' }).expect(201);
    await post('/experts/expert-zhang/interests', admin, { caseId: 'case-2', reason: 'reviewed its draft report' }).expect(201);
    const duplicate = await post('/experts/expert-zhang/interests', expertSelf, { institutionId: shenzhen.uscc, reason: 'again' }).expect(409);
    expect(duplicate.body.code).toBe('registry.interest-already-declared');
    await post('/experts/expert-zhang/interests', expertSelf, { reason: 'no subject' }).expect(409);

    const refused = await post('/conflict-check', secretariat, { ...check, institutionId: shenzhen.uscc }).expect(200);
    expect(refused.body.refusals).toEqual([{ rule: 'coi.declared-interest', text: expect.stringContaining('brother-in-law directs its laboratory') }]);

    const [declared] = (await store.readStream(expertStreamId('expert-zhang'))).filter((e) => e.type === RegistryEventTypes.ExpertInterestDeclared);
    expect(declared.metadata).toMatchObject({ actorId: 'expert-zhang', role: 'expert' });
  });

  it('records every administrative step with the administrator as actor', async () => {
    const events = [
      ...(await store.readStream(institutionStreamId(fuzhou.uscc))),
      ...(await store.readStream(institutionStreamId(shenzhen.uscc))),
      ...(await store.readStream(expertStreamId('expert-zhang'))),
    ].filter((e) => !(e.type === RegistryEventTypes.ExpertInterestDeclared && e.metadata.actorId === 'expert-zhang'));
    expect(events.map((e) => e.type)).toEqual([
      RegistryEventTypes.InstitutionRegistered,
      RegistryEventTypes.InstitutionRegistered,
      RegistryEventTypes.ExpertRegistered,
      RegistryEventTypes.ExpertQualificationGranted,
      RegistryEventTypes.ExpertAffiliationChanged,
      RegistryEventTypes.ExpertInterestDeclared,
    ]);
    for (const event of events) {
      expect([event.type, event.metadata]).toEqual([event.type, expect.objectContaining({ actorId: 'admin-1', role: 'admin', commandId: expect.any(String), requestId: expect.any(String) })]);
    }
  });

  it('changes an institution and revokes a qualification, which the check then reflects', async () => {
    await http().patch(`/api/v1/registry/institutions/${fuzhou.uscc}`).set('Authorization', `Bearer ${admin}`).send({ name: 'Fuzhou Institute of Metrology and Testing' }).expect(200);
    const unchanged = await http().patch(`/api/v1/registry/institutions/${fuzhou.uscc}`).set('Authorization', `Bearer ${admin}`).send({ kind: 'LEGAL_METROLOGY_INSTITUTE' }).expect(409);
    expect(unchanged.body.code).toBe('registry.nothing-to-change');
    await http().patch('/api/v1/registry/institutions/91110108551385082Q').set('Authorization', `Bearer ${admin}`).send({ name: 'x' }).expect(404);

    await post('/experts', admin, { expertId: 'expert-li', name: 'Li Na' }).expect(201);
    await post('/experts/expert-li/qualifications', admin, { discipline: 'pressure', certificateNumber: 'ZJ-KPY-0077', validFrom: '2020-01-01', validUntil: '2099-12-31' }).expect(201);
    // Without a date the check is for today in China.
    await post('/conflict-check', secretariat, { ...check, expertId: 'expert-li', date: undefined }).expect(200).expect((r) => expect(r.body).toMatchObject({ allowed: true, on: '2026-11-27' }));
    await post('/experts/expert-li/qualification-revocations', admin, { certificateNumber: 'ZJ-KPY-0077', reason: 'certificate withdrawn' }).expect(201);
    const after = await post('/conflict-check', secretariat, { ...check, expertId: 'expert-li', date: undefined }).expect(200);
    expect(after.body.refusals.map((r: { rule: string }) => r.rule)).toEqual(['coi.no-valid-qualification']);
    // The day before the revocation, the qualification still held.
    await post('/conflict-check', secretariat, { ...check, expertId: 'expert-li', date: '2026-11-26' }).expect(200).expect((r) => expect(r.body.allowed).toBe(true));
  });

  it('shows the registry to the secretariat, auditors and administrators, and to no one else', async () => {
    await caughtUp();
    const institutions = await get('/institutions', secretariat).expect(200);
    expect(institutions.body.map((i: { institutionId: string }) => i.institutionId).sort()).toEqual([shenzhen.uscc, fuzhou.uscc].sort());
    const one = await get(`/institutions/${fuzhou.uscc}`, tokenFor('auditor')).expect(200);
    expect(one.body).toMatchObject({ uscc: fuzhou.uscc, name: 'Fuzhou Institute of Metrology and Testing', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' });

    const expert = await get('/experts/expert-zhang', secretariat).expect(200);
    expect(expert.body).toMatchObject({
      expertId: 'expert-zhang',
      name: 'Zhang Wei',
      qualifications: [{ discipline: 'pressure', certificateNumber: 'ZJ-KPY-0042', validFrom: '2024-01-01', validUntil: '2030-12-31' }],
      affiliations: [{ institutionId: fuzhou.uscc, from: '2025-01-01' }],
      interests: [expect.objectContaining({ institutionId: shenzhen.uscc }), expect.objectContaining({ caseId: 'case-2' })],
    });
    const experts = await get('/experts', admin).expect(200);
    expect(experts.body.map((e: { expertId: string }) => e.expertId).sort()).toEqual(['expert-li', 'expert-zhang']);
    expect(experts.body.find((e: { expertId: string }) => e.expertId === 'expert-li').qualifications[0]).toMatchObject({ revokedOn: '2026-11-27', revocationReason: 'certificate withdrawn' });

    await get('/institutions', institution).expect(403);
    await get(`/institutions/${fuzhou.uscc}`, institution).expect(403);
    await get('/experts/expert-zhang', expertSelf).expect(403);
    await get('/experts/expert-nobody', secretariat).expect(404);
    await get('/experts/has%20space', secretariat).expect(400);
    await post('/institutions', secretariat, shenzhen).expect(403);
    await post('/experts', expertSelf, { expertId: 'expert-self-made', name: 'x' }).expect(403);
  });
});
