import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/identity/roles.js';
import type { ComparisonOutcome, InstitutionOutcomes } from '../../src/comparisons/projections/comparison-outcomes.projection.js';
import { comparisonTasksOf, outcomesFor } from '../../src/comparisons/queries/comparison-outcomes.js';

/** Who sees comparison outcomes, and the follow-up tasks an unsatisfactory outcome opens (pure functions over the read model). */
const outcome = (comparisonId: string, followUp?: ComparisonOutcome['followUp']): ComparisonOutcome => ({
  comparisonId,
  title: `comparison ${comparisonId}`,
  measurand: 'mass',
  unit: 'mg',
  publishedAt: '2027-05-01T00:00:00.000Z',
  role: 'PARTICIPANT',
  value: followUp ? 0.6 : 0,
  expandedUncertainty: 0.2,
  coverageFactor: 2,
  reference: { value: 0.067, expandedUncertainty: 0.067, coverageFactor: 2 },
  en: followUp ? 2.83 : -0.9,
  satisfactory: !followUp,
  ...(followUp ? { followUp } : {}),
});
const doc = (institutionId: string, outcomes: ComparisonOutcome[]): InstitutionOutcomes => ({ institutionId, outcomes, lastPosition: 1, updatedAt: '2027-05-01T00:00:00.000Z' });
const DUE = '2027-05-31T00:00:00.000Z';
const documents = [
  doc('lab-a', [outcome('c-1')]),
  doc('lab-b', [outcome('c-1', { status: 'OPEN', dueAt: DUE })]),
  doc('lab-c', [outcome('c-1', { status: 'OPEN', dueAt: DUE, causeAnalysisRecordedAt: '2027-05-10T00:00:00.000Z', correctiveActionRecordedAt: '2027-05-12T00:00:00.000Z' })]),
];
const institution = (institutionId: string): Actor => ({ id: `u-${institutionId}`, roles: ['institution'], institutionId }) as Actor;
const secretariat = { id: 'officer-1', roles: ['secretariat'] } as unknown as Actor;
const auditor = { id: 'auditor-1', roles: ['auditor'] } as unknown as Actor;

describe('comparison outcomes: who sees them', () => {
  it('an institution sees its own outcomes only; the authority every institution or the one it names', () => {
    expect(outcomesFor(institution('lab-a'), documents).map((o) => o.institutionId)).toEqual(['lab-a']);
    expect(outcomesFor(institution('lab-a'), documents, 'lab-b')).toEqual([]);
    expect(outcomesFor(auditor, documents).map((o) => o.institutionId)).toEqual(['lab-a', 'lab-b', 'lab-c']);
    expect(outcomesFor(secretariat, documents, 'lab-b')).toEqual([expect.objectContaining({ institutionId: 'lab-b', satisfactory: false, en: 2.83 })]);
  });
});

describe('comparison outcomes: follow-up tasks in the inbox', () => {
  it('the unsatisfactory lab has a task until its analysis and action are in, overdue after the limit; then the secretariat closes it', () => {
    expect(comparisonTasksOf(institution('lab-b'), documents, new Date('2027-05-20T00:00:00Z'))).toEqual([
      expect.objectContaining({ comparisonId: 'c-1', action: 'comparison-follow-up', institutionId: 'lab-b', dueAt: DUE, overdue: false }),
    ]);
    expect(comparisonTasksOf(institution('lab-b'), documents, new Date(DUE))[0].overdue).toBe(true);
    expect(comparisonTasksOf(institution('lab-a'), documents, new Date(DUE))).toEqual([]);
    expect(comparisonTasksOf(institution('lab-c'), documents, new Date(DUE))).toEqual([]);
    expect(comparisonTasksOf(secretariat, documents, new Date(DUE))).toEqual([expect.objectContaining({ action: 'close-comparison-follow-up', institutionId: 'lab-c', overdue: false })]);
    expect(comparisonTasksOf(auditor, documents, new Date(DUE))).toEqual([]);
  });

  it('an escalated follow-up is overdue; a closed one is no task', () => {
    const escalated = [doc('lab-b', [outcome('c-2', { status: 'OPEN', dueAt: DUE, overdueSince: DUE })])];
    expect(comparisonTasksOf(institution('lab-b'), escalated, new Date('2027-05-01T00:00:00Z'))[0].overdue).toBe(true);
    const closed = [doc('lab-b', [outcome('c-2', { status: 'CLOSED', dueAt: DUE, closedAt: '2027-06-10T00:00:00.000Z' })])];
    expect(comparisonTasksOf(institution('lab-b'), closed, new Date(DUE))).toEqual([]);
    expect(comparisonTasksOf(secretariat, closed, new Date(DUE))).toEqual([]);
  });
});
