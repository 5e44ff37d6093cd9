/**
 * The one module that defines the assessment case workflow's signals, queries and activities,
 * imported by the client side (src/) and by the workflow itself. Keep it free of Node, Nest and
 * database imports: it is bundled into the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DeadlineStep } from '../events/assessment.events.js';

export const ASSESSMENT_CASE_WORKFLOW = 'assessmentCaseWorkflow';

export const assessmentCaseWorkflowId = (caseId: string): string => `assessment-case-${caseId}`;

export interface AssessmentCaseWorkflowInput {
  caseId: string;
}

/** A recorded event of the case, forwarded by the event-to-workflow bridge (at least once). */
export interface CaseEventSignal {
  eventId: string;
  type: string;
  globalPosition: number;
  correlationId: string;
  data: unknown;
}

export type AssessmentCasePhase =
  | 'AWAITING_SUBMISSION'
  | 'AWAITING_ACCEPTANCE'
  | 'AWAITING_RESUBMISSION'
  | 'DEEMING_ACCEPTED'
  | 'ACCEPTED'
  | 'AWAITING_RECTIFICATION'
  | 'RECORDING_MISSED_RECTIFICATION'
  | 'AWAITING_DECISION'
  | 'DECISION_OVERDUE'
  | 'FAILED'
  | 'DECIDED';

export interface AssessmentCaseWorkflowState {
  phase: AssessmentCasePhase;
  acceptanceDueAt?: string;
  rectificationDueAt?: string;
  decisionDueAt?: string;
  /** Steps whose reminder this workflow has sent, as `${step}@${dueAt}`. */
  remindersSent?: string[];
  eventsSeen: number;
}

export const caseEventSignal = defineSignal<[CaseEventSignal]>('caseEvent');
export const caseStateQuery = defineQuery<AssessmentCaseWorkflowState>('caseState');

/** What a timer-driven step needs: the case, the workflow acting, and the event whose deadline ran out. */
export interface TimerStepInput {
  caseId: string;
  workflowId: string;
  /** The workflow's time when the timer fired; the step is decided as of then. */
  asOf: string;
  correlationId: string;
  causationEventId: string;
}

/** Activities the workflow calls; each sends a command through the application's CommandBus. */
export interface AssessmentCaseActivities {
  deemApplicationAccepted(input: TimerStepInput): Promise<void>;
  /** The rectification deadline passed with nothing submitted: the case fails. */
  recordRectificationMissed(input: TimerStepInput): Promise<void>;
  /** A step's limit is near: remind whoever must act (the applicant or the authority). */
  sendDeadlineReminder(input: TimerStepInput & { step: DeadlineStep }): Promise<void>;
  /** The decision limit passed with no decision: escalate to the authority. */
  recordDecisionOverdue(input: TimerStepInput): Promise<void>;
}
