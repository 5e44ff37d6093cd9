import { condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { attemptTimerStep } from './timer-step.js';
import {
  ComparisonEventTypes,
  type ComparisonPublishedV1,
  type ComparisonProposedV1,
  type DraftAIssuedV1,
  type FollowUpOverdueV1,
  type LegOverdueV1,
  type LegReminderSentV1,
  type ProtocolDraftedV1,
  type StabilityCheckedV1,
  type StabilityCheckReminderSentV1,
  type TransferStandardHandedOverV1,
  type TransferStandardReceivedV1,
} from '../events/comparison.events.js';
import { draftAReviewEndsAt, followUpDueAt, legDueAt, legRemindAt, starCheckDueAt } from '../src/comparisons/domain/comparison-deadlines.js';
import {
  comparisonEventSignal,
  comparisonStateQuery,
  type ComparisonActivities,
  type ComparisonEventSignal,
  type ComparisonNextStep,
  type ComparisonWorkflowInput,
  type ComparisonWorkflowPhase,
} from './comparison.contract.js';

const activities = proxyActivities<ComparisonActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '5 minutes' },
});

type Pending = ComparisonNextStep & { key: string; event: ComparisonEventSignal };

/**
 * Keeps the limits of one comparison (比对). Like the assessment case workflow, it learns facts only
 * from recorded events that the bridge signals (ignoring any it has already seen) and acts only through
 * activities that send commands; every limit is computed from recorded dates by
 * src/comparisons/domain/comparison-deadlines.ts, the same module the decider checks them with.
 *
 * - From the start of circulation, each leg not yet handed on: a reminder to the participant before its
 *   due time, then an escalation to the pilot and the organiser when the due time passes.
 * - Star scheme: when the pilot has the standard back from a leg and legs remain, a reminder if its
 *   stability check is not recorded within the limit.
 * - Draft A: when its review period ends (Draft B not yet issued), the closing is recorded.
 * - After publication, each unsatisfactory lab: escalation when its cause analysis or corrective action
 *   is not recorded by the follow-up limit.
 * It ends when the comparison is published with no unsatisfactory lab, or every follow-up is closed.
 * A comparison's history is a few dozen events and timers, so it never continues as new.
 */
export async function comparisonWorkflow(input: ComparisonWorkflowInput): Promise<ComparisonWorkflowPhase> {
  const seen = new Set<string>();
  /** Bumped by every new event: a wait for a limit is cut short to re-examine the comparison. */
  let version = 0;
  let pilot = '';
  let scheme = 'RING';
  let planned: { participant: string; dueDate: string }[] = [];
  let circulation: ComparisonEventSignal | undefined;
  const received = new Set<string>();
  const handedOn = new Set<string>();
  /** Star scheme: the leg the pilot has the standard back from, unchecked, and the receipt's event. */
  let starCheck: { afterLeg: string; since: string; event: ComparisonEventSignal } | undefined;
  let draftA: { issuedAt: string; event: ComparisonEventSignal } | undefined;
  const followUps = new Map<string, { dueAt: string; causeAnalysis: boolean; correctiveAction: boolean; closed: boolean; event: ComparisonEventSignal }>();
  /** `${step}:${subject}` of the steps taken, by this workflow or learnt from their events. */
  const done = new Set<string>();
  let ended = false;
  let phase: ComparisonWorkflowPhase = 'BEFORE_CIRCULATION';

  setHandler(comparisonEventSignal, (event) => {
    if (seen.has(event.eventId)) return; // at-least-once delivery: a repeat changes nothing
    seen.add(event.eventId);
    version += 1;
    switch (event.type) {
      case ComparisonEventTypes.Proposed:
        pilot = (event.data as ComparisonProposedV1).pilotInstitutionId;
        break;
      case ComparisonEventTypes.ProtocolDrafted: {
        const { protocol } = event.data as ProtocolDraftedV1;
        planned = protocol.legs.map((l) => ({ participant: l.participant, dueDate: l.dueDate }));
        scheme = protocol.scheme;
        break;
      }
      case ComparisonEventTypes.CirculationStarted:
        circulation = event;
        phase = 'CIRCULATING';
        break;
      case ComparisonEventTypes.TransferStandardReceived: {
        const { by, from, receivedAt } = event.data as TransferStandardReceivedV1;
        received.add(by);
        if (scheme === 'STAR' && by === pilot && from !== pilot) starCheck = { afterLeg: from, since: receivedAt, event };
        break;
      }
      case ComparisonEventTypes.TransferStandardHandedOver: {
        const { from } = event.data as TransferStandardHandedOverV1;
        if (from === pilot) starCheck = undefined;
        else handedOn.add(from);
        break;
      }
      case ComparisonEventTypes.StabilityChecked: {
        const { stage, afterLeg } = event.data as StabilityCheckedV1;
        if (stage === 'BETWEEN_LEGS' && starCheck?.afterLeg === afterLeg) starCheck = undefined;
        break;
      }
      case ComparisonEventTypes.LegReminderSent:
        done.add(`LEG_REMINDER:${(event.data as LegReminderSentV1).participant}`);
        break;
      case ComparisonEventTypes.LegOverdue:
        done.add(`LEG_OVERDUE:${(event.data as LegOverdueV1).participant}`);
        break;
      case ComparisonEventTypes.StabilityCheckReminderSent:
        done.add(`STABILITY_CHECK_REMINDER:${(event.data as StabilityCheckReminderSentV1).afterLeg}`);
        break;
      case ComparisonEventTypes.DraftAIssued:
        draftA = { issuedAt: (event.data as DraftAIssuedV1).issuedAt, event };
        circulation = undefined;
        phase = 'DRAFT_A_REVIEW';
        break;
      case ComparisonEventTypes.DraftAReviewClosed:
        done.add('DRAFT_A_REVIEW_CLOSE:');
        break;
      case ComparisonEventTypes.DraftBIssued:
        draftA = undefined;
        phase = 'REPORTING';
        break;
      case ComparisonEventTypes.Published: {
        const { unsatisfactoryLabs, publishedAt } = event.data as ComparisonPublishedV1;
        for (const lab of unsatisfactoryLabs) followUps.set(lab, { dueAt: followUpDueAt(publishedAt), causeAnalysis: false, correctiveAction: false, closed: false, event });
        phase = 'FOLLOW_UP';
        ended = unsatisfactoryLabs.length === 0;
        break;
      }
      case ComparisonEventTypes.CauseAnalysisRecorded:
      case ComparisonEventTypes.CorrectiveActionRecorded:
      case ComparisonEventTypes.FollowUpClosed: {
        const followUp = followUps.get((event.data as { lab: string }).lab);
        if (!followUp) break;
        if (event.type === ComparisonEventTypes.CauseAnalysisRecorded) followUp.causeAnalysis = true;
        else if (event.type === ComparisonEventTypes.CorrectiveActionRecorded) followUp.correctiveAction = true;
        else followUp.closed = true;
        ended = [...followUps.values()].every((f) => f.closed);
        break;
      }
      case ComparisonEventTypes.FollowUpOverdue:
        done.add(`FOLLOW_UP_OVERDUE:${(event.data as FollowUpOverdueV1).lab}`);
        break;
    }
    if (ended) phase = 'ENDED';
  });

  /** The limits still to come, earliest first; deterministic (Date.now() is the workflow's time). */
  const pendingSteps = (): Pending[] => {
    const steps: Pending[] = [];
    const add = (step: Pending['step'], subject: string, at: string, event: ComparisonEventSignal) => {
      const key = `${step}:${subject}`;
      if (!done.has(key)) steps.push({ step, ...(subject ? { subject } : {}), at, key, event });
    };
    if (circulation) {
      for (const leg of planned) {
        if (handedOn.has(leg.participant)) continue;
        const dueAt = legDueAt(leg.dueDate);
        // A leg already past due when circulation reaches it is escalated, not reminded.
        if (Date.now() < Date.parse(dueAt) && !done.has(`LEG_OVERDUE:${leg.participant}`)) add('LEG_REMINDER', leg.participant, legRemindAt(leg.dueDate), circulation);
        add('LEG_OVERDUE', leg.participant, dueAt, circulation);
      }
      if (starCheck && planned.some((l) => !received.has(l.participant))) add('STABILITY_CHECK_REMINDER', starCheck.afterLeg, starCheckDueAt(starCheck.since), starCheck.event);
    }
    if (draftA) add('DRAFT_A_REVIEW_CLOSE', '', draftAReviewEndsAt(draftA.issuedAt), draftA.event);
    for (const [lab, f] of followUps) {
      if (!f.closed && !(f.causeAnalysis && f.correctiveAction)) add('FOLLOW_UP_OVERDUE', lab, f.dueAt, f.event);
    }
    return steps.sort((a, b) => a.at.localeCompare(b.at));
  };

  // A query handler must not mutate state.
  setHandler(comparisonStateQuery, () => ({
    phase,
    pending: pendingSteps().map(({ step, subject, at }) => ({ step, ...(subject ? { subject } : {}), at })),
    done: [...done],
    eventsSeen: seen.size,
  }));

  while (!ended) {
    const seenVersion = version;
    const next = pendingSteps()[0];
    if (!next) {
      await condition(() => version !== seenVersion);
      continue;
    }
    const waitMs = Date.parse(next.at) - Date.now();
    if (waitMs > 0 && (await condition(() => version !== seenVersion, waitMs))) continue;
    const step = timerStep(input.comparisonId, next.event);
    // A refusal (another step got there first) changes nothing; the step is not tried again.
    await attemptTimerStep(() => {
      switch (next.step) {
        case 'LEG_REMINDER':
          return activities.sendLegReminder({ ...step, participant: next.subject! });
        case 'LEG_OVERDUE':
          return activities.recordLegOverdue({ ...step, participant: next.subject! });
        case 'STABILITY_CHECK_REMINDER':
          return activities.remindStabilityCheck({ ...step, afterLeg: next.subject! });
        case 'DRAFT_A_REVIEW_CLOSE':
          return activities.closeDraftAReview(step);
        case 'FOLLOW_UP_OVERDUE':
          return activities.recordFollowUpOverdue({ ...step, lab: next.subject! });
      }
    });
    done.add(next.key);
  }
  return phase;
}

function timerStep(comparisonId: string, event: ComparisonEventSignal) {
  return { comparisonId, workflowId: workflowInfo().workflowId, asOf: new Date(Date.now()).toISOString(), correlationId: event.correlationId, causationEventId: event.eventId };
}
