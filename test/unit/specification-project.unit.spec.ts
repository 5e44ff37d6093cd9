import { describe, expect, it } from '@jest/globals';
import { eventProblems, knownEventTypes } from '../../events/catalogue.js';
import { SpecificationEventTypes as T, type ReviewMeetingHeldV1, type SpecificationEvent } from '../../events/specification.events.js';
import { DEFAULT_SPECIFICATION_POLICY, type SpecificationPolicy } from '../../src/specifications/domain/specification-policy.js';
import {
  addYears,
  atLeastFractionOf,
  decideSpecificationProject,
  evolveSpecificationProject,
  initialSpecificationProjectState,
  type MeetingVote,
  type SpecificationContext,
  type SpecificationProjectCommand,
  type SpecificationProjectState,
} from '../../src/specifications/domain/specification-project.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

/**
 * The local technical specification project (地方计量技术规范制修订项目) as given/when/then on the
 * pure decider: every rule of DOMAIN.md §3 with its refusal. Every decided event is also checked
 * against the event catalogue's shape.
 */
const id = 'spec-1';
const policy = DEFAULT_SPECIFICATION_POLICY;
/** 10:00 China time on the given China date. */
const on = (date: string): Date => new Date(`${date}T02:00:00Z`);
const ctx = (date: string, extra: Partial<SpecificationContext> = {}): SpecificationContext => ({ now: on(date), policy, ...extra });
const HASH = 'a'.repeat(64);
const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];

function decide(command: SpecificationProjectCommand, state: SpecificationProjectState, context: SpecificationContext): SpecificationEvent[] {
  const events = decideSpecificationProject(command, state, context);
  for (const event of events) expect(eventProblems(event.type, 1, event.data)).toEqual([]);
  return events;
}

/** Applies the commands in order, each on its date; returns the state and every event. */
function given(steps: [SpecificationProjectCommand, string][], from: SpecificationProjectState = initialSpecificationProjectState) {
  let state = from;
  const events: SpecificationEvent[] = [];
  for (const [command, date] of steps) {
    for (const event of decide(command, state, ctx(date))) {
      events.push(event);
      state = evolveSpecificationProject(state, event);
    }
  }
  return { state, events };
}

const refusal = (command: SpecificationProjectCommand, state: SpecificationProjectState, context: SpecificationContext): DomainError =>
  thrownBy(() => decideSpecificationProject(command, state, context), DomainError);

const PROPOSED: [SpecificationProjectCommand, string][] = [
  [{ type: 'Propose', projectId: id, title: '数字压力计校准规范', proposerInstitutionId: 'inst-city', drafterInstitutionId: 'inst-county' }, '2026-03-02'],
  [{ type: 'RecordExpertAppraisal', projectId: id, expertIds: ['e1', 'e2', 'e3'], conclusion: 'RECOMMENDED', opinion: '必要且可行' }, '2026-03-10'],
  [{ type: 'StartPublicNotice', projectId: id }, '2026-03-11'],
];
const PLANNED: [SpecificationProjectCommand, string][] = [...PROPOSED, [{ type: 'Plan', projectId: id, planYear: 2026 }, '2026-04-11']];
const DRAFTING: [SpecificationProjectCommand, string][] = [
  ...PLANNED,
  [
    {
      type: 'FormDraftingGroup',
      projectId: id,
      leaderExpertId: 'd1',
      members: [
        { expertId: 'd1', institutionId: 'inst-county' },
        { expertId: 'm9', institutionId: 'inst-city' },
      ],
    },
    '2026-04-15',
  ],
  [{ type: 'RecordDraftVersion', projectId: id, versionLabel: 'v1', sha256: HASH, size: 1200, name: 'draft-v1.md' }, '2026-04-20'],
];
const CONSULTATION: [SpecificationProjectCommand, string][] = [
  ...DRAFTING,
  [{ type: 'IssueConsultationDraft', projectId: id, versionLabel: 'v1', explanatoryNotes: '编制说明：依据 JJF 1071' }, '2026-05-04'],
  [{ type: 'ReceiveComment', projectId: id, commentId: 'c1', clause: '5.2', text: '测量范围应扩大', source: 'INSTITUTION', institutionId: 'inst-other' }, '2026-05-10'],
  [{ type: 'ReceiveComment', projectId: id, commentId: 'c2', clause: '7.1', text: '校准间隔建议 1 年', source: 'PUBLIC' }, '2026-05-20'],
];
const DISPOSED: [SpecificationProjectCommand, string][] = [
  ...CONSULTATION,
  [{ type: 'CloseCommentPeriod', projectId: id }, '2026-06-04'],
  [{ type: 'DisposeComment', projectId: id, commentId: 'c1', disposition: 'ADOPTED', reasons: ['已扩大至 100 MPa'] }, '2026-06-05'],
  [{ type: 'DisposeComment', projectId: id, commentId: 'c2', disposition: 'NOT_ADOPTED', reasons: ['校准间隔由用户确定'] }, '2026-06-05'],
  [{ type: 'RecordDraftVersion', projectId: id, versionLabel: 'v2', sha256: 'b'.repeat(64), size: 1300, name: 'draft-v2.md' }, '2026-06-06'],
];
const SCHEDULED: [SpecificationProjectCommand, string][] = [
  ...DISPOSED,
  [{ type: 'ScheduleReview', projectId: id, meetingDate: '2026-07-08', reviewDraftVersion: 'v2' }, '2026-06-08'],
];

const meeting = (present: string[], votes: MeetingVote[], invitedExperts: string[] = []): SpecificationProjectCommand => ({
  type: 'HoldReviewMeeting',
  projectId: id,
  members: MEMBERS,
  present,
  invitedExperts,
  votes,
});
const yes = (...ids: string[]): MeetingVote[] => ids.map((expertId) => ({ expertId, vote: 'YES' }));

describe('specification project: proposal, appraisal, public notice, plan', () => {
  it('records the policy version, and a project not recommended by the appraisal stops', () => {
    const { events } = given(PROPOSED.slice(0, 1));
    expect(events[0]).toMatchObject({ type: T.Proposed, data: { policyVersion: policy.version } });
    const { state } = given([
      PROPOSED[0],
      [{ type: 'RecordExpertAppraisal', projectId: id, expertIds: ['e1'], conclusion: 'NOT_RECOMMENDED', opinion: '重复' }, '2026-03-10'],
    ]);
    expect(state.status).toBe('APPRAISAL_REJECTED');
    expect(refusal({ type: 'StartPublicNotice', projectId: id }, state, ctx('2026-03-11')).code).toBe('specification.step-not-allowed-now');
  });

  it('runs the public notice for policy.publicNoticeDays calendar days and refuses a shorter one', () => {
    const { state, events } = given(PROPOSED);
    expect(events[2].data).toMatchObject({ days: 30, endsOn: '2026-04-10' });
    const appraised = given(PROPOSED.slice(0, 2)).state;
    expect(refusal({ type: 'StartPublicNotice', projectId: id, days: 29 }, appraised, ctx('2026-03-11')).code).toBe('specification.public-notice-too-short');
    // Given the notice runs through 2026-04-10, when the project is planned that day, then it is refused.
    expect(refusal({ type: 'Plan', projectId: id, planYear: 2026 }, state, ctx('2026-04-10')).code).toBe('specification.public-notice-not-ended');
    // A longer notice under a stricter policy reads the policy.
    const strict: SpecificationPolicy = { ...policy, publicNoticeDays: 45 };
    expect(refusal({ type: 'StartPublicNotice', projectId: id, days: 30 }, appraised, { now: on('2026-03-11'), policy: strict }).code).toBe(
      'specification.public-notice-too-short',
    );
  });

  it('plans the project after the notice with its deadline policy.projectLimitYears ahead', () => {
    const { state, events } = given(PLANNED);
    expect(state.status).toBe('PLANNED');
    expect(events[3].data).toMatchObject({ planYear: 2026, limitYears: 2, deadlineOn: '2028-04-11' });
  });

  it('adjusts the plan with reasons: the drafter changed, or the project cancelled', () => {
    const planned = given(PLANNED).state;
    const changed = given([[{ type: 'ChangeDrafter', projectId: id, drafterInstitutionId: 'inst-new', reason: '原单位人员调整' }, '2026-04-12']], planned).state;
    expect(changed.drafterInstitutionId).toBe('inst-new');
    expect(refusal({ type: 'CancelProject', projectId: id, reason: ' ' }, planned, ctx('2026-04-12')).code).toBe('specification.text-required');
    const cancelled = given([[{ type: 'CancelProject', projectId: id, reason: '国家规范已覆盖' }, '2026-04-12']], planned).state;
    expect(cancelled.status).toBe('CANCELLED');
    expect(refusal({ type: 'Plan', projectId: id, planYear: 2026 }, cancelled, ctx('2026-04-12')).code).toBe('specification.step-not-allowed-now');
  });
});

describe('specification project: drafting and consultation', () => {
  it('records each draft version with its content hash, and refuses a bad hash or a label used twice', () => {
    const { state } = given(DRAFTING);
    expect(state.versions).toEqual([expect.objectContaining({ versionLabel: 'v1', sha256: HASH, size: 1200, name: 'draft-v1.md' })]);
    const again = { type: 'RecordDraftVersion', projectId: id, versionLabel: 'v1', sha256: 'c'.repeat(64), size: 5, name: 'x.md' } as const;
    expect(refusal(again, state, ctx('2026-04-21')).code).toBe('specification.version-label-taken');
    expect(refusal({ ...again, versionLabel: 'v9', sha256: 'XYZ' }, state, ctx('2026-04-21')).code).toBe('specification.bad-content-hash');
  });

  it('a drafting group leader must be one of its members', () => {
    const planned = given(PLANNED).state;
    const command: SpecificationProjectCommand = { type: 'FormDraftingGroup', projectId: id, leaderExpertId: 'x', members: [{ expertId: 'd1', institutionId: 'i' }] };
    expect(refusal(command, planned, ctx('2026-04-15')).code).toBe('specification.leader-not-a-member');
  });

  it('opens the comment period for at least policy.commentPeriodDays and refuses a shorter one', () => {
    const drafting = given(DRAFTING).state;
    const issue = { type: 'IssueConsultationDraft', projectId: id, versionLabel: 'v1', explanatoryNotes: '说明' } as const;
    expect(refusal({ ...issue, days: 20 }, drafting, ctx('2026-05-04')).code).toBe('specification.comment-period-too-short');
    expect(refusal({ ...issue, versionLabel: 'v7' }, drafting, ctx('2026-05-04')).code).toBe('specification.unknown-version');
    expect(refusal({ ...issue, explanatoryNotes: '' }, drafting, ctx('2026-05-04')).code).toBe('specification.text-required');
    const { events } = given(CONSULTATION);
    expect(events.find((e) => e.type === T.ConsultationDraftIssued)!.data).toMatchObject({ days: 30, closesOn: '2026-06-03' });
  });

  it('records comments by clause with their source, and refuses one after the period or one from an unnamed institution', () => {
    const { state } = given(CONSULTATION);
    expect(state.comments).toEqual([
      { commentId: 'c1', clause: '5.2', source: 'INSTITUTION' },
      { commentId: 'c2', clause: '7.1', source: 'PUBLIC' },
    ]);
    const late = { type: 'ReceiveComment', projectId: id, commentId: 'c3', clause: '1', text: 't', source: 'PUBLIC' } as const;
    expect(decide(late, state, ctx('2026-06-03'))).toHaveLength(1);
    expect(refusal(late, state, ctx('2026-06-04')).code).toBe('specification.comment-period-ended');
    expect(refusal({ ...late, source: 'INSTITUTION' }, state, ctx('2026-05-30')).code).toBe('specification.comment-needs-institution');
    expect(refusal({ ...late, commentId: 'c1' }, state, ctx('2026-05-30')).code).toBe('specification.comment-id-taken');
  });

  it('closes the comment period only after it has run', () => {
    const { state } = given(CONSULTATION);
    expect(refusal({ type: 'CloseCommentPeriod', projectId: id }, state, ctx('2026-06-03')).code).toBe('specification.comment-period-open');
  });

  it('answers every comment once, with reasons', () => {
    const { state } = given(CONSULTATION);
    const dispose = { type: 'DisposeComment', projectId: id, commentId: 'c1', disposition: 'PARTLY_ADOPTED', reasons: [] as string[] } as const;
    expect(refusal(dispose, state, ctx('2026-05-21')).code).toBe('specification.reasons-required');
    expect(refusal({ ...dispose, commentId: 'c9', reasons: ['r'] }, state, ctx('2026-05-21')).code).toBe('specification.unknown-comment');
    const answered = given([[{ ...dispose, reasons: ['部分采纳'] }, '2026-05-21']], state).state;
    expect(refusal({ ...dispose, reasons: ['again'] }, answered, ctx('2026-05-22')).code).toBe('specification.comment-already-disposed');
  });
});

describe('specification project: review scheduling', () => {
  const schedule = { type: 'ScheduleReview', projectId: id, meetingDate: '2026-07-08', reviewDraftVersion: 'v2' } as const;

  it('given an open comment, when the review is scheduled, then it is refused', () => {
    const { state } = given([...CONSULTATION, [{ type: 'CloseCommentPeriod', projectId: id }, '2026-06-04']]);
    const partly = given([[{ type: 'DisposeComment', projectId: id, commentId: 'c1', disposition: 'ADOPTED', reasons: ['ok'] }, '2026-06-05']], state).state;
    const error = refusal({ ...schedule, reviewDraftVersion: 'v1' }, partly, ctx('2026-06-05'));
    expect(error.code).toBe('specification.comments-open');
    expect(error.text['zh-CN']).toContain('c2');
  });

  it('given the comment period has not ended, when the review is scheduled, then it is refused even with every comment answered', () => {
    const { state } = given([
      ...CONSULTATION,
      [{ type: 'DisposeComment', projectId: id, commentId: 'c1', disposition: 'ADOPTED', reasons: ['ok'] }, '2026-05-21'],
      [{ type: 'DisposeComment', projectId: id, commentId: 'c2', disposition: 'ADOPTED', reasons: ['ok'] }, '2026-05-21'],
    ]);
    expect(refusal({ ...schedule, reviewDraftVersion: 'v1' }, state, ctx('2026-06-03')).code).toBe('specification.comment-period-open');
    // The day after the period, it may be scheduled.
    expect(decide({ ...schedule, reviewDraftVersion: 'v1', meetingDate: '2026-07-04' }, state, ctx('2026-06-04'))).toHaveLength(1);
  });

  it('refuses a meeting less than policy.reviewNoticeDays after the review draft is sent', () => {
    const { state } = given(DISPOSED);
    const error = refusal({ ...schedule, meetingDate: '2026-07-07' }, state, ctx('2026-06-08'));
    expect(error.code).toBe('specification.review-notice-too-short');
    expect(error.text.en).toContain('leaves 29');
    const events = decide(schedule, state, ctx('2026-06-08'));
    expect(events[0].data).toMatchObject({ meetingDate: '2026-07-08', draftSentOn: '2026-06-08', noticeDays: 30 });
    expect(refusal({ ...schedule, meetingDate: '2026-02-30' }, state, ctx('2026-06-08')).code).toBe('specification.bad-date');
  });
});

describe('specification project: the review meeting', () => {
  const scheduled = () => given(SCHEDULED).state;
  const held = (command: SpecificationProjectCommand) => {
    const events = decide(command, scheduled(), ctx('2026-07-08'));
    return { data: events[0].data as ReviewMeetingHeldV1, state: evolveSpecificationProject(scheduled(), events[0]) };
  };

  it('given 5 of 9 members present (quorum 6), the meeting fails for want of a quorum and the project returns to DRAFTING', () => {
    const { data, state } = held(meeting(['m1', 'm2', 'm3', 'm4', 'm5'], yes('m1', 'm2', 'm3', 'm4', 'm5')));
    expect(data).toMatchObject({ quorumRequired: 6, outcome: 'NO_QUORUM' });
    expect(state.status).toBe('DRAFTING');
  });

  it('computes 3/4 on the members present: 6 present need 5 yes, invited experts excluded', () => {
    const present = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    const dissent: MeetingVote = { expertId: 'm6', vote: 'NO', reasons: ['不确定度评定不充分'] };
    const passed = held(meeting(present, [...yes('m1', 'm2', 'm3', 'm4', 'm5'), dissent], ['guest-1', 'guest-2']));
    expect(passed.data).toMatchObject({ quorumRequired: 6, yesRequired: 5, yes: 5, no: 1, outcome: 'PASSED', dissent: [{ expertId: 'm6', reasons: ['不确定度评定不充分'] }] });
    expect(passed.data.rule).toContain('5 yes of 6 present members entitled to vote, 5 (3/4) needed');
    expect(passed.state.status).toBe('REVIEWED');
    // 4 yes of 6 present is below 3/4, however many of all 9 members that would be.
    const failed = held(meeting(present, [...yes('m1', 'm2', 'm3', 'm4'), dissent, { expertId: 'm5', vote: 'ABSTAIN' }], ['guest-1']));
    expect(failed.data).toMatchObject({ yesRequired: 5, yes: 4, outcome: 'NOT_PASSED' });
    expect(failed.state.status).toBe('DRAFTING');
  });

  it("refuses an invited expert's vote", () => {
    const error = refusal(meeting(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], [...yes('m1'), { expertId: 'guest-1', vote: 'YES' }], ['guest-1']), scheduled(), ctx('2026-07-08'));
    expect(error.code).toBe('specification.invited-expert-cannot-vote');
  });

  it("refuses a drafting-group member's vote on the group's own draft, and counts the member present but recused", () => {
    const present = ['m1', 'm2', 'm3', 'm4', 'm5', 'm9'];
    expect(refusal(meeting(present, yes('m1', 'm9')), scheduled(), ctx('2026-07-08')).code).toBe('specification.drafter-cannot-vote');
    const { data } = held(meeting(present, yes('m1', 'm2', 'm3', 'm4')));
    expect(data).toMatchObject({ recused: ['m9'], quorumRequired: 6, yesRequired: 4, outcome: 'PASSED' });
  });

  it('records dissent only with reasons, and refuses votes of absentees, non-members and double votes', () => {
    const present = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    const s = scheduled();
    const at = ctx('2026-07-08');
    expect(refusal(meeting(present, [{ expertId: 'm1', vote: 'NO' }]), s, at).code).toBe('specification.reasons-required');
    expect(refusal(meeting(present, yes('m7')), s, at).code).toBe('specification.voter-not-present');
    expect(refusal(meeting([...present, 'x'], yes('m1')), s, at).code).toBe('specification.present-not-a-member');
    expect(refusal(meeting(present, yes('m1', 'm1')), s, at).code).toBe('specification.voted-twice');
    expect(refusal(meeting(present, yes('m1'), ['m8']), s, at).code).toBe('specification.invited-expert-is-member');
    expect(refusal(meeting(present, yes('m1')), s, ctx('2026-07-07')).code).toBe('specification.meeting-not-yet');
  });

  it('after a failed meeting, the project is reviewed again once rescheduled with notice', () => {
    const failed = held(meeting(['m1', 'm2'], [])).state;
    const again = given(
      [
        [{ type: 'RecordDraftVersion', projectId: id, versionLabel: 'v3', sha256: 'd'.repeat(64), size: 1400, name: 'draft-v3.md' }, '2026-07-10'],
        [{ type: 'ScheduleReview', projectId: id, meetingDate: '2026-08-10', reviewDraftVersion: 'v3' }, '2026-07-10'],
        [meeting(MEMBERS.slice(0, 8), yes('m1', 'm2', 'm3', 'm4', 'm5', 'm6')), '2026-08-10'],
      ],
      failed,
    ).state;
    expect(again).toMatchObject({ status: 'REVIEWED', meetings: 2 });
  });

  it('reads the fractions from the policy, rounding up', () => {
    expect(atLeastFractionOf({ numerator: 2, denominator: 3 }, 9)).toBe(6);
    expect(atLeastFractionOf({ numerator: 2, denominator: 3 }, 10)).toBe(7);
    expect(atLeastFractionOf({ numerator: 3, denominator: 4 }, 7)).toBe(6);
    expect(atLeastFractionOf({ numerator: 3, denominator: 4 }, 8)).toBe(6);
    const half: SpecificationPolicy = { ...policy, quorum: { numerator: 1, denominator: 2 } };
    const events = decideSpecificationProject(meeting(['m1', 'm2', 'm3', 'm4', 'm5'], yes('m1', 'm2', 'm3', 'm4')), scheduled(), { now: on('2026-07-08'), policy: half });
    expect(events[0].data).toMatchObject({ quorumRequired: 5, outcome: 'PASSED' });
  });
});

describe('specification project: publication and afterwards', () => {
  const reviewed = () =>
    given([
      ...SCHEDULED,
      [meeting(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], yes('m1', 'm2', 'm3', 'm4', 'm5', 'm6')), '2026-07-08'],
      [{ type: 'SubmitForApproval', projectId: id }, '2026-07-20'],
    ]).state;
  const publish = (number: string) => ({ type: 'Publish', projectId: id, number }) as const;

  it('refuses a malformed number, and one whose year is not the publication year', () => {
    const s = reviewed();
    for (const bad of ['JJF 1234-2026', 'JJF(浙)1234-2026', 'JJG(浙) 1234-2026', 'JJF(浙) 123-2026', 'JJF(ZJ) 1234-2026']) {
      expect(refusal(publish(bad), s, ctx('2026-09-01')).code).toBe('specification.malformed-number');
    }
    expect(refusal(publish('JJF(浙) 1234-2025'), s, ctx('2026-09-01')).code).toBe('specification.number-year-mismatch');
  });

  it('refuses a number already published (the caller passes the published numbers)', () => {
    const error = refusal(publish('JJF(浙) 1234-2026'), reviewed(), ctx('2026-09-01', { publishedNumbers: new Set(['JJF(浙) 1234-2026']) }));
    expect(error.code).toBe('specification.duplicate-number');
  });

  it('publishes with the periodic review due policy.periodicReviewYears later, then files and brings it into force', () => {
    const { state, events } = given(
      [
        [publish('JJF(浙) 1234-2026'), '2026-09-01'],
        [{ type: 'File', projectId: id, filingNumber: 'BA-2026-01' }, '2026-09-10'],
        [{ type: 'EnterIntoForce', projectId: id, effectiveOn: '2026-12-01' }, '2026-09-10'],
      ],
      reviewed(),
    );
    expect(events[0].data).toMatchObject({ number: 'JJF(浙) 1234-2026', publishedOn: '2026-09-01', periodicReviewDueOn: '2031-09-01' });
    expect(state).toMatchObject({ status: 'IN_FORCE', periodicReviewDueOn: '2031-09-01' });
    // Given it is in force, when the periodic review starts a day early, then it is refused; on the due date it starts.
    expect(refusal({ type: 'StartPeriodicReview', projectId: id }, state, ctx('2031-08-31')).code).toBe('specification.periodic-review-not-due');
    const review = given([[{ type: 'StartPeriodicReview', projectId: id }, '2031-09-01']], state).state;
    expect(review.status).toBe('PERIODIC_REVIEW');
    // Confirmed: in force again, the next review five years on.
    const confirmed = given([[{ type: 'ConcludeEvaluation', projectId: id, outcome: 'CONFIRMED', reasons: ['仍适用'] }, '2031-10-01']], review).state;
    expect(confirmed).toMatchObject({ status: 'IN_FORCE', outcome: 'CONFIRMED', periodicReviewDueOn: '2036-10-01' });
    // Revision names the new project; withdrawal ends it.
    const conclude = { type: 'ConcludeEvaluation' as const, projectId: id, outcome: 'REVISION' as const, reasons: ['技术进步'] };
    expect(refusal(conclude, review, ctx('2031-10-01')).code).toBe('specification.revision-needs-project');
    expect(given([[{ ...conclude, revisionProjectId: 'spec-2' }, '2031-10-01']], review).state).toMatchObject({ status: 'REVISION', revisionProjectId: 'spec-2' });
    const evaluation = given([[{ type: 'StartEffectEvaluation', projectId: id, reason: '用户反映' }, '2028-01-01']], state).state;
    expect(given([[{ ...conclude, outcome: 'WITHDRAWN' }, '2028-03-01']], evaluation).state.status).toBe('WITHDRAWN');
  });

  it('computes the review date across a leap day', () => {
    expect(addYears('2028-02-29', 5)).toBe('2033-02-28');
    expect(addYears('2026-09-01', 5)).toBe('2031-09-01');
  });
});

describe('specification events in the catalogue', () => {
  it('registers every specification event type', () => {
    expect(knownEventTypes()).toEqual(expect.arrayContaining(Object.values(T)));
  });
});
