import { describe, expect, it } from '@jest/globals';
import { eventProblems } from '../../events/catalogue.js';
import { ComparisonEventTypes } from '../../events/comparison.events.js';
import { decideComparison, evolveComparison, initialComparisonState, type ComparisonCommand, type ComparisonContext } from '../../src/comparisons/domain/comparison.js';
import { InvalidDataError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

/**
 * 参比计量标准: a proposal may name, per lab, the standard it compares; each must be a standard the
 * registry (计量标准档案) holds for that lab. Given/when/then on the pure decider.
 */
const PILOT = 'pilot-lab';
const [A, B] = ['lab-a', 'lab-b'];
const [PILOT_STD, A_STD, B_STD] = ['std-pilot', 'std-a', 'std-b'];
const holders = { [PILOT_STD]: PILOT, [A_STD]: A, [B_STD]: B };
const organiser = (standardHolders: Record<string, string> = holders): ComparisonContext => ({ now: new Date('2027-01-04T02:00:00Z'), actorRole: 'secretariat', standardHolders });
const propose = (standards?: { institutionId: string; standardId: string }[]): ComparisonCommand => ({
  type: 'ProposeComparison',
  comparisonId: 'cmp-1',
  title: '1 kg weights 2027',
  measurand: 'mass',
  pilotInstitutionId: PILOT,
  participants: [A, B],
  ...(standards ? { standards } : {}),
});
const refusalOf = (fn: () => unknown) => thrownBy(fn, InvalidDataError);

describe('the standards a comparison compares', () => {
  it('records the standard named for the pilot and for a participant, and the state keeps them', () => {
    const standards = [
      { institutionId: PILOT, standardId: PILOT_STD },
      { institutionId: A, standardId: A_STD },
    ];
    const events = decideComparison(propose(standards), initialComparisonState, organiser());
    expect(events).toEqual([{ type: ComparisonEventTypes.Proposed, data: expect.objectContaining({ standards }) }]);
    expect(eventProblems(events[0].type, 1, events[0].data)).toEqual([]);
    expect(events.reduce(evolveComparison, initialComparisonState).standards).toEqual(standards);
  });

  it('keeps a proposal without standards as before: no standards field in the event', () => {
    const [event] = decideComparison(propose(), initialComparisonState, organiser({}));
    expect(event.data).not.toHaveProperty('standards');
    expect(eventProblems(event.type, 1, event.data)).toEqual([]);
  });

  it("refuses a standard of another institution (422, comparison.standard-not-of-institution), even another lab's of the comparison", () => {
    const refusal = refusalOf(() => decideComparison(propose([{ institutionId: A, standardId: B_STD }]), initialComparisonState, organiser()));
    expect(refusal).toBeInstanceOf(InvalidDataError);
    expect(refusal.code).toBe('comparison.standard-not-of-institution');
    expect(refusal.text['zh-CN']).toContain(B_STD);
  });

  it('refuses a standard the registry does not hold', () => {
    expect(refusalOf(() => decideComparison(propose([{ institutionId: A, standardId: 'std-unknown' }]), initialComparisonState, organiser())).code).toBe('comparison.standard-not-of-institution');
  });

  it('refuses a standard named for an institution outside the comparison, and two standards for one lab', () => {
    const outsider = refusalOf(() => decideComparison(propose([{ institutionId: 'lab-x', standardId: 'std-x' }]), initialComparisonState, organiser({ ...holders, 'std-x': 'lab-x' })));
    expect(outsider.code).toBe('comparison.standard-lab-not-in-comparison');
    const twice = refusalOf(() =>
      decideComparison(
        propose([
          { institutionId: A, standardId: A_STD },
          { institutionId: A, standardId: 'std-a2' },
        ]),
        initialComparisonState,
        organiser({ ...holders, 'std-a2': A }),
      ),
    );
    expect(twice.code).toBe('comparison.one-standard-per-lab');
  });

  it('the catalogue refuses a malformed standards list in the proposal event', () => {
    const [event] = decideComparison(propose(), initialComparisonState, organiser({}));
    expect(eventProblems(event.type, 1, { ...event.data, standards: [{ institutionId: A }] })).toEqual(['data.standards[0].standardId is required']);
  });
});
