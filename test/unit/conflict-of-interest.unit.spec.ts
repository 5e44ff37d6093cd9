import { describe, expect, it } from '@jest/globals';
import type { ExpertEvent } from '../../events/registry.events.js';
import {
  assertAssignable,
  checkAssignment,
  DEFAULT_CONFLICT_OF_INTEREST_POLICY,
  type AssignmentCheck,
  type ConflictRule,
} from '../../src/identity/registry/domain/conflict-of-interest.js';
import { decideExpert, evolveExpert, initialExpertState, type ExpertCommand, type ExpertState } from '../../src/identity/registry/domain/expert.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

const policy = { coolingOffYears: 3 };
const expertId = 'expert-1';
type Step = ExpertCommand extends infer C ? (C extends ExpertCommand ? Omit<C, 'expertId'> : never) : never;
/** An expert whose record is what these commands made of it. */
function expert(...commands: Step[]): ExpertState {
  const now = new Date('2026-11-27T02:00:00Z');
  return [{ type: 'RegisterExpert', name: 'Zhang Wei' } as Step, ...commands].reduce<ExpertState>(
    (state, command) => decideExpert({ ...command, expertId } as ExpertCommand, state, { now }).reduce<ExpertState>((s, e: ExpertEvent) => evolveExpert(s, e), state),
    initialExpertState,
  );
}
const qualified = (discipline = 'pressure', validFrom = '2024-01-01', validUntil = '2028-12-31', certificateNumber = `C-${discipline}`) =>
  ({ type: 'GrantQualification', discipline, certificateNumber, validFrom, validUntil }) as const;
const joins = (institutionId: string, from: string) => ({ type: 'ChangeAffiliation', institutionId, from }) as const;
const declares = (interest: { institutionId?: string; caseId?: string }) => ({ type: 'DeclareInterest', reason: 'brother-in-law is its director', ...interest }) as const;

const assignment = (state: ExpertState, on: string, extra: Partial<AssignmentCheck['case']> = {}): AssignmentCheck => ({
  expert: state,
  case: { institutionId: 'inst-a', discipline: 'pressure', caseId: 'case-1', ...extra },
  on,
  policy,
});
const rules = (check: AssignmentCheck): ConflictRule[] => {
  const verdict = checkAssignment(check);
  return verdict.allowed ? [] : verdict.refusals.map((r) => r.rule);
};

describe('conflict of interest (回避)', () => {
  it('allows a qualified expert with no tie to the institution or the case', () => {
    expect(checkAssignment(assignment(expert(qualified(), joins('inst-b', '2020-01-01')), '2026-06-01'))).toEqual({ allowed: true });
  });

  describe('each rule alone', () => {
    it('coi.current-affiliation: the expert belongs to the case institution', () => {
      const verdict = checkAssignment(assignment(expert(qualified(), joins('inst-a', '2025-01-01')), '2026-06-01'));
      expect(verdict).toEqual({
        allowed: false,
        refusals: [
          {
            rule: 'coi.current-affiliation',
            text: {
              en: 'Expert Zhang Wei (expert-1) belongs to institution inst-a (since 2025-01-01), whose case it is.',
              'zh-CN': '专家 Zhang Wei (expert-1) 自 2025-01-01 起隶属于被考核机构 inst-a，应当回避。',
            },
          },
        ],
      });
    });

    it('coi.recent-affiliation: the expert left the institution within the cooling-off years', () => {
      const state = expert(qualified(), joins('inst-a', '2018-01-01'), joins('inst-b', '2024-07-15'));
      const verdict = checkAssignment(assignment(state, '2026-06-01'));
      expect(verdict.allowed).toBe(false);
      expect(!verdict.allowed && verdict.refusals).toEqual([
        expect.objectContaining({ rule: 'coi.recent-affiliation', text: expect.objectContaining({ en: expect.stringContaining('from 2027-07-15') }) }),
      ]);
    });

    it('coi.declared-interest: in the institution (any of its cases) or in the case', () => {
      expect(rules(assignment(expert(qualified(), declares({ institutionId: 'inst-a' })), '2026-06-01', { caseId: 'case-7' }))).toEqual(['coi.declared-interest']);
      expect(rules(assignment(expert(qualified(), declares({ caseId: 'case-1' })), '2026-06-01'))).toEqual(['coi.declared-interest']);
      // An interest in another case of another institution does not bar this one.
      expect(rules(assignment(expert(qualified(), declares({ institutionId: 'inst-z', caseId: 'case-9' })), '2026-06-01'))).toEqual([]);
      // Without a case id, only an interest in the institution can match.
      expect(rules(assignment(expert(qualified(), declares({ caseId: 'case-1' })), '2026-06-01', { caseId: undefined }))).toEqual([]);
    });

    it('coi.no-valid-qualification: none in the discipline, expired, not yet valid, or revoked', () => {
      expect(rules(assignment(expert(qualified('temperature')), '2026-06-01'))).toEqual(['coi.no-valid-qualification']);
      expect(rules(assignment(expert(qualified('pressure', '2020-01-01', '2025-12-31')), '2026-06-01'))).toEqual(['coi.no-valid-qualification']);
      expect(rules(assignment(expert(qualified('pressure', '2026-07-01', '2030-12-31')), '2026-06-01'))).toEqual(['coi.no-valid-qualification']);
      const revoked = expert(qualified(), { type: 'RevokeQualification', certificateNumber: 'C-pressure', reason: 'withdrawn' }); // revoked on 2026-11-27
      expect(rules(assignment(revoked, '2026-11-26'))).toEqual([]);
      expect(rules(assignment(revoked, '2026-11-27'))).toEqual(['coi.no-valid-qualification']);
      const verdict = checkAssignment(assignment(revoked, '2026-12-01'));
      expect(!verdict.allowed && verdict.refusals[0].text['zh-CN']).toContain('自 2026-11-27 起撤销');
    });

    it('is satisfied by any one valid qualification in the discipline', () => {
      const state = expert(qualified('pressure', '2018-01-01', '2022-12-31', 'C-old'), qualified('pressure', '2023-01-01', '2027-12-31', 'C-new'));
      expect(rules(assignment(state, '2026-06-01'))).toEqual([]);
    });
  });

  it('lists every rule that applies, each by name, in a fixed order', () => {
    // Left inst-a in 2025, declared an interest in it, and holds no pressure qualification.
    const state = expert(qualified('temperature'), joins('inst-a', '2019-01-01'), joins('inst-b', '2025-03-01'), declares({ institutionId: 'inst-a' }));
    expect(rules(assignment(state, '2026-06-01'))).toEqual(['coi.recent-affiliation', 'coi.declared-interest', 'coi.no-valid-qualification']);
    // Rejoined inst-a: now current and recent both apply.
    const back = expert(qualified('temperature'), joins('inst-a', '2019-01-01'), joins('inst-b', '2025-03-01'), joins('inst-a', '2026-01-01'), declares({ caseId: 'case-1' }));
    expect(rules(assignment(back, '2026-06-01'))).toEqual(['coi.current-affiliation', 'coi.recent-affiliation', 'coi.declared-interest', 'coi.no-valid-qualification']);
  });

  describe('boundaries', () => {
    // inst-a until 2023-06-01, the day inst-b began.
    const left = expert(qualified('pressure', '2010-01-01', '2030-12-31'), joins('inst-a', '2015-01-01'), joins('inst-b', '2023-06-01'));

    it('allows the assignment on the day the cooling-off years are complete, and refuses it the day before', () => {
      expect(rules(assignment(left, '2026-05-31'))).toEqual(['coi.recent-affiliation']);
      expect(rules(assignment(left, '2026-06-01'))).toEqual([]);
      expect(rules({ ...assignment(left, '2026-06-01'), policy: { coolingOffYears: 5 } })).toEqual(['coi.recent-affiliation']);
      expect(rules({ ...assignment(left, '2026-06-01'), policy: { coolingOffYears: 0 } })).toEqual([]);
    });

    it('counts the day an affiliation changes as the new institution\'s and the start of the old one\'s cooling-off', () => {
      expect(rules(assignment(left, '2023-05-31'))).toEqual(['coi.current-affiliation']);
      expect(rules(assignment(left, '2023-06-01'))).toEqual(['coi.recent-affiliation']);
      expect(rules(assignment(left, '2023-06-01', { institutionId: 'inst-b' }))).toEqual(['coi.current-affiliation']);
      // Before the expert joined inst-b, it was nothing to the expert.
      expect(rules(assignment(left, '2014-12-31', { institutionId: 'inst-b' }))).toEqual([]);
    });

    it('counts a qualification as valid on its first and its last day, and not the day after', () => {
      const state = expert(qualified('pressure', '2024-01-01', '2026-06-30'));
      expect(rules(assignment(state, '2024-01-01'))).toEqual([]);
      expect(rules(assignment(state, '2026-06-30'))).toEqual([]);
      expect(rules(assignment(state, '2026-07-01'))).toEqual(['coi.no-valid-qualification']);
      expect(rules(assignment(state, '2023-12-31'))).toEqual(['coi.no-valid-qualification']);
    });

    it('keeps 29 February anniversaries in February', () => {
      const leap = expert(qualified(), joins('inst-a', '2015-01-01'), joins('inst-b', '2024-02-29'));
      expect(rules(assignment(leap, '2027-02-27'))).toEqual(['coi.recent-affiliation']);
      expect(rules(assignment(leap, '2027-02-28'))).toEqual([]);
    });
  });

  it('uses three cooling-off years by default', () => {
    expect(DEFAULT_CONFLICT_OF_INTEREST_POLICY.coolingOffYears).toBe(3);
  });

  it('refuses a malformed day or policy as a programming error, not as a verdict', () => {
    expect(() => checkAssignment(assignment(expert(), '2026-02-30'))).toThrow(RangeError);
    expect(() => checkAssignment({ ...assignment(expert(), '2026-06-01'), policy: { coolingOffYears: -1 } })).toThrow(RangeError);
  });

  describe('assertAssignable, for command handlers', () => {
    it('passes an allowed assignment', () => {
      expect(() => assertAssignable(assignment(expert(qualified()), '2026-06-01'))).not.toThrow();
    });

    it('refuses with the first rule as the code and every reason in the text', () => {
      const state = expert(joins('inst-a', '2025-01-01'));
      const refusal = thrownBy(() => assertAssignable(assignment(state, '2026-06-01')), DomainError);
      expect(refusal.code).toBe('coi.current-affiliation');
      expect(refusal.text.en).toContain('belongs to institution inst-a');
      expect(refusal.text.en).toContain('holds no qualification in pressure');
      expect(refusal.text['zh-CN']).toContain('应当回避');
      expect(refusal.text['zh-CN']).toContain('不具备有效的pressure专业考评资格');
    });
  });
});
