import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { attemptTimerStep } from './timer-step.js';
import {
  AssessmentEventTypes,
  type ApplicationResubmittedV1,
  type ApplicationSubmittedV1,
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
 * It ends when the case is decided or has failed.
 */
export async function assessmentCaseWorkflow(input: AssessmentCaseWorkflowInput): Promise<AssessmentCasePhase> {
  const seen = new Set<string>();
  let phase: AssessmentCasePhase = 'AWAITING_SUBMISSION';
  /** The open acceptance window and the event that opened it. */
  let window: { dueAt: string; event: CaseEventSignal } | undefined;
  let supplementPending = false;
  let accepted = false;
  /** The open rectification and the event that requested it. */
  let rectification: { dueAt: string; event: CaseEventSignal; submitted: boolean } | undefined;
  let ended: 'FAILED' | 'DECIDED' | undefined;

  setHandler(caseEventSignal, (event) => {
    if (seen.has(event.eventId)) return; // at-least-once delivery: a repeat changes nothing
    seen.add(event.eventId);
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted:
        window = { dueAt: (event.data as ApplicationSubmittedV1).acceptanceDeadline.dueAt, event };
        break;
      case AssessmentEventTypes.ApplicationResubmitted:
        window = { dueAt: (event.data as ApplicationResubmittedV1).acceptanceDeadline.dueAt, event };
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
        rectification = { dueAt: (event.data as RectificationRequestedV1).deadline.dueAt, event, submitted: false };
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
    }
    if (ended) phase = ended;
    else if (rectification && !rectification.submitted) phase = phase === 'RECORDING_MISSED_RECTIFICATION' ? phase : 'AWAITING_RECTIFICATION';
    else if (accepted) phase = 'ACCEPTED';
    else if (supplementPending) phase = 'AWAITING_RESUBMISSION';
    else if (window && phase !== 'DEEMING_ACCEPTED') phase = 'AWAITING_ACCEPTANCE';
  });
  // A query handler must not mutate state.
  setHandler(caseStateQuery, () => ({ phase, acceptanceDueAt: window?.dueAt, rectificationDueAt: rectification?.dueAt, eventsSeen: seen.size }));

  await condition(() => window !== undefined);
  while (!accepted && !ended) {
    if (supplementPending) {
      await condition(() => accepted || !supplementPending);
      continue;
    }
    const current = window!;
    const remainingMs = Date.parse(current.dueAt) - Date.now();
    const settled = remainingMs > 0 ? await condition(() => accepted || supplementPending || window !== current, remainingMs) : false;
    if (settled) continue;
    phase = 'DEEMING_ACCEPTED';
    await attemptTimerStep(() => activities.deemApplicationAccepted(timerStep(input.caseId, current.event)));
    // The command's event (or the one that got there first) reaches the workflow through the bridge.
    await condition(() => accepted || supplementPending || window !== current);
  }

  while (!ended) {
    await condition(() => ended !== undefined || (rectification !== undefined && !rectification.submitted));
    if (ended) break;
    const current = rectification!;
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
}

function timerStep(caseId: string, event: CaseEventSignal) {
  return { caseId, workflowId: workflowInfo().workflowId, asOf: new Date(Date.now()).toISOString(), correlationId: event.correlationId, causationEventId: event.eventId };
}

