import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent } from '../../events/assessment.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { addWorkingDays, subtractWorkingDays, WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { decideAssessment, evolveAssessment, initialAssessmentCaseState, type AssessmentCommand, type DecisionContext } from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { thrownBy } from '../support/thrown.js';

/**
 * The limits the authority works against: the reminder before a limit runs out, the decision limit
 * of 10 working days after the conclusion, its one extension by 10 more with reasons, and the
 * escalation when it passes with no decision. Weekdays-only calendar; China time is UTC+8.
 */
const caseId = 'case-d';
const at = (iso: string, actorId?: string, policy = DEFAULT_ASSESSMENT_POLICY): DecisionContext => ({ now: new Date(iso), calendar: WEEKDAYS_ONLY, policy, actorId });
const stateOf = (events: AssessmentEvent[]) => events.reduce(evolveAssessment, initialAssessmentCaseState);
const when = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) => {
  const events = decideAssessment(command, stateOf(history), context);
  for (const e of events) expect(eventProblems(e.type, 1, e.data)).toEqual([]);
  return [...history, ...events];
};
const refusal = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) =>
  thrownBy(() => decideAssessment(command, stateOf(history), context), DomainError).code;

// Monday 23 November 2026, 10:00 in China.
const submitted = when([], { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard: { name: 'BP', category: 'PUBLIC', measurand: 'pressure' } }, at('2026-11-23T02:00:00Z'));
const accepted = when(submitted, { type: 'AcceptApplication', caseId }, at('2026-11-24T02:00:00Z'));
const assigned = when(accepted, { type: 'AssignAssessors', caseId, assessors: [{ expertId: 'exp-1', discipline: 'pressure', refusals: [] }] }, at('2026-11-24T03:00:00Z'));
const evaluating = when(assigned, { type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, at('2026-11-24T04:00:00Z'));
// Friday 27 November: the assessor concludes; the authority has 10 working days, to Friday 11 December.
const concluded = when(evaluating, { type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 'conforms' }, at('2026-11-27T02:00:00Z', 'exp-1'));

describe('working days backwards', () => {
  it('counts back from the day before, skipping weekends, and undoes addWorkingDays', () => {
    expect(subtractWorkingDays(WEEKDAYS_ONLY, '2026-11-30', 1)).toBe('2026-11-27'); // Monday → Friday
    expect(subtractWorkingDays(WEEKDAYS_ONLY, '2026-11-30', 0)).toBe('2026-11-30');
    for (const n of [1, 3, 5, 10, 15]) expect(subtractWorkingDays(WEEKDAYS_ONLY, addWorkingDays(WEEKDAYS_ONLY, '2026-11-23', n), n)).toBe('2026-11-23');
    expect(() => subtractWorkingDays(WEEKDAYS_ONLY, '2026-11-30', -1)).toThrow(RangeError);
  });
});

describe('reminders before a limit runs out', () => {
  it('schedules the reminder at the start of the second working day before the last day, in every recorded limit', () => {
    // Acceptance: last day Monday 30 November; reminded from Thursday 26 November 00:00 China.
    expect(submitted[0]).toMatchObject({ data: { acceptanceDeadline: { dueAt: '2026-11-30T16:00:00.000Z', remindAt: '2026-11-25T16:00:00.000Z' } } });
    expect(concluded.at(-1)).toMatchObject({
      type: AssessmentEventTypes.EvaluationConcluded,
      data: { decisionDeadline: { dueAt: '2026-12-11T16:00:00.000Z', workingDays: 10, calendar: 'weekdays-only/v1', remindAt: '2026-12-08T16:00:00.000Z' } },
    });
  });

  it('leaves the reminder out when the policy sets none or the limit is too short for one', () => {
    const none = decideAssessment(
      { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'i', standard: { name: 'n', category: 'PUBLIC', measurand: 'm' } },
      initialAssessmentCaseState,
      at('2026-11-23T02:00:00Z', undefined, { ...DEFAULT_ASSESSMENT_POLICY, reminderLeadWorkingDays: 0 }),
    );
    expect((none[0].data as { acceptanceDeadline: object }).acceptanceDeadline).not.toHaveProperty('remindAt');
    const short = decideAssessment(
      { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'i', standard: { name: 'n', category: 'PUBLIC', measurand: 'm' } },
      initialAssessmentCaseState,
      at('2026-11-23T02:00:00Z', undefined, { ...DEFAULT_ASSESSMENT_POLICY, acceptanceWorkingDays: 2 }),
    );
    expect((short[0].data as { acceptanceDeadline: object }).acceptanceDeadline).not.toHaveProperty('remindAt');
  });

  it('reminds the authority of the acceptance limit once, not before its time, and not once the step is done', () => {
    expect(refusal(submitted, { type: 'SendDeadlineReminder', caseId, step: 'ACCEPTANCE' }, at('2026-11-25T15:59:59Z'))).toBe('assessment.reminder-not-due-yet');
    const reminded = when(submitted, { type: 'SendDeadlineReminder', caseId, step: 'ACCEPTANCE' }, at('2026-11-25T16:00:00Z'));
    expect(reminded.at(-1)).toEqual({
      type: AssessmentEventTypes.DeadlineReminderSent,
      data: { caseId, step: 'ACCEPTANCE', audience: 'AUTHORITY', dueAt: '2026-11-30T16:00:00.000Z', remindedAt: '2026-11-25T16:00:00.000Z' },
    });
    expect(refusal(reminded, { type: 'SendDeadlineReminder', caseId, step: 'ACCEPTANCE' }, at('2026-11-26T02:00:00Z'))).toBe('assessment.reminder-already-sent');
    expect(refusal(accepted, { type: 'SendDeadlineReminder', caseId, step: 'ACCEPTANCE' }, at('2026-11-26T02:00:00Z'))).toBe('assessment.no-reminder-due');
  });

  it('reminds the applicant of the rectification limit, and nobody once it is submitted', () => {
    const rectifying = when(evaluating, { type: 'RequestRectification', caseId, nonconformities: [{ clause: '4.2', finding: 'f' }] }, at('2026-11-25T02:00:00Z', 'exp-1'));
    const deadline = (rectifying.at(-1)!.data as { deadline: { dueAt: string; remindAt: string } }).deadline;
    // 15 working days from Wednesday 25 November: Wednesday 16 December; reminded from Monday 14 December
    // 00:00 China, which is the end of the Friday before.
    expect(deadline).toMatchObject({ dueAt: '2026-12-16T16:00:00.000Z', remindAt: '2026-12-11T16:00:00.000Z' });
    const reminded = when(rectifying, { type: 'SendDeadlineReminder', caseId, step: 'RECTIFICATION' }, at('2026-12-14T01:00:00Z'));
    expect(reminded.at(-1)!.data).toMatchObject({ step: 'RECTIFICATION', audience: 'APPLICANT' });
    const submittedFix = when(rectifying, { type: 'SubmitRectification', caseId, evidence: ['sha256:abc'] }, at('2026-12-01T02:00:00Z'));
    expect(refusal(submittedFix, { type: 'SendDeadlineReminder', caseId, step: 'RECTIFICATION' }, at('2026-12-14T01:00:00Z'))).toBe('assessment.no-reminder-due');
  });
});

describe('the decision limit: 10 working days, extended once by 10 with reasons, escalated when it passes', () => {
  it('extends once before it runs out, counting on from the last day of the first limit', () => {
    const extended = when(concluded, { type: 'ExtendDecisionLimit', caseId, reasons: ['expert opinion on the uncertainty budget requested'] }, at('2026-12-10T02:00:00Z'));
    expect(extended.at(-1)).toEqual({
      type: AssessmentEventTypes.DecisionLimitExtended,
      data: {
        caseId,
        extendedAt: '2026-12-10T02:00:00.000Z',
        reasons: ['expert opinion on the uncertainty budget requested'],
        deadline: { dueAt: '2026-12-25T16:00:00.000Z', workingDays: 10, calendar: 'weekdays-only/v1', remindAt: '2026-12-22T16:00:00.000Z' },
        previousDueAt: '2026-12-11T16:00:00.000Z',
      },
    });
    expect(stateOf(extended).decision).toMatchObject({ extended: true, deadline: { dueAt: '2026-12-25T16:00:00.000Z' } });
    expect(refusal(extended, { type: 'ExtendDecisionLimit', caseId, reasons: ['again'] }, at('2026-12-14T02:00:00Z'))).toBe('assessment.decision-limit-extended-once');
    // The first limit no longer counts: nothing is overdue at its end.
    expect(refusal(extended, { type: 'RecordDecisionOverdue', caseId }, at('2026-12-12T00:00:00Z'))).toBe('assessment.decision-not-overdue');
  });

  it('refuses an extension without reasons, after the limit ran out, under a policy that allows none, or before the conclusion', () => {
    expect(refusal(concluded, { type: 'ExtendDecisionLimit', caseId, reasons: [] }, at('2026-12-10T02:00:00Z'))).toBe('assessment.extension-needs-reasons');
    expect(refusal(concluded, { type: 'ExtendDecisionLimit', caseId, reasons: ['late'] }, at('2026-12-11T16:00:00Z'))).toBe('assessment.decision-limit-passed');
    const strict = { ...DEFAULT_ASSESSMENT_POLICY, decisionExtensionWorkingDays: 0 };
    expect(refusal(concluded, { type: 'ExtendDecisionLimit', caseId, reasons: ['r'] }, at('2026-12-10T02:00:00Z', undefined, strict))).toBe('assessment.decision-limit-extended-once');
    expect(refusal(evaluating, { type: 'ExtendDecisionLimit', caseId, reasons: ['r'] }, at('2026-12-10T02:00:00Z'))).toBe('assessment.step-not-allowed-now');
  });

  it('records the decision overdue once when the limit passes undecided; the late decision is still taken', () => {
    expect(refusal(concluded, { type: 'RecordDecisionOverdue', caseId }, at('2026-12-11T15:59:59Z'))).toBe('assessment.decision-not-overdue');
    const overdue = when(concluded, { type: 'RecordDecisionOverdue', caseId }, at('2026-12-11T16:00:00Z'));
    expect(overdue.at(-1)).toEqual({ type: AssessmentEventTypes.DecisionOverdue, data: { caseId, dueAt: '2026-12-11T16:00:00.000Z', escalatedAt: '2026-12-11T16:00:00.000Z' } });
    expect(refusal(overdue, { type: 'RecordDecisionOverdue', caseId }, at('2026-12-12T00:00:00Z'))).toBe('assessment.decision-not-overdue');
    const decided = when(overdue, { type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [], certificateNo: 'C-1' }, at('2026-12-14T02:00:00Z'));
    expect(stateOf(decided).status).toBe('APPROVED');
    expect(refusal(decided, { type: 'SendDeadlineReminder', caseId, step: 'DECISION' }, at('2026-12-14T03:00:00Z'))).toBe('assessment.no-reminder-due');
  });
});
