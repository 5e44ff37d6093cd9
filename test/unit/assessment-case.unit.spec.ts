import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent } from '../../events/assessment.events.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { DomainError } from '../../src/shared/domain-error.js';
import {
  decideAssessment,
  evolveAssessment,
  initialAssessmentCaseState,
  type AssessmentCommand,
  type DecisionContext,
} from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { thrownBy } from '../support/thrown.js';

const at = (iso: string): DecisionContext => ({ now: new Date(iso), calendar: WEEKDAYS_ONLY, policy: DEFAULT_ASSESSMENT_POLICY });
const submit: AssessmentCommand = {
  type: 'SubmitApplication',
  caseId: 'case-1',
  kind: 'NEW',
  institutionId: 'inst-1',
  standard: { name: 'Sphygmomanometer standard', category: 'PUBLIC', measurand: 'pressure' },
};
const given = (...events: AssessmentEvent[]) => events.reduce(evolveAssessment, initialAssessmentCaseState);
const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);

describe('assessment case: submission and acceptance', () => {
  it('records a submission with the acceptance deadline five working days later, end of day China time', () => {
    // Friday 2026-11-27, 10:00 in China: five working days are Mon 30 Nov to Fri 4 Dec.
    const [event] = decideAssessment(submit, given(), at('2026-11-27T02:00:00Z'));
    expect(event.type).toBe(AssessmentEventTypes.ApplicationSubmitted);
    expect(event.data).toMatchObject({
      caseId: 'case-1',
      institutionId: 'inst-1',
      submittedAt: '2026-11-27T02:00:00.000Z',
      acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
    });
  });

  it('counts from the China date: late evening UTC is already the next day in China', () => {
    // 2026-11-27T17:00Z is Saturday 01:00 in China; counting starts on Sunday, so the 5th working day is Fri 4 Dec.
    const [event] = decideAssessment(submit, given(), at('2026-11-27T17:00:00Z'));
    expect((event.data as { acceptanceDeadline: { dueAt: string } }).acceptanceDeadline.dueAt).toBe('2026-12-04T16:00:00.000Z');
  });

  it('refuses a second submission of the same case', () => {
    const submitted = decideAssessment(submit, given(), at('2026-11-27T02:00:00Z'));
    const refusal = refusalOf(() => decideAssessment(submit, given(...submitted), at('2026-11-27T03:00:00Z')));
    expect(refusal.code).toBe('assessment.already-submitted');
    expect(refusal.text['zh-CN']).toContain('已提交');
  });

  it('refuses to deem an application accepted before its time limit runs out', () => {
    const submitted = decideAssessment(submit, given(), at('2026-11-27T02:00:00Z'));
    const refusal = refusalOf(() => decideAssessment({ type: 'DeemApplicationAccepted', caseId: 'case-1' }, given(...submitted), at('2026-12-04T15:59:59Z')));
    expect(refusal.code).toBe('assessment.acceptance-time-limit-running');
  });

  it('deems the application accepted once the time limit has run out, naming the deadline that applied', () => {
    const submitted = decideAssessment(submit, given(), at('2026-11-27T02:00:00Z'));
    const events = decideAssessment({ type: 'DeemApplicationAccepted', caseId: 'case-1' }, given(...submitted), at('2026-12-04T16:00:00Z'));
    expect(events).toEqual([
      {
        type: AssessmentEventTypes.ApplicationDeemedAccepted,
        data: {
          caseId: 'case-1',
          acceptedAt: '2026-12-04T16:00:00.000Z',
          // Reminded from Wednesday 2 December, two working days before the last day (Friday 4 December).
          deadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1', remindAt: '2026-12-01T16:00:00.000Z' },
        },
      },
    ]);
    expect(given(...submitted, ...events).status).toBe('ACCEPTED');
  });

  it('refuses to deem accepted a case that was never submitted or is already accepted', () => {
    expect(refusalOf(() => decideAssessment({ type: 'DeemApplicationAccepted', caseId: 'case-1' }, given(), at('2026-12-10T00:00:00Z'))).code).toBe(
      'assessment.not-awaiting-acceptance',
    );
    const submitted = decideAssessment(submit, given(), at('2026-11-27T02:00:00Z'));
    const accepted = decideAssessment({ type: 'DeemApplicationAccepted', caseId: 'case-1' }, given(...submitted), at('2026-12-05T00:00:00Z'));
    expect(
      refusalOf(() => decideAssessment({ type: 'DeemApplicationAccepted', caseId: 'case-1' }, given(...submitted, ...accepted), at('2026-12-06T00:00:00Z'))).code,
    ).toBe('assessment.not-awaiting-acceptance');
  });
});
