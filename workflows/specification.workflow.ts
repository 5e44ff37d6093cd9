import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { SpecificationEventTypes, type EvaluationConcludedV1, type SpecificationEvent } from '../events/specification.events.js';
import {
  addCalendarDays,
  commentPeriodEndsAt,
  periodicReviewDueAt,
  projectLimitRemindAt,
  projectOverdueAt,
  publicNoticeEndsAt,
  reviewMeetingDueAt,
} from '../src/specifications/domain/specification-deadlines.js';
import { evolveSpecificationProject, initialSpecificationProjectState, type SpecificationProjectState } from '../src/specifications/domain/specification-project.js';
import { attemptTimerStep } from './timer-step.js';
import {
  specificationEventSignal,
  specificationStateQuery,
  type SpecificationActivities,
  type SpecificationEventSignal,
  type SpecificationTimerStep,
  type SpecificationWorkflowInput,
} from './specification.contract.js';

const activities = proxyActivities<SpecificationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

/** Statuses in which the project limit applies: planned and not yet published. */
const UNDER_LIMIT = new Set(['PLANNED', 'DRAFTING', 'CONSULTATION', 'DISPOSITION', 'REVIEW_SCHEDULED', 'REVIEWED', 'SUBMITTED_FOR_APPROVAL']);
/** Statuses after which nothing more is kept: the run ends. */
const FINAL = new Set(['APPRAISAL_REJECTED', 'CANCELLED', 'WITHDRAWN', 'REVISION']);

type Cause = { eventId: string; correlationId: string };
interface Moment {
  step: SpecificationTimerStep;
  at: string;
  on: string;
  key: string;
  cause: Cause;
}

/**
 * Keeps the time of one local technical specification project (地方计量技术规范制修订项目), for as
 * long as the specification lives. It folds the recorded events the bridge signals with the
 * decider's own evolve function (so it cannot disagree with the rules about where the project
 * stands), computes every moment from recorded dates with src/specifications/domain/
 * specification-deadlines.ts (the module the decider checks them with), and acts only through an
 * activity that sends a command, which the rules refuse if it comes too early or too late.
 *
 * - The public notice (立项公示): when it has run, records that it ended, so the secretariat may plan the project.
 * - The comment period (征求意见期): when it has run, closes it; the drafting group answers the comments.
 * - The project limit (two years by default): reminds the drafting institution ahead of it (90 days
 *   by default), and escalates the project as overdue when it passes unpublished.
 * - The review meeting: on its date, tells the committee it is due, with the notice the draft had.
 * - Periodic review (复审, every five years by default): starts it when it falls due. The project
 *   enters into force, and each confirmation sets the next due date; at each, the run continues as
 *   new, so that the history of a specification that lives for decades stays small.
 * It ends when the project is not recommended, cancelled, withdrawn or replaced by a revision.
 */
export async function specificationProjectWorkflow(input: SpecificationWorkflowInput): Promise<string> {
  const seen = new Set<string>();
  const lastCarried = input.carried?.lastPosition ?? 0;
  let lastPosition = lastCarried;
  let state: SpecificationProjectState = input.carried?.state ?? initialSpecificationProjectState;
  /** Bumped by every new event: a wait for a moment is cut short to re-examine the project. */
  let version = 0;
  /** The event that set each moment: the cause of the step taken when it comes. */
  const causes: Partial<Record<SpecificationTimerStep, Cause>> = input.carried ? { PERIODIC_REVIEW: input.carried.cause } : {};
  /** Steps tried (taken, or refused because something else happened first), by `${step}:${on}`. */
  const attempted = new Set<string>();
  let handOver = false;

  setHandler(specificationEventSignal, (signal: SpecificationEventSignal) => {
    // At-least-once delivery: a repeat, or an event the previous run already applied, changes nothing.
    if (seen.has(signal.eventId) || signal.globalPosition <= lastCarried) return;
    seen.add(signal.eventId);
    version += 1;
    lastPosition = Math.max(lastPosition, signal.globalPosition);
    const event = { type: signal.type, data: signal.data } as SpecificationEvent;
    state = evolveSpecificationProject(state, event);
    const cause = { eventId: signal.eventId, correlationId: signal.correlationId };
    switch (event.type) {
      case SpecificationEventTypes.PublicNoticeStarted:
        causes.PUBLIC_NOTICE_END = cause;
        break;
      case SpecificationEventTypes.ConsultationDraftIssued:
        causes.COMMENT_PERIOD_CLOSE = cause;
        break;
      case SpecificationEventTypes.Planned:
        causes.PROJECT_LIMIT_REMINDER = cause;
        causes.PROJECT_OVERDUE = cause;
        break;
      case SpecificationEventTypes.ReviewScheduled:
        causes.REVIEW_MEETING_DUE = cause;
        break;
      case SpecificationEventTypes.Published:
        causes.PERIODIC_REVIEW = cause;
        break;
      case SpecificationEventTypes.EnteredIntoForce:
        handOver = true;
        break;
      case SpecificationEventTypes.EvaluationConcluded:
        if ((event.data as EvaluationConcludedV1).outcome === 'CONFIRMED') {
          causes.PERIODIC_REVIEW = cause;
          handOver = true;
        }
        break;
    }
  });

  /** The moments still to come, earliest first; deterministic (Date.now() is the workflow's time). */
  const pendingMoments = (): Moment[] => {
    const moments: Moment[] = [];
    const add = (step: SpecificationTimerStep, at: string, on: string) => {
      const key = `${step}:${on}`;
      const cause = causes[step];
      if (!attempted.has(key) && cause) moments.push({ step, at, on, key, cause });
    };
    const s = state;
    if (s.status === 'PUBLIC_NOTICE' && s.publicNoticeEndsOn && !s.publicNoticeEndedAt) add('PUBLIC_NOTICE_END', publicNoticeEndsAt(s.publicNoticeEndsOn), s.publicNoticeEndsOn);
    if (s.status === 'CONSULTATION' && s.consultation) add('COMMENT_PERIOD_CLOSE', commentPeriodEndsAt(s.consultation.closesOn), s.consultation.closesOn);
    if (UNDER_LIMIT.has(s.status) && s.deadlineOn && !s.overdueSince) {
      const overdueAt = projectOverdueAt(s.deadlineOn);
      // A project already past its limit is escalated, not reminded.
      if (!s.limitReminderSentAt && Date.now() < Date.parse(overdueAt)) {
        const remindOn = s.limitRemindOn ?? addCalendarDays(s.deadlineOn, -90);
        add('PROJECT_LIMIT_REMINDER', projectLimitRemindAt(remindOn), remindOn);
      }
      add('PROJECT_OVERDUE', overdueAt, s.deadlineOn);
    }
    if (s.status === 'REVIEW_SCHEDULED' && s.review && !s.review.dueNotifiedAt) add('REVIEW_MEETING_DUE', reviewMeetingDueAt(s.review.meetingDate), s.review.meetingDate);
    if (s.status === 'IN_FORCE' && s.periodicReviewDueOn) add('PERIODIC_REVIEW', periodicReviewDueAt(s.periodicReviewDueOn), s.periodicReviewDueOn);
    return moments.sort((a, b) => a.at.localeCompare(b.at));
  };

  // A query handler must not mutate state.
  setHandler(specificationStateQuery, () => ({
    status: state.status,
    pending: pendingMoments().map(({ step, at }) => ({ step, at })),
    done: [...attempted],
    eventsSeen: seen.size,
    run: input.carried?.run ?? 1,
  }));

  for (;;) {
    if (FINAL.has(state.status)) return state.status;
    if (handOver) {
      // Drop what only the drafting needed; the next run keeps the specification's reviews.
      const { versions: _v, comments: _c, ...kept } = state;
      return continueAsNew<typeof specificationProjectWorkflow>({
        projectId: input.projectId,
        carried: { state: kept, lastPosition, cause: causes.PERIODIC_REVIEW!, run: (input.carried?.run ?? 1) + 1 },
      });
    }
    const seenVersion = version;
    const next = pendingMoments()[0];
    if (!next) {
      await condition(() => version !== seenVersion);
      continue;
    }
    const waitMs = Date.parse(next.at) - Date.now();
    if (waitMs > 0 && (await condition(() => version !== seenVersion, waitMs))) continue;
    // A refusal (another step got there first) changes nothing; the step is not tried again.
    await attemptTimerStep(() =>
      activities.takeSpecificationStep({
        projectId: input.projectId,
        workflowId: workflowInfo().workflowId,
        asOf: new Date(Date.now()).toISOString(),
        correlationId: next.cause.correlationId,
        causationEventId: next.cause.eventId,
        step: next.step,
        on: next.on,
      }),
    );
    attempted.add(next.key);
  }
}
