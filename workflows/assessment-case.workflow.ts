import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { AssessmentEventTypes, type ApplicationResubmittedV1, type ApplicationSubmittedV1 } from '../events/assessment.events.js';
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
 * This version covers acceptance: while no supplement notice is pending, it waits for the
 * acceptance window recorded by the (re)submission; when the window runs out it asks for the
 * application to be deemed accepted; a supplement notice suspends the window until the
 * applicant resubmits, which opens a new one. It ends once acceptance is recorded.
 */
export async function assessmentCaseWorkflow(input: AssessmentCaseWorkflowInput): Promise<AssessmentCasePhase> {
  const seen = new Set<string>();
  let phase: AssessmentCasePhase = 'AWAITING_SUBMISSION';
  /** The open acceptance window and the event that opened it. */
  let window: { dueAt: string; event: CaseEventSignal } | undefined;
  let supplementPending = false;
  let accepted = false;

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
    }
    if (accepted) phase = 'ACCEPTED';
    else if (supplementPending) phase = 'AWAITING_RESUBMISSION';
    else if (window && phase !== 'DEEMING_ACCEPTED') phase = 'AWAITING_ACCEPTANCE';
  });
  // A query handler must not mutate state.
  setHandler(caseStateQuery, () => ({ phase, acceptanceDueAt: window?.dueAt, eventsSeen: seen.size }));

  await condition(() => window !== undefined);
  while (!accepted) {
    if (supplementPending) {
      await condition(() => accepted || !supplementPending);
      continue;
    }
    const current = window!;
    const remainingMs = Date.parse(current.dueAt) - Date.now();
    const settled = remainingMs > 0 ? await condition(() => accepted || supplementPending || window !== current, remainingMs) : false;
    if (settled) continue;
    phase = 'DEEMING_ACCEPTED';
    try {
      await activities.deemApplicationAccepted({
        caseId: input.caseId,
        workflowId: workflowInfo().workflowId,
        asOf: new Date(Date.now()).toISOString(),
        correlationId: current.event.correlationId,
        causationEventId: current.event.eventId,
      });
    } catch {
      // Refused by the rules: a supplement notice or an acceptance got there first. Its event is
      // on its way through the bridge; wait for it rather than deciding anything here.
      await condition(() => accepted || supplementPending || window !== current);
      continue;
    }
    // The command's event reaches the workflow through the bridge like every other fact.
    await condition(() => accepted || supplementPending);
  }
  return 'ACCEPTED';
}
