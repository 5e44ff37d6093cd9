import { describe, expect, it } from '@jest/globals';
import { RegistryEventTypes, type ExpertEvent, type InstitutionEvent } from '../../events/registry.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { decideExpert, evolveExpert, initialExpertState, type ExpertCommand } from '../../src/identity/registry/domain/expert.js';
import { decideInstitution, evolveInstitution, initialInstitutionState, type InstitutionCommand } from '../../src/identity/registry/domain/institution.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

const now = new Date('2026-11-27T02:00:00Z');
const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);
/** Every decided event must be one the catalogue accepts, or the store would refuse it. */
const recordable = <E extends { type: string; data: unknown }>(events: E[]) => {
  for (const e of events) expect([e.type, eventProblems(e.type, 1, e.data)]).toEqual([e.type, []]);
  return events;
};

describe('institution (机构)', () => {
  const register: InstitutionCommand = { type: 'RegisterInstitution', uscc: '91350100M000100Y43', name: 'Fuzhou Institute', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' };
  const given = (...events: InstitutionEvent[]) => events.reduce(evolveInstitution, initialInstitutionState);
  const registered = () => recordable(decideInstitution(register, given(), { now }));

  it('registers an institution under its unified social credit code', () => {
    expect(registered()).toEqual([
      {
        type: RegistryEventTypes.InstitutionRegistered,
        data: { institutionId: '91350100M000100Y43', uscc: '91350100M000100Y43', name: 'Fuzhou Institute', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE', registeredAt: '2026-11-27T02:00:00.000Z' },
      },
    ]);
    expect(given(...registered())).toMatchObject({ status: 'REGISTERED', name: 'Fuzhou Institute' });
  });

  it('registers once', () => {
    const refusal = refusalOf(() => decideInstitution(register, given(...registered()), { now }));
    expect(refusal.code).toBe('registry.already-registered');
    expect(refusal.text['zh-CN']).toContain('已登记');
  });

  it('refuses an invalid unified social credit code or division before anything else', () => {
    expect(refusalOf(() => decideInstitution({ ...register, uscc: '91350100M000100Y44' }, given(), { now })).code).toBe('registry.invalid-uscc');
    expect(refusalOf(() => decideInstitution({ ...register, division: '3501' }, given(), { now })).code).toBe('registry.invalid-division');
  });

  it('records only the fields an update changes, and refuses an update that changes nothing', () => {
    const state = given(...registered());
    const update = (changes: object) => decideInstitution({ type: 'UpdateInstitution', institutionId: '91350100M000100Y43', ...changes }, state, { now });
    const events = recordable(update({ name: 'Fuzhou Institute of Metrology', division: '350100', kind: 'LEGAL_METROLOGY_INSTITUTE' }));
    expect(events).toEqual([{ type: RegistryEventTypes.InstitutionUpdated, data: { institutionId: '91350100M000100Y43', name: 'Fuzhou Institute of Metrology', updatedAt: now.toISOString() } }]);
    expect(given(...registered(), ...events)).toMatchObject({ name: 'Fuzhou Institute of Metrology', division: '350100', uscc: '91350100M000100Y43' });
    expect(refusalOf(() => update({ name: 'Fuzhou Institute' })).code).toBe('registry.nothing-to-change');
    expect(refusalOf(() => update({})).code).toBe('registry.nothing-to-change');
  });

  it('refuses to update an institution that is not registered', () => {
    expect(refusalOf(() => decideInstitution({ type: 'UpdateInstitution', institutionId: 'x', name: 'n' }, given(), { now })).code).toBe('registry.unknown-institution');
  });
});

describe('expert (专家)', () => {
  const given = (...events: ExpertEvent[]) => events.reduce(evolveExpert, initialExpertState);
  /** Runs commands in order, each decided against the state the earlier ones left. */
  const history = (...commands: ExpertCommand[]) =>
    commands.reduce<ExpertEvent[]>((events, command) => [...events, ...recordable(decideExpert(command, given(...events), { now }))], []);
  const register: ExpertCommand = { type: 'RegisterExpert', expertId: 'expert-1', name: 'Zhang Wei' };
  const grant: ExpertCommand = { type: 'GrantQualification', expertId: 'expert-1', discipline: 'pressure', certificateNumber: 'C-1', validFrom: '2026-01-01', validUntil: '2030-12-31' };

  it('registers once', () => {
    expect(history(register)).toEqual([{ type: RegistryEventTypes.ExpertRegistered, data: { expertId: 'expert-1', name: 'Zhang Wei', registeredAt: now.toISOString() } }]);
    expect(refusalOf(() => history(register, register)).code).toBe('registry.already-registered');
  });

  it('refuses every change to an expert that is not registered', () => {
    expect(refusalOf(() => history(grant)).code).toBe('registry.unknown-expert');
  });

  it('grants a qualification with its validity and refuses a second grant of the same certificate', () => {
    expect(given(...history(register, grant)).qualifications).toEqual([{ discipline: 'pressure', certificateNumber: 'C-1', validFrom: '2026-01-01', validUntil: '2030-12-31' }]);
    expect(refusalOf(() => history(register, grant, grant)).code).toBe('registry.qualification-already-granted');
  });

  it('refuses a validity that ends before it begins, or dates that are not days', () => {
    expect(refusalOf(() => history(register, { ...grant, validFrom: '2030-01-01', validUntil: '2029-12-31' })).code).toBe('registry.invalid-validity');
    expect(refusalOf(() => history(register, { ...grant, validUntil: '2030-02-30' })).code).toBe('registry.invalid-date');
    // A validity of a single day is a validity.
    expect(history(register, { ...grant, validFrom: '2027-03-01', validUntil: '2027-03-01' })).toHaveLength(2);
  });

  it('revokes a qualification from the day of the decision in China, once', () => {
    // 2026-11-27T17:00Z is already 28 November in China.
    const revoke: ExpertCommand = { type: 'RevokeQualification', expertId: 'expert-1', certificateNumber: 'C-1', reason: 'withdrawn' };
    const before = given(...history(register, grant));
    const [revoked] = recordable(decideExpert(revoke, before, { now: new Date('2026-11-27T17:00:00Z') }));
    expect(revoked.data).toMatchObject({ discipline: 'pressure', revokedOn: '2026-11-28', reason: 'withdrawn' });
    const after = evolveExpert(before, revoked);
    expect(after.qualifications[0]).toMatchObject({ revokedOn: '2026-11-28', revocationReason: 'withdrawn' });
    expect(refusalOf(() => decideExpert(revoke, after, { now })).code).toBe('registry.qualification-already-revoked');
    expect(refusalOf(() => decideExpert({ ...revoke, certificateNumber: 'C-9' }, after, { now })).code).toBe('registry.unknown-qualification');
  });

  it('ends the previous affiliation on the day the next one begins', () => {
    const events = history(
      register,
      { type: 'ChangeAffiliation', expertId: 'expert-1', institutionId: 'inst-a', from: '2020-03-01' },
      { type: 'ChangeAffiliation', expertId: 'expert-1', institutionId: 'inst-b', from: '2024-07-15' },
    );
    expect(events[1].data).not.toHaveProperty('previousInstitutionId');
    expect(events[2].data).toMatchObject({ institutionId: 'inst-b', from: '2024-07-15', previousInstitutionId: 'inst-a' });
    expect(given(...events).affiliations).toEqual([
      { institutionId: 'inst-a', from: '2020-03-01', until: '2024-07-15' },
      { institutionId: 'inst-b', from: '2024-07-15' },
    ]);
  });

  it('refuses an affiliation to the institution the expert already belongs to, or one dated before the current one began', () => {
    const joined = history(register, { type: 'ChangeAffiliation', expertId: 'expert-1', institutionId: 'inst-a', from: '2024-07-15' });
    const state = given(...joined);
    const change = (institutionId: string, from: string) => () => decideExpert({ type: 'ChangeAffiliation', expertId: 'expert-1', institutionId, from }, state, { now });
    expect(refusalOf(change('inst-a', '2025-01-01')).code).toBe('registry.affiliation-unchanged');
    expect(refusalOf(change('inst-b', '2024-07-15')).code).toBe('registry.affiliation-out-of-order');
    expect(refusalOf(change('inst-b', '2023-01-01')).code).toBe('registry.affiliation-out-of-order');
    expect(refusalOf(change('inst-b', '15/07/2025')).code).toBe('registry.invalid-date');
  });

  it('records a declared interest in an institution, a case or both, each once, and refuses one that names neither', () => {
    const declare = (interest: { institutionId?: string; caseId?: string }): ExpertCommand => ({ type: 'DeclareInterest', expertId: 'expert-1', reason: 'former supervisor', ...interest });
    const events = history(register, declare({ institutionId: 'inst-a' }), declare({ caseId: 'case-1' }), declare({ institutionId: 'inst-a', caseId: 'case-2' }));
    expect(events[1].data).toEqual({ expertId: 'expert-1', institutionId: 'inst-a', reason: 'former supervisor', declaredAt: now.toISOString() });
    expect(given(...events).interests.map(({ institutionId, caseId }) => ({ institutionId, caseId }))).toEqual([
      { institutionId: 'inst-a', caseId: undefined },
      { institutionId: undefined, caseId: 'case-1' },
      { institutionId: 'inst-a', caseId: 'case-2' },
    ]);
    expect(refusalOf(() => decideExpert(declare({ caseId: 'case-1' }), given(...events), { now })).code).toBe('registry.interest-already-declared');
    expect(refusalOf(() => decideExpert(declare({}), given(...events), { now })).code).toBe('registry.interest-without-subject');
  });
});
