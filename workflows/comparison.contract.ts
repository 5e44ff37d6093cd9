/**
 * The one module that defines the comparison workflow's signals, queries and activities, imported by
 * the client side (src/) and by the workflow itself. Keep it free of Node, Nest and database imports:
 * it is bundled into the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const COMPARISON_WORKFLOW = 'comparisonWorkflow';

export const comparisonWorkflowId = (comparisonId: string): string => `comparison-${comparisonId}`;

export interface ComparisonWorkflowInput {
  comparisonId: string;
}

/** A recorded event of the comparison, forwarded by the event-to-workflow bridge (at least once). */
export interface ComparisonEventSignal {
  eventId: string;
  type: string;
  globalPosition: number;
  correlationId: string;
  data: unknown;
}

export type ComparisonWorkflowPhase = 'BEFORE_CIRCULATION' | 'CIRCULATING' | 'DRAFT_A_REVIEW' | 'REPORTING' | 'FOLLOW_UP' | 'ENDED';

/** The limit the workflow waits for next, and what it will do then. */
export interface ComparisonNextStep {
  step: 'LEG_REMINDER' | 'LEG_OVERDUE' | 'STABILITY_CHECK_REMINDER' | 'DRAFT_A_REVIEW_CLOSE' | 'FOLLOW_UP_OVERDUE';
  /** The participant or lab concerned, or the leg after which the check is awaited. */
  subject?: string;
  at: string;
}

export interface ComparisonWorkflowState {
  phase: ComparisonWorkflowPhase;
  /** The limits still to come, earliest first. */
  pending: ComparisonNextStep[];
  /** Steps taken (by this workflow or learnt from events), as `${step}:${subject}`. */
  done: string[];
  eventsSeen: number;
}

export const comparisonEventSignal = defineSignal<[ComparisonEventSignal]>('comparisonEvent');
export const comparisonStateQuery = defineQuery<ComparisonWorkflowState>('comparisonState');

/** What a timer-driven step needs: the comparison, the workflow acting, and the event whose limit came. */
export interface ComparisonStepInput {
  comparisonId: string;
  workflowId: string;
  /** The workflow's time when the timer fired; the step is decided as of then. */
  asOf: string;
  correlationId: string;
  causationEventId: string;
}

/** Activities the workflow calls; each sends a command through the application's CommandBus. */
export interface ComparisonActivities {
  /** A leg's due time is near and the standard has not been handed on: remind the participant. */
  sendLegReminder(input: ComparisonStepInput & { participant: string }): Promise<void>;
  /** A leg's due time passed with the standard not handed on: escalate to the pilot and the organiser. */
  recordLegOverdue(input: ComparisonStepInput & { participant: string }): Promise<void>;
  /** Star scheme: the pilot has not checked the returned standard within the limit. */
  remindStabilityCheck(input: ComparisonStepInput & { afterLeg: string }): Promise<void>;
  /** Draft A's review period ended: record that it closed. */
  closeDraftAReview(input: ComparisonStepInput): Promise<void>;
  /** An unsatisfactory lab's cause analysis or corrective action is late: escalate to the organiser. */
  recordFollowUpOverdue(input: ComparisonStepInput & { lab: string }): Promise<void>;
}
