/**
 * 审定会表决 as the meeting form shows it live, while the boxes are ticked: the same count the server
 * makes when the meeting is recorded (countMeeting in src/specifications/domain/specification-project.ts),
 * over what the form knows. The server knows more (a member with a conflict of interest is recused
 * and refused a vote); its answer on recording is the one that counts. Pure: no DOM, no React, so
 * that the unit tests import it (test/unit/meeting-count.unit.spec.ts).
 */

export interface Fraction {
  numerator: number;
  denominator: number;
}

export type Vote = 'YES' | 'NO' | 'ABSTAIN';

/** The fractions of policy national-default/2026.1 (src/specifications/policy/data/national-default-2026.1.json). */
export const DEFAULT_MEETING_POLICY: { version: string; quorum: Fraction; passFraction: Fraction } = {
  version: 'national-default/2026.1',
  quorum: { numerator: 2, denominator: 3 },
  passFraction: { numerator: 3, denominator: 4 },
};

/**
 * The smallest whole count that is at least `fraction` of `of`.
 * Copied from atLeastFractionOf in src/specifications/domain/specification-project.ts: keep the two alike.
 */
export function atLeastFractionOf(fraction: Fraction, of: number): number {
  return Math.floor((of * fraction.numerator + fraction.denominator - 1) / fraction.denominator);
}

/** What the form holds: the committee, who is ticked present, the drafting group, and the votes chosen. */
export interface MeetingDraft {
  members: readonly string[];
  present: readonly string[];
  /** The project's drafting group: counted for the quorum when present, never entitled to vote. */
  drafters: readonly string[];
  votes: Readonly<Record<string, Vote | undefined>>;
}

export interface MeetingCount {
  members: number;
  present: number;
  quorumRequired: number;
  quorate: boolean;
  /** Present members entitled to vote: present minus the drafting group's members. */
  entitled: number;
  yes: number;
  no: number;
  abstain: number;
  yesRequired: number;
  outcome: 'PASSED' | 'NOT_PASSED' | 'NO_QUORUM';
}

/** The live figures: present vs the quorum, members entitled to vote, yes vs the pass fraction, and the outcome they give. */
export function countMeeting(draft: MeetingDraft, policy: { quorum: Fraction; passFraction: Fraction } = DEFAULT_MEETING_POLICY): MeetingCount {
  const members = [...new Set(draft.members)];
  const memberSet = new Set(members);
  const present = [...new Set(draft.present)].filter((id) => memberSet.has(id));
  const drafters = new Set(draft.drafters);
  const voters = present.filter((id) => !drafters.has(id));
  const entitled = voters.length;
  const cast = voters.map((id) => draft.votes[id]).filter((v): v is Vote => v !== undefined);
  const yes = cast.filter((v) => v === 'YES').length;
  const no = cast.filter((v) => v === 'NO').length;
  const abstain = cast.filter((v) => v === 'ABSTAIN').length;
  const quorumRequired = Math.max(1, atLeastFractionOf(policy.quorum, members.length));
  const quorate = present.length >= quorumRequired;
  const yesRequired = atLeastFractionOf(policy.passFraction, entitled);
  const outcome = !quorate ? 'NO_QUORUM' : entitled > 0 && yes >= yesRequired ? 'PASSED' : 'NOT_PASSED';
  return { members: members.length, present: present.length, quorumRequired, quorate, entitled, yes, no, abstain, yesRequired, outcome };
}
