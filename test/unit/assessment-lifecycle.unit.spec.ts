import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent } from '../../events/assessment.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { DomainError } from '../../src/shared/domain-error.js';
import {
  decideAssessment,
  evolveAssessment,
  initialAssessmentCaseState,
  type AssessmentCommand,
  type DecisionContext,
  type ProposedAssessor,
} from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { thrownBy } from '../support/thrown.js';

/** The assessment case from submission to decision, step by step: given events, when a command, then events or a refusal. */
const caseId = 'case-7';
const at = (iso: string, actorId?: string): DecisionContext => ({ now: new Date(iso), calendar: WEEKDAYS_ONLY, policy: DEFAULT_ASSESSMENT_POLICY, actorId });
const stateOf = (events: AssessmentEvent[]) => events.reduce(evolveAssessment, initialAssessmentCaseState);
const when = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) => {
  const events = decideAssessment(command, stateOf(history), context);
  for (const e of events) expect(eventProblems(e.type, 1, e.data)).toEqual([]); // every decided event passes the catalogue
  return [...history, ...events];
};
const refusal = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) =>
  thrownBy(() => decideAssessment(command, stateOf(history), context), DomainError).code;

const assessor = (expertId: string, refusals: ProposedAssessor['refusals'] = []): ProposedAssessor => ({ expertId, discipline: 'pressure', refusals });
const submitted = when([], { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard: { name: 'BP', category: 'PUBLIC', measurand: 'pressure' } }, at('2026-11-23T02:00:00Z'));
const accepted = when(submitted, { type: 'AcceptApplication', caseId }, at('2026-11-24T02:00:00Z'));
const assigned = when(accepted, { type: 'AssignAssessors', caseId, assessors: [assessor('exp-1'), assessor('exp-2')] }, at('2026-11-25T02:00:00Z'));
const evaluating = when(assigned, { type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, at('2026-11-26T02:00:00Z'));
const rectifying = when(evaluating, { type: 'RequestRectification', caseId, nonconformities: [{ clause: '4.2.3', finding: 'stability records missing for 2025' }] }, at('2026-11-27T02:00:00Z', 'exp-1'));

describe('acceptance: one supplement notice, resubmission, explicit acceptance', () => {
  it('records one supplement notice within the window, then a resubmission opens a new window', () => {
    const noticed = when(submitted, { type: 'RequestSupplement', caseId, missing: ['technical report', 'staff certificates'] }, at('2026-11-26T02:00:00Z'));
    expect(stateOf(noticed).status).toBe('SUPPLEMENT_REQUESTED');
    expect(refusal(noticed, { type: 'DeemApplicationAccepted', caseId }, at('2026-12-10T00:00:00Z'))).toBe('assessment.not-awaiting-acceptance');
    const resubmitted = when(noticed, { type: 'ResubmitApplication', caseId }, at('2026-12-01T02:00:00Z'));
    expect(resubmitted.at(-1)).toMatchObject({ type: AssessmentEventTypes.ApplicationResubmitted, data: { acceptanceDeadline: { dueAt: '2026-12-08T16:00:00.000Z', workingDays: 5 } } });
    // A new round allows a new notice.
    expect(stateOf(when(resubmitted, { type: 'RequestSupplement', caseId, missing: ['sample certificate'] }, at('2026-12-02T02:00:00Z'))).status).toBe('SUPPLEMENT_REQUESTED');
  });

  it('refuses a second notice in one round, a notice after the window, an empty notice, and resubmitting unasked', () => {
    const noticed = when(submitted, { type: 'RequestSupplement', caseId, missing: ['x'] }, at('2026-11-24T02:00:00Z'));
    expect(refusal(noticed, { type: 'RequestSupplement', caseId, missing: ['y'] }, at('2026-11-24T03:00:00Z'))).toBe('assessment.step-not-allowed-now');
    expect(refusal(submitted, { type: 'RequestSupplement', caseId, missing: ['x'] }, at('2026-11-30T16:00:00Z'))).toBe('assessment.supplement-window-closed');
    expect(refusal(submitted, { type: 'RequestSupplement', caseId, missing: [] }, at('2026-11-24T02:00:00Z'))).toBe('assessment.supplement-lists-nothing');
    expect(refusal(submitted, { type: 'ResubmitApplication', caseId }, at('2026-11-24T02:00:00Z'))).toBe('assessment.step-not-allowed-now');
    expect(refusal([], { type: 'AcceptApplication', caseId }, at('2026-11-24T02:00:00Z'))).toBe('assessment.unknown-case');
  });

  it('accepts explicitly, after which neither a notice nor deemed acceptance applies', () => {
    expect(stateOf(accepted).status).toBe('ACCEPTED');
    expect(refusal(accepted, { type: 'RequestSupplement', caseId, missing: ['x'] }, at('2026-11-24T03:00:00Z'))).toBe('assessment.step-not-allowed-now');
    expect(refusal(accepted, { type: 'DeemApplicationAccepted', caseId }, at('2026-12-10T00:00:00Z'))).toBe('assessment.not-awaiting-acceptance');
  });
});

describe('assessors and evaluation', () => {
  it('assigns one or two different assessors that the conflict-of-interest rule allows', () => {
    expect(stateOf(assigned).assessors?.map((a) => a.expertId)).toEqual(['exp-1', 'exp-2']);
    expect(refusal(accepted, { type: 'AssignAssessors', caseId, assessors: [] }, at('2026-11-25T02:00:00Z'))).toBe('assessment.assessor-count');
    expect(refusal(accepted, { type: 'AssignAssessors', caseId, assessors: [assessor('a'), assessor('b'), assessor('c')] }, at('2026-11-25T02:00:00Z'))).toBe('assessment.assessor-count');
    expect(refusal(accepted, { type: 'AssignAssessors', caseId, assessors: [assessor('a'), assessor('a')] }, at('2026-11-25T02:00:00Z'))).toBe('assessment.assessor-count');
    const conflicted = assessor('exp-9', [{ rule: 'coi.current-affiliation', text: { en: 'He works for the applicant.', 'zh-CN': '其任职于申请单位。' } }]);
    const error = thrownBy(() => decideAssessment({ type: 'AssignAssessors', caseId, assessors: [assessor('exp-1'), conflicted] }, stateOf(accepted), at('2026-11-25T02:00:00Z')), DomainError);
    expect(error.code).toBe('coi.current-affiliation');
    expect(error.text['zh-CN']).toContain('其任职于申请单位');
    expect(refusal(submitted, { type: 'AssignAssessors', caseId, assessors: [assessor('exp-1')] }, at('2026-11-25T02:00:00Z'))).toBe('assessment.step-not-allowed-now');
  });

  it('evaluates a new standard on site; document review alone is refused for it', () => {
    expect(stateOf(evaluating)).toMatchObject({ status: 'UNDER_EVALUATION', evaluationMode: 'ON_SITE' });
    expect(refusal(assigned, { type: 'StartEvaluation', caseId, mode: 'DOCUMENT_REVIEW' }, at('2026-11-26T02:00:00Z'))).toBe('assessment.new-standard-needs-on-site');
  });

  it('lets only an assigned assessor request rectification or conclude', () => {
    const request: AssessmentCommand = { type: 'RequestRectification', caseId, nonconformities: [{ clause: '1', finding: 'f' }] };
    expect(refusal(evaluating, request, at('2026-11-27T02:00:00Z', 'exp-5'))).toBe('assessment.not-an-assigned-assessor');
    expect(refusal(evaluating, request, at('2026-11-27T02:00:00Z'))).toBe('assessment.not-an-assigned-assessor');
    expect(refusal(evaluating, { type: 'RequestRectification', caseId, nonconformities: [] }, at('2026-11-27T02:00:00Z', 'exp-1'))).toBe('assessment.rectification-lists-nothing');
    expect(refusal(evaluating, { type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 's' }, at('2026-11-27T02:00:00Z', 'someone'))).toBe('assessment.not-an-assigned-assessor');
  });
});

describe('rectification', () => {
  it('sets the deadline 15 working days out and returns to evaluation once the assessor confirms the rectification', () => {
    expect(rectifying.at(-1)).toMatchObject({ data: { deadline: { dueAt: '2026-12-18T16:00:00.000Z', workingDays: 15 } } });
    const submittedFix = when(rectifying, { type: 'SubmitRectification', caseId, evidence: ['sha256:ab12'] }, at('2026-12-10T02:00:00Z'));
    expect(refusal(submittedFix, { type: 'ConfirmRectification', caseId }, at('2026-12-11T02:00:00Z', 'exp-7'))).toBe('assessment.not-an-assigned-assessor');
    const confirmed = when(submittedFix, { type: 'ConfirmRectification', caseId }, at('2026-12-11T02:00:00Z', 'exp-2'));
    expect(stateOf(confirmed).status).toBe('UNDER_EVALUATION');
    // Submitted in time: no longer missable, even after the deadline.
    expect(refusal(submittedFix, { type: 'RecordRectificationMissed', caseId }, at('2026-12-20T00:00:00Z'))).toBe('assessment.rectification-not-missed');
  });

  it('fails the case when the deadline passes without a rectification, and refuses one after it', () => {
    expect(refusal(rectifying, { type: 'ConfirmRectification', caseId }, at('2026-12-01T02:00:00Z', 'exp-1'))).toBe('assessment.rectification-not-submitted');
    expect(refusal(rectifying, { type: 'RecordRectificationMissed', caseId }, at('2026-12-18T15:59:59Z'))).toBe('assessment.rectification-not-missed');
    expect(refusal(rectifying, { type: 'SubmitRectification', caseId, evidence: ['x'] }, at('2026-12-18T16:00:00Z'))).toBe('assessment.rectification-deadline-passed');
    expect(refusal(rectifying, { type: 'SubmitRectification', caseId, evidence: [] }, at('2026-12-01T00:00:00Z'))).toBe('assessment.rectification-without-evidence');
    const failed = when(rectifying, { type: 'RecordRectificationMissed', caseId }, at('2026-12-18T16:00:00Z'));
    expect(stateOf(failed).status).toBe('FAILED');
    expect(refusal(failed, { type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 's' }, at('2026-12-19T00:00:00Z', 'exp-1'))).toBe('assessment.step-not-allowed-now');
  });
});

describe('decision and certificate', () => {
  const passed = when(evaluating, { type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 'meets JJF 1033-2023' }, at('2026-12-01T02:00:00Z', 'exp-1'));
  const failedEvaluation = when(evaluating, { type: 'ConcludeEvaluation', caseId, outcome: 'FAIL', summary: 'uncertainty not demonstrated' }, at('2026-12-01T02:00:00Z', 'exp-2'));

  it('approves a passed evaluation and issues a certificate valid five years (to the day before)', () => {
    const approved = when(passed, { type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [], certificateNo: '[2026]浙量标金证字第001号' }, at('2026-12-02T02:00:00Z'));
    expect(approved.at(-1)).toMatchObject({ data: { decision: 'APPROVED', certificate: { certificateNo: '[2026]浙量标金证字第001号', validFrom: '2026-12-02', validUntil: '2031-12-01' } } });
    expect(stateOf(approved).status).toBe('APPROVED');
    expect(refusal(approved, { type: 'DecideCase', caseId, decision: 'REFUSED', reasons: ['x'] }, at('2026-12-03T02:00:00Z'))).toBe('assessment.step-not-allowed-now');
  });

  it('refuses with reasons; never approves a failed evaluation; an approval needs a certificate number', () => {
    expect(refusal(failedEvaluation, { type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [], certificateNo: 'n' }, at('2026-12-02T02:00:00Z'))).toBe('assessment.approval-needs-passed-evaluation');
    expect(refusal(failedEvaluation, { type: 'DecideCase', caseId, decision: 'REFUSED', reasons: [] }, at('2026-12-02T02:00:00Z'))).toBe('assessment.refusal-needs-reasons');
    expect(refusal(passed, { type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [] }, at('2026-12-02T02:00:00Z'))).toBe('assessment.approval-needs-certificate-number');
    const refused = when(failedEvaluation, { type: 'DecideCase', caseId, decision: 'REFUSED', reasons: ['uncertainty evaluation missing'] }, at('2026-12-02T02:00:00Z'));
    expect(stateOf(refused).status).toBe('REFUSED');
  });

  it('ends a certificate issued on 29 February the day before its anniversary (28 February) five years on', () => {
    const leap = { ...at('2028-02-29T02:00:00Z') };
    const approved = decideAssessment({ type: 'DecideCase', caseId, decision: 'APPROVED', reasons: [], certificateNo: 'n' }, stateOf(passed), leap);
    expect(approved[0].data).toMatchObject({ certificate: { validFrom: '2028-02-29', validUntil: '2033-02-27' } });
  });
});
