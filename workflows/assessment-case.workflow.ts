import { condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { attemptTimerStep } from './timer-step.js';
import {
  AssessmentEventTypes,
  type ApplicationResubmittedV1,
  type ApplicationSubmittedV1,
  type DeadlineReminderSentV1,
  type DeadlineStep,
  type DecisionLimitExtendedV1,
  type EvaluationConcludedV1,
  type RecordedDeadline,
  type RectificationRequestedV1,
} from '../events/assessment.events.js';
import {
  caseEventSignal,
  caseStateQuery,
  type AssessmentCaseActivities,
  type AssessmentCasePhase,
  type AssessmentCaseWorkflowInput,
  type CaseEventSignal,
} from './assessment-case.contract.js';

const activities = proxyActivities<AssessmentCaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

/**
 * Remembers the time of one assessment case. It learns facts only from recorded events that the
 * bridge signals (ignoring any it has already seen) and changes the case only through activities
 * that send commands. Deadlines come from the events (computed in domain code), never from a
 * clock read here, so replays decide the same way.
 *
 * Acceptance: while no supplement notice is pending, it waits for the acceptance window recorded by
 * the (re)submission; when the window runs out it asks for the application to be deemed accepted;
 * a supplement notice suspends the window until the applicant resubmits, which opens a new one.
 * Rectification: when a rectification is requested, it waits for the submission until the recorded
 * deadline; if nothing was submitted by then, it records the miss and the case fails.
 * Limits (runs that carry the LIMITS_PATCH marker; runs started before it keep the old behaviour):
 * before each limit runs out it sends the reminder the deadline recorded (acceptance and decision to
 * the authority, rectification to the applicant); the conclusion's decision limit, extended at most
 * once by the authority, is escalated as overdue when it passes with no decision.
 * It ends when the case is decided or has failed.
 */
export async function assessmentCaseWorkflow(input: AssessmentCaseWorkflowInput): Promise<AssessmentCasePhase> {
  const keepsLimits = patched(LIMITS_PATCH);
  const seen = new Set<string>();
  let phase: AssessmentCasePhase = 'AWAITING_SUBMISSION';
  /** The open acceptance window and the event that opened it. */
  let window: { dueAt: string; remindAt?: string; event: CaseEventSignal } | undefined;
  let supplementPending = false;
  let accepted = false;
  /** The open rectification and the event that requested it. */
  let rectification: { dueAt: string; remindAt?: string; event: CaseEventSignal; submitted: boolean } | undefined;
  /** The authority's open decision limit (after the conclusion) and the event that set it. */
  let decision: { dueAt: string; remindAt?: string; event: CaseEventSignal; escalated: boolean } | undefined;
  /** `${step}@${dueAt}` of the reminders recorded (by this workflow or learnt from events). */
  const reminded = new Set<string>();
  let ended: 'FAILED' | 'DECIDED' | undefined;
  const limit = (deadline: RecordedDeadline, event: CaseEventSignal) => ({ dueAt: deadline.dueAt, remindAt: deadline.remindAt, event });

  setHandler(caseEventSignal, (event) => {
    if (seen.has(event.eventId)) return; // at-least-once delivery: a repeat changes nothing
    seen.add(event.eventId);
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted:
        window = limit((event.data as ApplicationSubmittedV1).acceptanceDeadline, event);
        break;
      case AssessmentEventTypes.ApplicationResubmitted:
        window = limit((event.data as ApplicationResubmittedV1).acceptanceDeadline, event);
        supplementPending = false;
        break;
      case AssessmentEventTypes.SupplementRequested:
        supplementPending = true;
        break;
      case AssessmentEventTypes.ApplicationAccepted:
      case AssessmentEventTypes.ApplicationDeemedAccepted:
        accepted = true;
        break;
      case AssessmentEventTypes.RectificationRequested:
        rectification = { ...limit((event.data as RectificationRequestedV1).deadline, event), submitted: false };
        break;
      case AssessmentEventTypes.RectificationSubmitted:
        if (rectification) rectification.submitted = true;
        break;
      case AssessmentEventTypes.RectificationConfirmed:
        rectification = undefined;
        break;
      case AssessmentEventTypes.RectificationDeadlineMissed:
        ended = 'FAILED';
        break;
      case AssessmentEventTypes.CaseDecided:
        ended = 'DECIDED';
        break;
      case AssessmentEventTypes.EvaluationConcluded: {
        const deadline = (event.data as EvaluationConcludedV1).decisionDeadline;
        if (deadline) decision = { ...limit(deadline, event), escalated: false };
        break;
      }
      case AssessmentEventTypes.DecisionLimitExtended:
        decision = { ...limit((event.data as DecisionLimitExtendedV1).deadline, event), escalated: false };
        break;
      case AssessmentEventTypes.DeadlineReminderSent: {
        const { step, dueAt } = event.data as DeadlineReminderSentV1;
        reminded.add(`${step}@${dueAt}`);
        break;
      }
      case AssessmentEventTypes.DecisionOverdue:
        if (decision) decision.escalated = true;
        break;
    }
    if (ended) phase = ended;
    else if (rectification && !rectification.submitted) phase = phase === 'RECORDING_MISSED_RECTIFICATION' ? phase : 'AWAITING_RECTIFICATION';
    else if (decision) phase = decision.escalated ? 'DECISION_OVERDUE' : 'AWAITING_DECISION';
    else if (accepted) phase = 'ACCEPTED';
    else if (supplementPending) phase = 'AWAITING_RESUBMISSION';
    else if (window && phase !== 'DEEMING_ACCEPTED') phase = 'AWAITING_ACCEPTANCE';
  });
  // A query handler must not mutate state.
  setHandler(caseStateQuery, () => ({
    phase,
    acceptanceDueAt: window?.dueAt,
    rectificationDueAt: rectification?.dueAt,
    decisionDueAt: decision?.dueAt,
    remindersSent: [...reminded],
    eventsSeen: seen.size,
  }));

  /**
   * Waits for a limit's reminder time unless `settled` first; then sends the reminder once.
   * True when the wait was cut short by `settled` (the caller re-examines the case).
   */
  const remindUnlessSettled = async (step: DeadlineStep, current: { dueAt: string; remindAt?: string; event: CaseEventSignal }, settled: () => boolean): Promise<boolean> => {
    const key = `${step}@${current.dueAt}`;
    if (!keepsLimits || !current.remindAt || reminded.has(key)) return false;
    const untilReminder = Date.parse(current.remindAt) - Date.now();
    if (untilReminder > 0 && (await condition(settled, untilReminder))) return true;
    await attemptTimerStep(() => activities.sendDeadlineReminder({ ...timerStep(input.caseId, current.event), step }));
    reminded.add(key);
    return false;
  };

  await condition(() => window !== undefined);
  while (!accepted && !ended) {
    if (supplementPending) {
      await condition(() => accepted || !supplementPending);
      continue;
    }
    const current = window!;
    if (await remindUnlessSettled('ACCEPTANCE', current, () => accepted || supplementPending || window !== current)) continue;
    const remainingMs = Date.parse(current.dueAt) - Date.now();
    const settled = remainingMs > 0 ? await condition(() => accepted || supplementPending || window !== current, remainingMs) : false;
    if (settled) continue;
    phase = 'DEEMING_ACCEPTED';
    await attemptTimerStep(() => activities.deemApplicationAccepted(timerStep(input.caseId, current.event)));
    // The command's event (or the one that got there first) reaches the workflow through the bridge.
    await condition(() => accepted || supplementPending || window !== current);
  }

  while (!ended) {
    await condition(
      () => ended !== undefined || (rectification !== undefined && !rectification.submitted) || (keepsLimits && decision !== undefined && !decision.escalated),
    );
    if (ended) break;
    if (!(rectification && !rectification.submitted)) {
      await watchDecisionLimit(decision!);
      continue;
    }
    const current = rectification!;
    if (await remindUnlessSettled('RECTIFICATION', current, () => ended !== undefined || rectification !== current || current.submitted)) continue;
    const remainingMs = Date.parse(current.dueAt) - Date.now();
    const settled = remainingMs > 0 ? await condition(() => ended !== undefined || rectification !== current || current.submitted, remainingMs) : false;
    if (settled) {
      await condition(() => ended !== undefined || rectification !== current);
      continue;
    }
    phase = 'RECORDING_MISSED_RECTIFICATION';
    await attemptTimerStep(() => activities.recordRectificationMissed(timerStep(input.caseId, current.event)));
    await condition(() => ended !== undefined || rectification !== current || current.submitted);
  }
  return ended;

  /** Reminds the authority before its decision limit, and escalates the decision as overdue when the limit passes undecided. */
  async function watchDecisionLimit(current: NonNullable<typeof decision>): Promise<void> {
    const settled = () => ended !== undefined || decision !== current;
    if (await remindUnlessSettled('DECISION', current, settled)) return;
    const remainingMs = Date.parse(current.dueAt) - Date.now();
    if (remainingMs > 0 && (await condition(settled, remainingMs))) return;
    phase = 'DECISION_OVERDUE';
    await attemptTimerStep(() => activities.recordDecisionOverdue(timerStep(input.caseId, current.event)));
    current.escalated = true;
    await condition(settled);
  }
}

/** Marks the runs that send reminders and keep the decision limit; older histories replay without them. */
export const LIMITS_PATCH = 'deadline-reminders-and-decision-limit';

function timerStep(caseId: string, event: CaseEventSignal) {
  return { caseId, workflowId: workflowInfo().workflowId, asOf: new Date(Date.now()).toISOString(), correlationId: event.correlationId, causationEventId: event.eventId };
}

