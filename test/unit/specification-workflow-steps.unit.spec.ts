import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventProblems } from '../../events/catalogue.js';
import { SpecificationEventTypes as T, type ReviewMeetingHeldV1, type SpecificationEvent } from '../../events/specification.events.js';
import { DomainError } from '../../src/shared/domain-error.js';
import {
  commentPeriodEndsAt,
  periodicReviewDueAt,
  projectLimitRemindAt,
  projectOverdueAt,
  publicNoticeEndsAt,
  reviewMeetingDueAt,
} from '../../src/specifications/domain/specification-deadlines.js';
import { DEFAULT_SPECIFICATION_POLICY } from '../../src/specifications/domain/specification-policy.js';
import {
  decideSpecificationProject,
  evolveSpecificationProject,
  initialSpecificationProjectState,
  type SpecificationContext,
  type SpecificationProjectCommand,
  type SpecificationProjectState,
} from '../../src/specifications/domain/specification-project.js';
import { PolicyFileError } from '../../src/standards/policy/policy-registry.js';
import { loadSpecificationPolicies, specificationPolicyProblems, BUILTIN_SPECIFICATION_POLICY } from '../../src/specifications/policy/specification-policy-registry.js';
import { thrownBy } from '../support/thrown.js';

/**
 * The steps a specification project's workflow takes when a moment comes (given/when/then on the
 * pure decider): each refused a minute before its moment and taken at it, once; the drafting group's
 * own steps; the registry's conflicts of interest at the vote; and the policy file that sets the numbers.
 */
const id = 'spec-w';
const policy = DEFAULT_SPECIFICATION_POLICY;
const at = (instant: string, extra: Partial<SpecificationContext> = {}): SpecificationContext => ({ now: new Date(instant), policy, ...extra });
const minuteBefore = (instant: string) => new Date(Date.parse(instant) - 60_000).toISOString();

function run(steps: [SpecificationProjectCommand, string, Partial<SpecificationContext>?][], from: SpecificationProjectState = initialSpecificationProjectState) {
  let state = from;
  const events: SpecificationEvent[] = [];
  for (const [command, instant, extra] of steps) {
    for (const event of decideSpecificationProject(command, state, at(instant, extra))) {
      expect(eventProblems(event.type, 1, event.data)).toEqual([]);
      events.push(event);
      state = evolveSpecificationProject(state, event);
    }
  }
  return { state, events };
}
const refusal = (command: SpecificationProjectCommand, state: SpecificationProjectState, context: SpecificationContext) =>
  thrownBy(() => decideSpecificationProject(command, state, context), DomainError);

// 10:00 China time on 2026-03-02; the notice of 30 days runs through 2026-04-01.
const NOTICE: [SpecificationProjectCommand, string][] = [
  [{ type: 'Propose', projectId: id, title: '数字压力计校准规范', proposerInstitutionId: 'inst-city', drafterInstitutionId: 'inst-county' }, '2026-03-02T02:00:00Z'],
  [{ type: 'RecordExpertAppraisal', projectId: id, expertIds: ['e1'], conclusion: 'RECOMMENDED', opinion: '必要且可行' }, '2026-03-02T03:00:00Z'],
  [{ type: 'StartPublicNotice', projectId: id }, '2026-03-02T04:00:00Z'],
];
const DRAFTING: [SpecificationProjectCommand, string, Partial<SpecificationContext>?][] = [
  ...NOTICE,
  [{ type: 'Plan', projectId: id, planYear: 2026 }, '2026-04-02T02:00:00Z'],
  [{ type: 'FormDraftingGroup', projectId: id, leaderExpertId: 'd1', members: [{ expertId: 'd1', institutionId: 'inst-county' }] }, '2026-04-03T02:00:00Z'],
  [{ type: 'RecordDraftVersion', projectId: id, versionLabel: 'v1', sha256: 'a'.repeat(64), size: 10, name: 'v1.md' }, '2026-04-03T03:00:00Z', { actorId: 'd1', actorRole: 'expert' }],
];

describe('the steps a specification workflow takes when a moment comes', () => {
  it('records the end of the public notice at the end of its last China day, once', () => {
    const { state } = run(NOTICE);
    expect(state.publicNoticeEndsOn).toBe('2026-04-01');
    const moment = publicNoticeEndsAt('2026-04-01');
    expect(moment).toBe('2026-04-01T16:00:00.000Z');
    const step: SpecificationProjectCommand = { type: 'RecordPublicNoticeEnded', projectId: id };
    expect(refusal(step, state, at(minuteBefore(moment))).code).toBe('specification.not-yet-due');
    const ended = run([[step, moment]], state);
    expect(ended.events).toEqual([{ type: T.PublicNoticeEnded, data: { projectId: id, endsOn: '2026-04-01', recordedAt: moment } }]);
    expect(ended.state.status).toBe('PUBLIC_NOTICE');
    expect(refusal(step, ended.state, at(moment)).code).toBe('specification.already-recorded');
  });

  it('plans with the limit two years ahead and the reminder policy.projectLimitReminderDays before it; reminds once, then escalates once', () => {
    const { state, events } = run(DRAFTING);
    expect(events.find((e) => e.type === T.Planned)!.data).toMatchObject({ deadlineOn: '2028-04-02', remindOn: '2028-01-03' });
    const remind: SpecificationProjectCommand = { type: 'SendProjectLimitReminder', projectId: id };
    const overdue: SpecificationProjectCommand = { type: 'RecordProjectOverdue', projectId: id };
    expect(refusal(remind, state, at(minuteBefore(projectLimitRemindAt('2028-01-03')))).code).toBe('specification.not-yet-due');
    const reminded = run([[remind, projectLimitRemindAt('2028-01-03')]], state);
    expect(reminded.events[0].data).toMatchObject({ deadlineOn: '2028-04-02', drafterInstitutionId: 'inst-county', status: 'DRAFTING' });
    expect(refusal(remind, reminded.state, at('2028-02-01T00:00:00Z')).code).toBe('specification.already-recorded');
    expect(refusal(overdue, reminded.state, at(minuteBefore(projectOverdueAt('2028-04-02')))).code).toBe('specification.not-yet-due');
    const late = run([[overdue, projectOverdueAt('2028-04-02')]], reminded.state);
    expect(late.state.overdueSince).toBe(projectOverdueAt('2028-04-02'));
    expect(refusal(overdue, late.state, at('2028-05-01T00:00:00Z')).code).toBe('specification.already-recorded');
  });

  it('does not remind or escalate a project that is no longer under its limit (cancelled, published)', () => {
    const cancelled = run([[{ type: 'CancelProject', projectId: id, reason: '国家规范已覆盖' }, '2026-05-01T02:00:00Z']], run(DRAFTING).state).state;
    expect(refusal({ type: 'RecordProjectOverdue', projectId: id }, cancelled, at('2029-01-01T00:00:00Z')).code).toBe('specification.step-not-allowed-now');
    expect(refusal({ type: 'SendProjectLimitReminder', projectId: id }, cancelled, at('2029-01-01T00:00:00Z')).code).toBe('specification.step-not-allowed-now');
  });

  it('closes the comment period only from the end of its last day, and tells the committee on the meeting day', () => {
    const consulting = run(
      [[{ type: 'IssueConsultationDraft', projectId: id, versionLabel: 'v1', explanatoryNotes: '编制说明' }, '2026-04-10T02:00:00Z']],
      run(DRAFTING).state,
    ).state;
    const closesAt = commentPeriodEndsAt(consulting.consultation!.closesOn);
    expect(refusal({ type: 'CloseCommentPeriod', projectId: id }, consulting, at(minuteBefore(closesAt))).code).toBe('specification.comment-period-open');
    const closed = run(
      [
        [{ type: 'CloseCommentPeriod', projectId: id }, closesAt],
        [{ type: 'ScheduleReview', projectId: id, meetingDate: '2026-06-20', reviewDraftVersion: 'v1' }, '2026-05-15T02:00:00Z'],
      ],
      consulting,
    ).state;
    const due: SpecificationProjectCommand = { type: 'SendReviewMeetingReminder', projectId: id };
    expect(refusal(due, closed, at(minuteBefore(reviewMeetingDueAt('2026-06-20')))).code).toBe('specification.not-yet-due');
    const told = run([[due, reviewMeetingDueAt('2026-06-20')]], closed);
    expect(told.events[0].data).toMatchObject({ meetingDate: '2026-06-20', reviewDraftVersion: 'v1', draftSentOn: '2026-05-15', noticeDays: 36 });
    expect(refusal(due, told.state, at('2026-06-20T05:00:00Z')).code).toBe('specification.already-recorded');
    expect(periodicReviewDueAt('2031-06-20')).toBe('2031-06-19T16:00:00.000Z');
  });
});

describe("the drafting group's steps and the registry's conflicts of interest", () => {
  it("refuses an expert outside the drafting group a draft version or a comment's disposition", () => {
    const { state } = run(DRAFTING);
    const version: SpecificationProjectCommand = { type: 'RecordDraftVersion', projectId: id, versionLabel: 'v2', sha256: 'b'.repeat(64), size: 10, name: 'v2.md' };
    const error = refusal(version, state, at('2026-04-05T02:00:00Z', { actorId: 'outsider', actorRole: 'expert' }));
    expect(error.code).toBe('specification.not-in-drafting-group');
    expect(error.text['zh-CN']).toContain('起草组');
    expect(run([[version, '2026-04-05T02:00:00Z', { actorId: 'd1', actorRole: 'expert' }]], state).state.versions).toHaveLength(2);
  });

  it('recuses a committee member with a registry conflict: the vote is refused with the rule, and the member is counted present but not entitled to vote', () => {
    const consulting = run([[{ type: 'IssueConsultationDraft', projectId: id, versionLabel: 'v1', explanatoryNotes: '编制说明' }, '2026-04-10T02:00:00Z']], run(DRAFTING).state).state;
    const scheduled = run(
      [
        [{ type: 'CloseCommentPeriod', projectId: id }, '2026-05-11T02:00:00Z'],
        [{ type: 'ScheduleReview', projectId: id, meetingDate: '2026-06-20', reviewDraftVersion: 'v1' }, '2026-05-15T02:00:00Z'],
      ],
      consulting,
    ).state;
    const members = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'];
    const conflictedMembers = new Map([['m6', { en: 'Expert m6 belongs to institution inst-county.', 'zh-CN': '专家 m6 隶属于起草单位 inst-county。' }]]);
    const meeting = (votes: string[]): SpecificationProjectCommand => ({
      type: 'HoldReviewMeeting',
      projectId: id,
      members,
      present: members,
      invitedExperts: [],
      votes: votes.map((expertId) => ({ expertId, vote: 'YES' as const })),
    });
    const refused = refusal(meeting(['m1', 'm6']), scheduled, at('2026-06-20T02:00:00Z', { conflictedMembers }));
    expect(refused.code).toBe('specification.conflicted-member-cannot-vote');
    expect(refused.text.en).toContain('belongs to institution inst-county');
    const held = decideSpecificationProject(meeting(['m1', 'm2', 'm3', 'm4']), scheduled, at('2026-06-20T02:00:00Z', { conflictedMembers }))[0].data as ReviewMeetingHeldV1;
    // 6 present, m6 recused: 5 entitled to vote, 4 (3/4 of 5, rounded up) needed.
    expect(held).toMatchObject({ recused: ['m6'], yesRequired: 4, yes: 4, outcome: 'PASSED' });
  });
});

describe('the specification policy file', () => {
  it('accepts the built-in defaults and names every problem of a bad section', () => {
    expect(specificationPolicyProblems(BUILTIN_SPECIFICATION_POLICY)).toEqual([]);
    const bad = {
      ...BUILTIN_SPECIFICATION_POLICY,
      specification: { ...BUILTIN_SPECIFICATION_POLICY.specification, commentPeriodDays: 0, quorum: { numerator: 3, denominator: 2 }, numberPattern: '^JJF(', colour: 'red' },
    };
    expect(specificationPolicyProblems(bad)).toEqual([
      '"specification.commentPeriodDays" must be a whole number from 1 to 365',
      expect.stringContaining('"specification.quorum" must be a fraction'),
      expect.stringContaining('"specification.numberPattern" is not a regular expression'),
      '"specification.colour" is not a known setting',
    ]);
  });

  it("loads a jurisdiction's file from the policy folder, picks it by proposal date, keeps older versions for running projects, and skips a file without a specification section", () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-policy-'));
    try {
      const zhejiang = {
        jurisdiction: 'zhejiang',
        version: 'zhejiang/2027.1',
        effectiveFrom: '2027-01-01',
        specification: { ...BUILTIN_SPECIFICATION_POLICY.specification, commentPeriodDays: 45 },
      };
      writeFileSync(join(dir, 'zhejiang-2027.1.json'), JSON.stringify(zhejiang));
      writeFileSync(join(dir, 'assessment-only.json'), JSON.stringify({ jurisdiction: 'zhejiang', version: 'zhejiang/a', effectiveFrom: '2027-01-01', assessment: {} }));
      const registry = loadSpecificationPolicies(dir);
      expect(registry.forNewProject('zhejiang', '2027-03-01')).toMatchObject({ version: 'zhejiang/2027.1', commentPeriodDays: 45 });
      expect(() => registry.forNewProject('zhejiang', '2026-12-31')).toThrow('No specification policy of jurisdiction "zhejiang"');
      expect(registry.byVersion(DEFAULT_SPECIFICATION_POLICY.version)).toEqual(DEFAULT_SPECIFICATION_POLICY);
      writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...zhejiang, version: 'zhejiang/2027.2', specification: { ...zhejiang.specification, periodicReviewYears: 0 } }));
      const error = thrownBy(() => loadSpecificationPolicies(dir), PolicyFileError);
      expect(error.message).toContain('"specification.periodicReviewYears" must be a whole number from 1 to 20');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
