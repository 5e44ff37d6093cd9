import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { AssessmentEventTypes, type ApplicationSubmittedV1 } from '../events/assessment.events.js';
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
 * This first version covers acceptance: when the acceptance time limit runs out with no supplement
 * notice, it asks for the application to be deemed accepted, then ends once that is recorded.
 */
export async function assessmentCaseWorkflow(input: AssessmentCaseWorkflowInput): Promise<AssessmentCasePhase> {
  const seen = new Set<string>();
  let phase: AssessmentCasePhase = 'AWAITING_SUBMISSION';
  let submitted: { event: CaseEventSignal; data: ApplicationSubmittedV1 } | undefined;
  let accepted = false;

  setHandler(caseEventSignal, (event) => {
    if (seen.has(event.eventId)) return; // at-least-once delivery: a repeat changes nothing
    seen.add(event.eventId);
    if (event.type === AssessmentEventTypes.ApplicationSubmitted) {
      submitted = { event, data: event.data as ApplicationSubmittedV1 };
      if (phase === 'AWAITING_SUBMISSION') phase = 'AWAITING_ACCEPTANCE';
    } else if (event.type === AssessmentEventTypes.ApplicationDeemedAccepted) {
      accepted = true;
      phase = 'ACCEPTED';
    }
  });
  // A query handler must not mutate state.
  setHandler(caseStateQuery, () => ({ phase, acceptanceDueAt: submitted?.data.acceptanceDeadline.dueAt, eventsSeen: seen.size }));

  await condition(() => submitted !== undefined);
  const { event, data } = submitted!;
  const remainingMs = Date.parse(data.acceptanceDeadline.dueAt) - Date.now();
  const settledInTime = remainingMs > 0 ? await condition(() => accepted, remainingMs) : accepted;
  if (!settledInTime) {
    phase = 'DEEMING_ACCEPTED';
    await activities.deemApplicationAccepted({
      caseId: input.caseId,
      workflowId: workflowInfo().workflowId,
      asOf: new Date(Date.now()).toISOString(),
      correlationId: event.correlationId,
      causationEventId: event.eventId,
    });
  }
  // The command's event reaches the workflow through the bridge like every other fact.
  await condition(() => accepted);
  return phase;
}
