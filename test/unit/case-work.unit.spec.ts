import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../../src/identity/roles.js';
import type { AssessmentCaseView } from '../../src/standards/projections/assessment-cases.projection.js';
import { caseVisibleTo, inboxOf, isOverdue, matchesFilter, openLimit } from '../../src/standards/queries/case-work.js';

const now = new Date('2026-12-10T02:00:00Z');
const view = (caseId: string, changes: Partial<AssessmentCaseView>): AssessmentCaseView => ({
  caseId,
  kind: 'NEW',
  institutionId: 'INST-A',
  standard: { name: `standard ${caseId}`, category: 'PUBLIC', measurand: 'pressure' },
  status: 'SUBMITTED',
  submittedAt: `2026-11-${caseId.padStart(2, '0')}T02:00:00.000Z`,
  acceptanceDueAt: '2026-12-20T16:00:00.000Z',
  lastPosition: 1,
  updatedAt: '2026-11-01T00:00:00.000Z',
  ...changes,
});
const secretariat: Actor = { id: 'officer-1', roles: ['secretariat'] };
const institutionA: Actor = { id: 'eng-1', roles: ['institution'], institutionId: 'INST-A' };
const expertLi: Actor = { id: 'expert-li', roles: ['expert'] };

const cases = [
  view('1', {}), // acceptance due 20 December
  view('2', { status: 'ACCEPTED' }),
  view('3', { status: 'EVALUATED_PASS', decisionDueAt: '2026-12-09T16:00:00.000Z', assessors: ['expert-li'] }), // decision overdue
  view('4', { status: 'RECTIFICATION', rectificationDueAt: '2026-12-15T16:00:00.000Z', assessors: ['expert-li'] }),
  view('5', { status: 'RECTIFICATION', rectificationDueAt: '2026-12-15T16:00:00.000Z', rectificationSubmittedAt: '2026-12-01T00:00:00.000Z', assessors: ['expert-li'], institutionId: 'INST-B' }),
  view('6', { status: 'SUPPLEMENT_REQUESTED' }),
  view('7', { status: 'APPROVED' }),
  view('8', { status: 'UNDER_EVALUATION', assessors: ['expert-wang'], institutionId: 'INST-B' }),
];

describe('open limits and overdue cases', () => {
  it('names the limit the case runs against in its status, and none once the step is done', () => {
    expect(openLimit(cases[0])).toEqual({ step: 'ACCEPTANCE', dueAt: '2026-12-20T16:00:00.000Z' });
    expect(openLimit(cases[2])).toEqual({ step: 'DECISION', dueAt: '2026-12-09T16:00:00.000Z' });
    expect(openLimit(cases[3])).toEqual({ step: 'RECTIFICATION', dueAt: '2026-12-15T16:00:00.000Z' });
    expect(openLimit(cases[4])).toBeUndefined(); // submitted: the applicant's limit no longer runs
    expect(openLimit(cases[6])).toBeUndefined();
    expect(cases.filter((c) => isOverdue(c, now)).map((c) => c.caseId)).toEqual(['3']);
  });
});

describe('the case list filters', () => {
  it('narrows by each filter given, and by division prefix (a county, or a whole city)', () => {
    const ids = (filter: Parameters<typeof matchesFilter>[2], division = '330106') => cases.filter((c) => matchesFilter(c, division, filter, now)).map((c) => c.caseId);
    expect(ids({})).toHaveLength(8);
    expect(ids({ status: 'RECTIFICATION' })).toEqual(['4', '5']);
    expect(ids({ overdue: true })).toEqual(['3']);
    expect(ids({ overdue: false })).toHaveLength(7);
    expect(ids({ institutionId: 'INST-B' })).toEqual(['5', '8']);
    expect(ids({ division: '3301' })).toHaveLength(8);
    expect(ids({ division: '330106' })).toHaveLength(8);
    expect(ids({ division: '330108' })).toEqual([]);
    // An applicant the registry does not know is in no division.
    expect(cases.filter((c) => matchesFilter(c, undefined, { division: '33' }, now))).toEqual([]);
    expect(ids({ category: 'ENTERPRISE_HIGHEST' })).toEqual([]);
    expect(ids({ kind: 'NEW', status: 'SUBMITTED' })).toEqual(['1']);
  });

  it('shows an institution its own cases, an expert those assigned to him, the authority all', () => {
    expect(cases.filter((c) => caseVisibleTo(institutionA, c))).toHaveLength(6);
    expect(cases.filter((c) => caseVisibleTo(expertLi, c)).map((c) => c.caseId)).toEqual(['3', '4', '5']);
    expect(cases.filter((c) => caseVisibleTo(secretariat, c))).toHaveLength(8);
  });
});

describe('the task inbox', () => {
  it("gives the secretariat its steps, overdue first, then by the nearest limit, then the rest oldest first", () => {
    expect(inboxOf(secretariat, cases, now).map((t) => [t.caseId, t.action, t.overdue])).toEqual([
      ['3', 'decide', true],
      ['1', 'accept-or-request-supplement', false],
      ['2', 'assign-assessors', false],
    ]);
  });

  it("gives the applicant its own steps with their limits, and nothing of another institution's", () => {
    const tasks = inboxOf(institutionA, cases, now);
    expect(tasks.map((t) => [t.caseId, t.action, t.dueAt])).toEqual([
      ['4', 'submit-rectification', '2026-12-15T16:00:00.000Z'],
      ['6', 'resubmit', undefined],
    ]);
    expect(tasks[0].title['zh-CN']).toBe('整改不符合项并提交整改材料');
  });

  it('gives an assessor the cases assigned to him that wait for him', () => {
    expect(inboxOf(expertLi, cases, now).map((t) => [t.caseId, t.action])).toEqual([['5', 'confirm-rectification']]);
    expect(inboxOf({ id: 'expert-wang', roles: ['expert'] }, cases, now).map((t) => [t.caseId, t.action])).toEqual([['8', 'evaluate']]);
    expect(inboxOf({ id: 'auditor-1', roles: ['auditor'] }, cases, now)).toEqual([]);
  });
});
