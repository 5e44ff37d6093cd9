import { describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { SpecificationEventTypes as T } from '../../events/specification.events.js';
import { chinaDate } from '../../src/calendar/working-days.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { SubscriptionRunner } from '../../src/event-store/subscription-runner.js';
import { ActOnSpecificationCommand, type SpecificationStepResult } from '../../src/specifications/commands/act-on-specification.command.js';
import { specificationStreamId } from '../../src/specifications/commands/act-on-specification.handler.js';
import {
  addCalendarDays,
  addYears,
  commentPeriodEndsAt,
  periodicReviewDueAt,
  projectLimitRemindAt,
  projectOverdueAt,
  publicNoticeEndsAt,
  reviewMeetingDueAt,
} from '../../src/specifications/domain/specification-deadlines.js';
import type { SpecificationProjectCommand } from '../../src/specifications/domain/specification-project.js';
import { specificationStateQuery, specificationWorkflowId, type SpecificationWorkflowState } from '../../workflows/specification.contract.js';
import { tokenFor } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { startTimeSkippingApp, type TimeSkippingApp } from '../support/time-skipping-app.js';

const PROPOSER = '91330100MA2PROP001';
const DRAFTER = '91330106MA2DRAF002';
const COMMENTER = '91330203MA2COMM003';
const LEADER = 'expert-zhao';
const MINUTE = 60_000;

/**
 * A specification project's periods and limits kept by its workflow, on the Java time-skipping test
 * server: the end of the public notice, the close of the comment period, the review meeting's day,
 * the periodic review five years after publication (the run continuing as new at entry into force
 * and at each confirmation), and the two-year project limit with its reminder and escalation. Each
 * test has its own server, as each skips years.
 */
describe('the periods and limits of a specification project through Temporal (time skipping)', () => {
  /** Records a step through the application's CommandBus, as of the test server's time. */
  const actorFor = (harness: TimeSkippingApp, projectId: string) => {
    let n = 0;
    return async (step: SpecificationProjectCommand, who: 'institution' | 'commenter' | 'secretariat' | 'drafter'): Promise<SpecificationStepResult> => {
      await harness.followServer();
      n += 1;
      const context = {
        institution: { actorId: 'engineer-proposer', role: 'institution', institutionId: PROPOSER },
        commenter: { actorId: 'engineer-commenter', role: 'institution', institutionId: COMMENTER },
        secretariat: { actorId: 'officer-1', role: 'secretariat' },
        drafter: { actorId: LEADER, role: 'expert' },
      }[who];
      return harness.app.get(CommandBus).execute(new ActOnSpecificationCommand(step, { commandId: `${projectId}:${n}:${step.type}`, ...context, correlationId: `corr-${projectId}` }));
    };
  };
  const workflowState = (harness: TimeSkippingApp, projectId: string) => harness.env.client.workflow.getHandle(specificationWorkflowId(projectId)).query(specificationStateQuery);
  const stateWhere = (harness: TimeSkippingApp, projectId: string, done: (s: SpecificationWorkflowState) => boolean) => eventually(() => workflowState(harness, projectId), done);
  /** Waits until the bridge has handed the workflow every event recorded so far. */
  const delivered = async (harness: TimeSkippingApp) => harness.app.get(SubscriptionRunner).waitFor(await harness.store.headPosition(), 'bridge:temporal-workflows');
  /** Skips the server's time to just past `instant`. */
  const skipPast = async (harness: TimeSkippingApp, instant: string) => harness.env.sleep(Date.parse(instant) - (await harness.env.currentTimeMs()) + MINUTE);
  const recorded = (harness: TimeSkippingApp, projectId: string, type: string) =>
    eventually(() => harness.store.readStream(specificationStreamId(projectId)), (events) => events.some((e) => e.type === type)).then((events) => events.find((e) => e.type === type)!);
  const bySystem = (projectId: string, cause: RecordedEvent) => ({
    actorId: 'system:specification-workflow',
    role: 'system',
    workflowId: specificationWorkflowId(projectId),
    causationId: cause.id,
    correlationId: `corr-${projectId}`,
  });

  /** Proposal to the public notice, and the notice's end recorded by the workflow; returns the project planned. */
  async function planned(harness: TimeSkippingApp, projectId: string) {
    const act = actorFor(harness, projectId);
    await act({ type: 'Propose', projectId, title: '电子天平校准规范', proposerInstitutionId: PROPOSER, drafterInstitutionId: DRAFTER }, 'institution');
    await act({ type: 'RecordExpertAppraisal', projectId, expertIds: ['expert-wang', 'expert-li'], conclusion: 'RECOMMENDED', opinion: '项目必要、可行。' }, 'secretariat');
    const notice = await act({ type: 'StartPublicNotice', projectId }, 'secretariat');
    expect(notice.status).toBe('PUBLIC_NOTICE');
    await delivered(harness);
    const noticeEvent = (await harness.store.readStream(specificationStreamId(projectId))).find((e) => e.type === T.PublicNoticeStarted)!;
    const endsOn = (noticeEvent.data as { endsOn: string }).endsOn;
    const waiting = await stateWhere(harness, projectId, (s) => s.pending.length > 0);
    expect(waiting.pending).toEqual([{ step: 'PUBLIC_NOTICE_END', at: publicNoticeEndsAt(endsOn) }]);
    // Planning before the notice has run is refused by the rules.
    await expect(act({ type: 'Plan', projectId, planYear: Number(chinaDate(harness.now()).slice(0, 4)) }, 'secretariat')).rejects.toMatchObject({ code: 'specification.public-notice-not-ended' });
    await skipPast(harness, publicNoticeEndsAt(endsOn));
    const ended = await recorded(harness, projectId, T.PublicNoticeEnded);
    expect(ended).toMatchObject({ data: { projectId, endsOn }, metadata: bySystem(projectId, noticeEvent) });
    expect(Date.parse((ended.data as { recordedAt: string }).recordedAt)).toBeGreaterThanOrEqual(Date.parse(publicNoticeEndsAt(endsOn)));
    await harness.followServer();
    await act({ type: 'Plan', projectId, planYear: Number(chinaDate(harness.now()).slice(0, 4)) }, 'secretariat');
    await act({ type: 'FormDraftingGroup', projectId, leaderExpertId: LEADER, members: [{ expertId: LEADER, institutionId: DRAFTER }] }, 'secretariat');
    await act({ type: 'RecordDraftVersion', projectId, versionLabel: 'v1', sha256: 'a'.repeat(64), size: 2048, name: 'draft-v1.md' }, 'drafter');
    return act;
  }

  it('ends the public notice, closes the comment period, announces the meeting day, and starts the periodic review five years after publication', async () => {
    const harness = await startTimeSkippingApp('specification-review-int');
    const projectId = '5bec0000-0000-4000-8000-000000000001';
    const streamId = specificationStreamId(projectId);
    try {
      const handle = () => harness.env.client.workflow.getHandle(specificationWorkflowId(projectId));
      // Queried only once a run has handed over: the test server mishandles a query that races a continue-as-new.
      const handedOver = (runId: string) =>
        eventually(() => harness.env.client.workflow.getHandle(specificationWorkflowId(projectId), runId).describe(), (d) => d.status.name === 'CONTINUED_AS_NEW');
      const worker = await harness.newWorker();
      const outcome = await worker.runUntil(async () => {
        const act = await planned(harness, projectId);
        await act({ type: 'IssueConsultationDraft', projectId, versionLabel: 'v1', explanatoryNotes: '编制说明：参照国家规程编写。' }, 'secretariat');
        await act({ type: 'ReceiveComment', projectId, commentId: 'c1', clause: '5.2', text: '建议增加校准点。', source: 'INSTITUTION', institutionId: COMMENTER }, 'commenter');
        await delivered(harness);
        const consultation = (await harness.store.readStream(streamId)).find((e) => e.type === T.ConsultationDraftIssued)!;
        const closesOn = (consultation.data as { closesOn: string }).closesOn;
        const consulting = await stateWhere(harness, projectId, (s) => s.status === 'CONSULTATION' && s.pending.some((p) => p.step === 'COMMENT_PERIOD_CLOSE'));
        await skipPast(harness, commentPeriodEndsAt(closesOn));
        const closed = await recorded(harness, projectId, T.CommentPeriodClosed);
        expect(closed).toMatchObject({ data: { projectId, comments: 1 }, metadata: bySystem(projectId, consultation) });

        await act({ type: 'DisposeComment', projectId, commentId: 'c1', disposition: 'ADOPTED', reasons: ['已在 5.2 增加最大秤量校准点。'] }, 'drafter');
        await harness.followServer();
        const meetingDate = addCalendarDays(chinaDate(harness.now()), 31);
        await act({ type: 'ScheduleReview', projectId, meetingDate, reviewDraftVersion: 'v1' }, 'secretariat');
        await delivered(harness);
        const scheduled = (await harness.store.readStream(streamId)).find((e) => e.type === T.ReviewScheduled)!;
        await stateWhere(harness, projectId, (s) => s.pending.some((p) => p.step === 'REVIEW_MEETING_DUE'));
        await skipPast(harness, reviewMeetingDueAt(meetingDate));
        const meetingDue = await recorded(harness, projectId, T.ReviewMeetingDue);
        expect(meetingDue).toMatchObject({ data: { projectId, meetingDate, reviewDraftVersion: 'v1', noticeDays: 31 }, metadata: bySystem(projectId, scheduled) });

        const members = ['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6'];
        const votes = members.slice(0, 4).map((expertId) => ({ expertId, vote: 'YES' as const }));
        const held = await act({ type: 'HoldReviewMeeting', projectId, members, present: members.slice(0, 5), invitedExperts: [], votes }, 'secretariat');
        expect(held.status).toBe('REVIEWED');
        await act({ type: 'SubmitForApproval', projectId }, 'secretariat');
        await harness.followServer();
        const today = chinaDate(harness.now());
        await act({ type: 'Publish', projectId, number: `JJF(浙) 1001-${today.slice(0, 4)}` }, 'secretariat');
        await act({ type: 'File', projectId, filingNumber: 'BA-2027-001' }, 'secretariat');
        const firstRunId = (await handle().describe()).runId;
        const inForce = await act({ type: 'EnterIntoForce', projectId, effectiveOn: today }, 'secretariat');
        expect(inForce.status).toBe('IN_FORCE');
        await delivered(harness);
        await handedOver(firstRunId);
        const published = (await harness.store.readStream(streamId)).find((e) => e.type === T.Published)!;
        const { periodicReviewDueOn: dueOn, publishedOn } = published.data as { periodicReviewDueOn: string; publishedOn: string };
        // Entering into force hands the specification to a new run, which waits for the review.
        const secondRun = await stateWhere(harness, projectId, (s) => s.run === 2 && s.pending.length > 0);

        const secondRunId = (await handle().describe()).runId;
        await skipPast(harness, periodicReviewDueAt(dueOn));
        const reviewStarted = await recorded(harness, projectId, T.PeriodicReviewStarted);
        expect(reviewStarted).toMatchObject({ data: { projectId, dueOn }, metadata: bySystem(projectId, published) });
        const reviewStartedOn = chinaDate(new Date((reviewStarted.data as { startedAt: string }).startedAt));
        const concluded = await act({ type: 'ConcludeEvaluation', projectId, outcome: 'CONFIRMED', reasons: ['技术内容仍然适用。'] }, 'secretariat');
        expect(concluded.status).toBe('IN_FORCE');
        await delivered(harness);
        await handedOver(secondRunId);
        const confirmation = (await harness.store.readStream(streamId)).find((e) => e.type === T.EvaluationConcluded)!;
        const nextDueOn = (confirmation.data as { nextReviewDueOn: string }).nextReviewDueOn;
        const thirdRun = await stateWhere(harness, projectId, (s) => s.run === 3 && s.pending.length > 0);
        await harness.env.client.workflow.getHandle(specificationWorkflowId(projectId)).terminate('test done');
        return { consulting, closesOn, secondRun, dueOn, publishedOn, thirdRun, nextDueOn, reviewStartedOn };
      });
      expect(outcome.consulting.pending[0]).toEqual({ step: 'COMMENT_PERIOD_CLOSE', at: commentPeriodEndsAt(outcome.closesOn) });
      expect(outcome.secondRun).toMatchObject({ status: 'IN_FORCE', pending: [{ step: 'PERIODIC_REVIEW', at: periodicReviewDueAt(outcome.dueOn) }], done: [] });
      // Five years after publication.
      expect(outcome.dueOn).toBe(addYears(outcome.publishedOn, 5));
      expect(outcome.thirdRun).toMatchObject({ status: 'IN_FORCE', pending: [{ step: 'PERIODIC_REVIEW', at: periodicReviewDueAt(outcome.nextDueOn) }] });
      expect(outcome.nextDueOn > outcome.dueOn).toBe(true);
      expect(Number(outcome.nextDueOn.slice(0, 4)) - Number(outcome.dueOn.slice(0, 4))).toBe(5);
      expect(outcome.nextDueOn).toBe(addYears(outcome.reviewStartedOn, 5));

      const events = await harness.store.readStream(streamId);
      const bySystemTypes = events.filter((e) => e.metadata.actorId === 'system:specification-workflow').map((e) => e.type);
      expect(bySystemTypes).toEqual([T.PublicNoticeEnded, T.CommentPeriodClosed, T.ReviewMeetingDue, T.PeriodicReviewStarted]);
      // The project was finished long before its limit: no reminder, no escalation.
      expect(events.some((e) => e.type === T.ProjectLimitReminderSent || e.type === T.ProjectOverdue)).toBe(false);
    } finally {
      await harness.close();
    }
  });

  it('reminds the drafting institution ahead of the two-year limit and escalates the project when it passes unpublished', async () => {
    const harness = await startTimeSkippingApp('specification-limit-int');
    const projectId = '5bec0000-0000-4000-8000-000000000002';
    const streamId = specificationStreamId(projectId);
    try {
      const worker = await harness.newWorker();
      const outcome = await worker.runUntil(async () => {
        await planned(harness, projectId);
        await delivered(harness);
        const plan = (await harness.store.readStream(streamId)).find((e) => e.type === T.Planned)!;
        const { deadlineOn, remindOn } = plan.data as { deadlineOn: string; remindOn: string };
        const drafting = await stateWhere(harness, projectId, (s) => s.status === 'DRAFTING' && s.pending.length === 2);
        await skipPast(harness, projectLimitRemindAt(remindOn));
        const reminder = await recorded(harness, projectId, T.ProjectLimitReminderSent);
        const reminded = await stateWhere(harness, projectId, (s) => s.pending.length === 1);
        await skipPast(harness, projectOverdueAt(deadlineOn));
        const overdue = await recorded(harness, projectId, T.ProjectOverdue);
        await harness.app.get(SubscriptionRunner).waitFor(overdue.globalPosition, 'projection:specifications');
        const read = await request(harness.app.getHttpServer()).get(`/api/v1/specifications/${projectId}`).set('Authorization', `Bearer ${tokenFor('auditor')}`).expect(200);
        const after = await stateWhere(harness, projectId, (s) => s.pending.length === 0);
        await harness.env.client.workflow.getHandle(specificationWorkflowId(projectId)).terminate('test done');
        return { plan, deadlineOn, remindOn, drafting, reminder, reminded, overdue, read: read.body, after };
      });
      const { plan, deadlineOn, remindOn } = outcome;
      expect(remindOn).toBe(addCalendarDays(deadlineOn, -90));
      expect(outcome.drafting.pending).toEqual([
        { step: 'PROJECT_LIMIT_REMINDER', at: projectLimitRemindAt(remindOn) },
        { step: 'PROJECT_OVERDUE', at: projectOverdueAt(deadlineOn) },
      ]);
      expect(outcome.reminder).toMatchObject({ data: { projectId, deadlineOn, drafterInstitutionId: DRAFTER, status: 'DRAFTING' }, metadata: bySystem(projectId, plan) });
      const remindedAt = Date.parse((outcome.reminder.data as { remindedAt: string }).remindedAt);
      expect(remindedAt).toBeGreaterThanOrEqual(Date.parse(projectLimitRemindAt(remindOn)));
      expect(remindedAt).toBeLessThan(Date.parse(projectOverdueAt(deadlineOn)));
      expect(outcome.reminded.pending).toEqual([{ step: 'PROJECT_OVERDUE', at: projectOverdueAt(deadlineOn) }]);
      expect(outcome.overdue).toMatchObject({ data: { projectId, deadlineOn, drafterInstitutionId: DRAFTER, status: 'DRAFTING' }, metadata: bySystem(projectId, plan) });
      expect(Date.parse((outcome.overdue.data as { escalatedAt: string }).escalatedAt)).toBeGreaterThanOrEqual(Date.parse(projectOverdueAt(deadlineOn)));
      expect(outcome.read).toMatchObject({ status: 'DRAFTING', deadlineOn, overdueSince: (outcome.overdue.data as { escalatedAt: string }).escalatedAt });
      expect(outcome.after.done).toEqual(expect.arrayContaining([`PROJECT_LIMIT_REMINDER:${remindOn}`, `PROJECT_OVERDUE:${deadlineOn}`]));
    } finally {
      await harness.close();
    }
  });
});
