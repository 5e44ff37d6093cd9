import { describe, expect, it } from '@jest/globals';
import { DEMO_INSTITUTIONS, DEMO_USERS } from '../../src/console/demo-users.js';
import { DEMO_CASES, DEMO_COMPARISON, DEMO_EXPERTS, DEMO_SPECIFICATION } from '../../src/demo/demo-scenario.js';
import { isValidUscc } from '../../src/identity/registry/domain/uscc.js';

/** The demo scenario is consistent with itself and with the registry's rules, before any run. */
describe('the demo scenario', () => {
  it('gives every demo institution a valid unified social credit code and one staff user', () => {
    for (const institution of Object.values(DEMO_INSTITUTIONS)) {
      expect({ id: institution.institutionId, valid: isValidUscc(institution.institutionId) }).toEqual({ id: institution.institutionId, valid: true });
      expect(institution.institutionId.slice(2, 8)).toBe(institution.division);
      expect(DEMO_USERS.filter((u) => u.role === 'institution' && u.institutionId === institution.institutionId)).toHaveLength(1);
    }
  });

  it('names each user once, with names in both languages, and an account for every expert', () => {
    expect(new Set(DEMO_USERS.map((u) => u.sub)).size).toBe(DEMO_USERS.length);
    for (const user of DEMO_USERS) expect(user.name['zh-CN'] && user.name.en && (user.role === 'institution') === !!user.institutionId).toBe(true);
    expect(DEMO_EXPERTS.map((e) => e.expertId).sort()).toEqual(DEMO_USERS.filter((u) => u.role === 'expert').map((u) => u.sub).sort());
  });

  it('assigns qualified assessors with no affiliation to the applicant, and tries the conflicted one first', () => {
    const expert = (id: string) => DEMO_EXPERTS.find((e) => e.expertId === id)!;
    for (const demoCase of DEMO_CASES.filter((c) => c.assessor)) {
      const { expertId, discipline } = demoCase.assessor!;
      expect({ case: demoCase.key, qualified: expert(expertId).disciplines.includes(discipline), conflicted: expert(expertId).affiliation?.institution === demoCase.institution }).toEqual({
        case: demoCase.key,
        qualified: true,
        conflicted: false,
      });
      if (demoCase.refusedAssessor) expect(expert(demoCase.refusedAssessor).affiliation?.institution).toBe(demoCase.institution);
    }
    expect(DEMO_CASES.some((c) => c.refusedAssessor)).toBe(true);
  });

  it('covers every main state, with distinct certificate numbers, standards and keys', () => {
    expect(new Set(DEMO_CASES.map((c) => c.target))).toEqual(new Set(['SUBMITTED', 'ACCEPTED', 'SUPPLEMENT_REQUESTED', 'UNDER_EVALUATION', 'RECTIFICATION', 'APPROVED']));
    const approved = DEMO_CASES.filter((c) => c.target === 'APPROVED');
    expect(new Set(approved.map((c) => c.certificateSerial)).size).toBe(approved.length);
    expect(new Set(DEMO_CASES.map((c) => c.key)).size).toBe(DEMO_CASES.length);
    expect(new Set(DEMO_CASES.map((c) => `${c.institution}/${c.standard.name}`)).size).toBe(DEMO_CASES.length);
  });

  it('has exactly one comparison lab whose result is far from the others, and comments from two institutions and the public', () => {
    const labs = [DEMO_COMPARISON.pilot, ...DEMO_COMPARISON.participants];
    expect(labs.every((lab) => DEMO_COMPARISON.results[lab])).toBe(true);
    expect(labs).toContain(DEMO_COMPARISON.unsatisfactory);
    expect(DEMO_SPECIFICATION.comments.map((c) => c.from)).toEqual(['yiwu', 'dongyang', 'public']);
  });
});
