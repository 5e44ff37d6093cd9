import { describe, expect, it } from '@jest/globals';
import { SpecificationEventTypes as T, type ReviewMeetingHeldV1 } from '../../events/specification.events.js';
import { atLeastFractionOf as consoleAtLeastFractionOf, countMeeting, DEFAULT_MEETING_POLICY, type Vote } from '../../src/console/web/src/meeting-count.js';
import { DEFAULT_SPECIFICATION_POLICY } from '../../src/specifications/domain/specification-policy.js';
import {
  atLeastFractionOf,
  decideSpecificationProject,
  evolveSpecificationProject,
  initialSpecificationProjectState,
  type SpecificationProjectCommand,
  type SpecificationProjectState,
} from '../../src/specifications/domain/specification-project.js';

/**
 * The console's live count of a review meeting (审定会表决), shown as the secretariat ticks the
 * boxes: given the committee, who is present, the drafting group and the votes, when counted, then
 * present vs the quorum, the members entitled to vote, yes vs the pass fraction and the outcome are
 * those the server records for the same meeting.
 */
const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9'];
/** The drafting group below: d1 (not a member) and m9 (a member, recused from the vote). */
const DRAFTERS = ['d1', 'm9'];

describe('the meeting form’s live count', () => {
  it('rounds up as the domain does, for every count and the usual fractions', () => {
    for (const fraction of [
      { numerator: 2, denominator: 3 },
      { numerator: 3, denominator: 4 },
      { numerator: 1, denominator: 2 },
      { numerator: 1, denominator: 1 },
    ]) {
      for (let n = 0; n <= 40; n++) expect([fraction, n, consoleAtLeastFractionOf(fraction, n)]).toEqual([fraction, n, atLeastFractionOf(fraction, n)]);
    }
  });

  it('uses the fractions of the default policy, and names it', () => {
    expect(DEFAULT_MEETING_POLICY).toEqual({ version: DEFAULT_SPECIFICATION_POLICY.version, quorum: DEFAULT_SPECIFICATION_POLICY.quorum, passFraction: DEFAULT_SPECIFICATION_POLICY.passFraction });
  });

  it('given 9 members and 5 present, counts no quorum (6 needed: 2/3 of 9)', () => {
    const count = countMeeting({ members: MEMBERS, present: MEMBERS.slice(0, 5), drafters: [], votes: { m1: 'YES', m2: 'YES', m3: 'YES', m4: 'YES', m5: 'YES' } });
    expect(count).toMatchObject({ members: 9, present: 5, quorumRequired: 6, quorate: false, entitled: 5, yes: 5, yesRequired: 4, outcome: 'NO_QUORUM' });
  });

  it('given 7 present of whom one drafts, counts 6 entitled to vote and passes with 5 yes (3/4 of 6, rounded up), not with 4', () => {
    const present = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm9'];
    const votes: Record<string, Vote> = { m1: 'YES', m2: 'YES', m3: 'YES', m4: 'YES', m5: 'YES', m6: 'NO' };
    expect(countMeeting({ members: MEMBERS, present, drafters: DRAFTERS, votes })).toMatchObject({
      present: 7,
      quorumRequired: 6,
      quorate: true,
      entitled: 6,
      yes: 5,
      no: 1,
      yesRequired: 5,
      outcome: 'PASSED',
    });
    expect(countMeeting({ members: MEMBERS, present, drafters: DRAFTERS, votes: { ...votes, m5: 'ABSTAIN' } })).toMatchObject({ yes: 4, abstain: 1, yesRequired: 5, outcome: 'NOT_PASSED' });
  });

  it('ignores a drafter’s vote, a vote of an absent member, and a name ticked present that is not a member', () => {
    const count = countMeeting({ members: MEMBERS, present: [...MEMBERS.slice(0, 6), 'm9', 'guest'], drafters: DRAFTERS, votes: { m9: 'YES', m7: 'YES', m1: 'YES' } });
    expect(count).toMatchObject({ present: 7, entitled: 6, yes: 1, outcome: 'NOT_PASSED' });
  });

  it('counts a meeting with no one entitled to vote as not passed, and an empty committee as needing one present', () => {
    expect(countMeeting({ members: ['m9'], present: ['m9'], drafters: DRAFTERS, votes: {} })).toMatchObject({ quorumRequired: 1, quorate: true, entitled: 0, yesRequired: 0, outcome: 'NOT_PASSED' });
    expect(countMeeting({ members: [], present: [], drafters: [], votes: {} })).toMatchObject({ quorumRequired: 1, quorate: false, outcome: 'NO_QUORUM' });
  });

  it('agrees with the server’s count of the same meeting, attendance by attendance and vote by vote', () => {
    const state = scheduled();
    const choices: (Vote | undefined)[] = ['YES', 'YES', 'ABSTAIN', undefined, 'YES', 'NO', 'YES', 'YES', 'YES'];
    let compared = 0;
    for (let presentCount = 1; presentCount <= MEMBERS.length; presentCount++) {
      for (let shift = 0; shift < 3; shift++) {
        // Rotate who attends, so the drafter m9 is sometimes in and sometimes out.
        const present = MEMBERS.map((_, i) => MEMBERS[(i + shift * 3) % MEMBERS.length]).slice(0, presentCount);
        const votes: Record<string, Vote | undefined> = Object.fromEntries(present.filter((m) => !DRAFTERS.includes(m)).map((m, i) => [m, choices[(i + shift) % choices.length]]));
        const command: SpecificationProjectCommand = {
          type: 'HoldReviewMeeting',
          projectId: 'spec-1',
          members: MEMBERS,
          present,
          invitedExperts: [],
          votes: Object.entries(votes)
            .filter((entry): entry is [string, Vote] => entry[1] !== undefined)
            .map(([expertId, vote]) => (vote === 'NO' ? { expertId, vote, reasons: ['量程不足'] } : { expertId, vote })),
        };
        const held = decideSpecificationProject(command, state, { now: on('2026-07-08'), policy: DEFAULT_SPECIFICATION_POLICY }).find((e) => e.type === T.ReviewMeetingHeld)!.data as ReviewMeetingHeldV1;
        const live = countMeeting({ members: MEMBERS, present, drafters: DRAFTERS, votes });
        expect({ present, live: [live.quorumRequired, live.yesRequired, live.yes, live.no, live.abstain, live.outcome] }).toEqual({
          present,
          live: [held.quorumRequired, held.yesRequired, held.yes, held.no, held.abstain, held.outcome],
        });
        compared++;
      }
    }
    expect(compared).toBe(27);
  });
});

/** 10:00 China time on the given China date. */
const on = (date: string): Date => new Date(`${date}T02:00:00Z`);

/** A project with its review meeting scheduled for 2026-07-08, its drafting group d1 and m9. */
function scheduled(): SpecificationProjectState {
  const id = 'spec-1';
  const steps: [SpecificationProjectCommand, string][] = [
    [{ type: 'Propose', projectId: id, title: '数字压力计校准规范', proposerInstitutionId: 'inst-city', drafterInstitutionId: 'inst-county' }, '2026-03-02'],
    [{ type: 'RecordExpertAppraisal', projectId: id, expertIds: ['e1', 'e2', 'e3'], conclusion: 'RECOMMENDED', opinion: '必要且可行' }, '2026-03-10'],
    [{ type: 'StartPublicNotice', projectId: id }, '2026-03-11'],
    [{ type: 'Plan', projectId: id, planYear: 2026 }, '2026-04-11'],
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
    [{ type: 'RecordDraftVersion', projectId: id, versionLabel: 'v1', sha256: 'a'.repeat(64), size: 1200, name: 'draft-v1.md' }, '2026-04-20'],
    [{ type: 'IssueConsultationDraft', projectId: id, versionLabel: 'v1', explanatoryNotes: '编制说明：依据 JJF 1071' }, '2026-05-04'],
    [{ type: 'ReceiveComment', projectId: id, commentId: 'c1', clause: '5.2', text: '测量范围应扩大', source: 'INSTITUTION', institutionId: 'inst-other' }, '2026-05-10'],
    [{ type: 'CloseCommentPeriod', projectId: id }, '2026-06-04'],
    [{ type: 'DisposeComment', projectId: id, commentId: 'c1', disposition: 'ADOPTED', reasons: ['已扩大至 100 MPa'] }, '2026-06-05'],
    [{ type: 'RecordDraftVersion', projectId: id, versionLabel: 'v2', sha256: 'b'.repeat(64), size: 1300, name: 'draft-v2.md' }, '2026-06-06'],
    [{ type: 'ScheduleReview', projectId: id, meetingDate: '2026-07-08', reviewDraftVersion: 'v2' }, '2026-06-08'],
  ];
  let state = initialSpecificationProjectState;
  for (const [command, date] of steps) {
    for (const event of decideSpecificationProject(command, state, { now: on(date), policy: DEFAULT_SPECIFICATION_POLICY })) state = evolveSpecificationProject(state, event);
  }
  expect(state.status).toBe('REVIEW_SCHEDULED');
  return state;
}
