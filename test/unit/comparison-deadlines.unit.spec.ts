import { describe, expect, it } from '@jest/globals';
import { eventProblems } from '../../events/catalogue.js';
import { ComparisonEventTypes, type ComparisonEvent, type ComparisonProtocol } from '../../events/comparison.events.js';
import { COMPARISON_DEADLINES, draftAReviewEndsAt, followUpDueAt, legDueAt, legRemindAt, starCheckDueAt } from '../../src/comparisons/domain/comparison-deadlines.js';
import {
  decideComparison,
  evolveComparison,
  initialComparisonState,
  type ComparisonCommand,
  type ComparisonContext,
  type ComparisonState,
} from '../../src/comparisons/domain/comparison.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

/**
 * The timer steps of the comparison workflow as given/when/then on the pure decider: each allowed
 * only to the workflow ('system'), only once its limit (comparison-deadlines.ts) has come, and only once.
 */
const id = 'cmp-deadlines';
const PILOT = 'pilot-lab';
const [A, B] = ['lab-a', 'lab-b'];
const START = new Date('2027-01-04T02:00:00Z');
const DAY = 86_400_000;
const at = (iso: string, offsetMs = 0) => new Date(Date.parse(iso) + offsetMs);
const organiser = (now = START): ComparisonContext => ({ now, actorRole: 'secretariat' });
const lab = (institutionId: string, now = START): ComparisonContext => ({ now, actorRole: 'institution', actorInstitutionId: institutionId });
const system = (now: Date): ComparisonContext => ({ now, actorRole: 'system' });

const protocol = (scheme: 'RING' | 'STAR'): ComparisonProtocol => ({
  measurand: 'mass',
  unit: 'mg',
  transferStandard: { name: '1 kg weight', id: 'TS-1' },
  scheme,
  legs: [
    { participant: A, dueDate: '2027-02-01' },
    { participant: B, dueDate: '2027-03-01' },
  ],
  referenceMethod: 'weighted-mean',
});

function run(state: ComparisonState, ...steps: [ComparisonCommand, ComparisonContext][]): { state: ComparisonState; events: ComparisonEvent[] } {
  const events: ComparisonEvent[] = [];
  for (const [command, context] of steps) {
    const decided = decideComparison(command, state, context);
    for (const event of decided) expect({ type: event.type, problems: eventProblems(event.type, 1, event.data) }).toEqual({ type: event.type, problems: [] });
    events.push(...decided);
    state = decided.reduce(evolveComparison, state);
  }
  return { state, events };
}
const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);
type Step = ComparisonCommand extends infer C ? (C extends ComparisonCommand ? Omit<C, 'comparisonId'> : never) : never;
const step = (command: Step) => ({ ...command, comparisonId: id }) as ComparisonCommand;

const circulating = (scheme: 'RING' | 'STAR' = 'RING') =>
  run(
    initialComparisonState,
    [step({ type: 'ProposeComparison', title: '1 kg', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B] }), organiser()],
    [step({ type: 'ApproveComparison' }), organiser()],
    [step({ type: 'DraftProtocol', protocol: protocol(scheme) }), lab(PILOT)],
    [step({ type: 'ConsultProtocol', agreed: true }), lab(A)],
    [step({ type: 'ConsultProtocol', agreed: true }), lab(B)],
    [step({ type: 'RecordStabilityCheck', stage: 'PRE_TEST', stable: true, summary: 'stable' }), lab(PILOT)],
    [step({ type: 'StartCirculation' }), lab(PILOT)],
    [step({ type: 'HandOverTransferStandard' }), lab(PILOT)],
    [step({ type: 'ReceiveTransferStandard' }), lab(A)],
  ).state;

describe('comparison deadlines: the limits', () => {
  it('a leg is due at the end of its China date, reminded three days before; the other limits count calendar days', () => {
    expect(legDueAt('2027-02-01')).toBe('2027-02-01T16:00:00.000Z');
    expect(legRemindAt('2027-02-01')).toBe('2027-01-29T16:00:00.000Z');
    expect(starCheckDueAt('2027-02-03T01:00:00.000Z')).toBe('2027-02-08T01:00:00.000Z');
    expect(draftAReviewEndsAt('2027-04-01T00:00:00.000Z')).toBe('2027-04-15T00:00:00.000Z');
    expect(followUpDueAt('2027-05-01T00:00:00.000Z')).toBe('2027-05-31T00:00:00.000Z');
    expect(COMPARISON_DEADLINES).toMatchObject({ LEG_REMINDER_DAYS: 3, STAR_CHECK_DAYS: 5, DRAFT_A_REVIEW_DAYS: 14, FOLLOW_UP_DAYS: 30 });
  });
});

describe('comparison deadlines: a leg due date', () => {
  const remind = step({ type: 'SendLegReminder', participant: A });
  const overdue = step({ type: 'RecordLegOverdue', participant: A });

  it('given a leg at the participant, when the reminder time comes, the workflow reminds it once', () => {
    const { state, events } = run(circulating(), [remind, system(at(legRemindAt('2027-02-01')))]);
    expect(events).toEqual([
      { type: ComparisonEventTypes.LegReminderSent, data: { comparisonId: id, participant: A, dueDate: '2027-02-01', dueAt: legDueAt('2027-02-01'), remindedAt: legRemindAt('2027-02-01') } },
    ]);
    expect(state.legs![0].remindedAt).toBe(legRemindAt('2027-02-01'));
    expect(refusalOf(() => decideComparison(remind, state, system(at(legDueAt('2027-02-01'))))).code).toBe('comparison.already-reminded');
  });

  it('refuses the reminder before its time, to anyone but the workflow, and for an unknown leg', () => {
    expect(refusalOf(() => decideComparison(remind, circulating(), system(at(legRemindAt('2027-02-01'), -1)))).code).toBe('comparison.limit-not-reached');
    expect(refusalOf(() => decideComparison(remind, circulating(), lab(PILOT, at(legRemindAt('2027-02-01'))))).code).toBe('comparison.workflow-only');
    expect(refusalOf(() => decideComparison(remind, circulating(), organiser(at(legRemindAt('2027-02-01'))))).code).toBe('comparison.workflow-only');
    expect(() => decideComparison(step({ type: 'SendLegReminder', participant: 'lab-x' }), circulating(), system(at(legDueAt('2027-02-01'))))).toThrow(/no leg for lab-x/);
  });

  it('when the due time passes with the standard not handed on, the leg is escalated to the pilot and the organiser, once', () => {
    const refusal = refusalOf(() => decideComparison(overdue, circulating(), system(at(legDueAt('2027-02-01'), -1))));
    expect(refusal.code).toBe('comparison.limit-not-reached');
    expect(refusal.text['zh-CN']).toContain('尚未到达');
    const { state, events } = run(circulating(), [overdue, system(at(legDueAt('2027-02-01')))]);
    expect(events[0]).toMatchObject({ type: ComparisonEventTypes.LegOverdue, data: { participant: A, dueAt: legDueAt('2027-02-01'), escalatedTo: { pilotInstitutionId: PILOT, organiser: true } } });
    expect(state.legs![0].overdueSince).toBe(legDueAt('2027-02-01'));
    expect(refusalOf(() => decideComparison(overdue, state, system(at(legDueAt('2027-02-01'), DAY)))).code).toBe('comparison.already-escalated');
  });

  it('a leg handed on is neither reminded nor escalated', () => {
    const handedOn = run(circulating(), [step({ type: 'HandOverTransferStandard' }), lab(A)]).state;
    expect(refusalOf(() => decideComparison(overdue, handedOn, system(at(legDueAt('2027-02-01'))))).code).toBe('comparison.leg-handed-on');
    expect(refusalOf(() => decideComparison(remind, handedOn, system(at(legDueAt('2027-02-01'))))).code).toBe('comparison.leg-handed-on');
  });
});

describe("comparison deadlines: the pilot's stability check between star legs", () => {
  const backWithPilot = () => run(circulating('STAR'), [step({ type: 'HandOverTransferStandard' }), lab(A)], [step({ type: 'ReceiveTransferStandard' }), lab(PILOT)]).state;
  const remind = step({ type: 'RemindStabilityCheck', afterLeg: A });
  const dueAt = starCheckDueAt(START.toISOString());

  it('given the standard back with the pilot unchecked and a leg remaining, the pilot is reminded once the limit passes, once', () => {
    expect(refusalOf(() => decideComparison(remind, backWithPilot(), system(at(dueAt, -1)))).code).toBe('comparison.limit-not-reached');
    const { state, events } = run(backWithPilot(), [remind, system(at(dueAt))]);
    expect(events).toEqual([{ type: ComparisonEventTypes.StabilityCheckReminderSent, data: { comparisonId: id, afterLeg: A, dueAt, remindedAt: dueAt } }]);
    expect(refusalOf(() => decideComparison(remind, state, system(at(dueAt, DAY)))).code).toBe('comparison.already-reminded');
  });

  it('no reminder once the check is recorded, in a ring, or while the standard is away from the pilot', () => {
    const checked = run(backWithPilot(), [step({ type: 'RecordStabilityCheck', stage: 'BETWEEN_LEGS', stable: true, summary: 'stable' }), lab(PILOT)]).state;
    expect(refusalOf(() => decideComparison(remind, checked, system(at(dueAt)))).code).toBe('comparison.no-stability-check-awaited');
    expect(refusalOf(() => decideComparison(remind, circulating('STAR'), system(at(dueAt)))).code).toBe('comparison.no-stability-check-awaited');
    const ring = run(circulating('RING'), [step({ type: 'HandOverTransferStandard' }), lab(A)], [step({ type: 'ReceiveTransferStandard' }), lab(B)]).state;
    expect(refusalOf(() => decideComparison(remind, ring, system(at(dueAt)))).code).toBe('comparison.no-stability-check-awaited');
  });
});

describe('comparison deadlines: Draft A review and the follow-up of unsatisfactory labs', () => {
  const result = (value: number, expandedUncertainty: number) => ({ value, expandedUncertainty, coverageFactor: 2, unit: 'mg' });
  const draftA = () =>
    run(
      circulating(),
      [step({ type: 'HandOverTransferStandard' }), lab(A)],
      [step({ type: 'ReceiveTransferStandard' }), lab(B)],
      [step({ type: 'SubmitResult', result: result(0, 0.1) }), lab(PILOT)],
      [step({ type: 'SubmitResult', result: result(0, 0.1) }), lab(A)],
      [step({ type: 'SubmitResult', result: result(0.6, 0.2) }), lab(B)],
      [step({ type: 'IssueDraftA' }), lab(PILOT)],
    ).state;
  const published = () =>
    run(draftA(), [step({ type: 'IssueDraftB', summary: 'no comments' }), lab(PILOT)], [step({ type: 'ApproveReport' }), organiser()], [step({ type: 'PublishReport' }), organiser()]).state;
  const close = step({ type: 'CloseDraftAReview' });
  const late = step({ type: 'RecordFollowUpOverdue', lab: B });
  const reviewEnds = draftAReviewEndsAt(START.toISOString());
  const followUpDue = followUpDueAt(START.toISOString());

  it("closes Draft A's review period when it ends, once, and not after Draft B", () => {
    expect(refusalOf(() => decideComparison(close, draftA(), system(at(reviewEnds, -1)))).code).toBe('comparison.limit-not-reached');
    const { state, events } = run(draftA(), [close, system(at(reviewEnds))]);
    expect(events).toEqual([{ type: ComparisonEventTypes.DraftAReviewClosed, data: { comparisonId: id, reviewEndsAt: reviewEnds, closedAt: reviewEnds } }]);
    expect(state).toMatchObject({ status: 'DRAFT_A', draftAReviewClosedAt: reviewEnds });
    expect(refusalOf(() => decideComparison(close, state, system(at(reviewEnds)))).code).toBe('comparison.review-already-closed');
    expect(refusalOf(() => decideComparison(close, published(), system(at(reviewEnds)))).code).toBe('comparison.step-not-allowed-now');
  });

  it('publication sets each follow-up due; when it passes with the corrective action missing, the follow-up is escalated once', () => {
    expect(published().followUps).toEqual([expect.objectContaining({ lab: B, dueAt: followUpDue })]);
    const analysed = run(published(), [step({ type: 'RecordCauseAnalysis', analysis: 'temperature gradient' }), lab(B)]).state;
    expect(refusalOf(() => decideComparison(late, analysed, system(at(followUpDue, -1)))).code).toBe('comparison.limit-not-reached');
    const { state, events } = run(analysed, [late, system(at(followUpDue))]);
    expect(events).toEqual([{ type: ComparisonEventTypes.FollowUpOverdue, data: { comparisonId: id, lab: B, dueAt: followUpDue, missing: ['CORRECTIVE_ACTION'], escalatedAt: followUpDue } }]);
    expect(state.followUps![0].overdueSince).toBe(followUpDue);
    expect(refusalOf(() => decideComparison(late, state, system(at(followUpDue, DAY)))).code).toBe('comparison.already-escalated');
  });

  it('refuses the escalation of a follow-up that is complete, of a satisfactory lab, or by anyone but the workflow', () => {
    const complete = run(
      published(),
      [step({ type: 'RecordCauseAnalysis', analysis: 'temperature gradient' }), lab(B)],
      [step({ type: 'RecordCorrectiveAction', action: 'repaired', reComparison: false }), lab(B)],
    ).state;
    expect(refusalOf(() => decideComparison(late, complete, system(at(followUpDue)))).code).toBe('comparison.follow-up-on-time');
    expect(refusalOf(() => decideComparison(step({ type: 'RecordFollowUpOverdue', lab: A }), published(), system(at(followUpDue)))).code).toBe('comparison.no-open-follow-up');
    expect(refusalOf(() => decideComparison(late, published(), organiser(at(followUpDue)))).code).toBe('comparison.workflow-only');
  });
});
