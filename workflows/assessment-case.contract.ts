/**
 * The one module that defines the assessment case workflow's signals, queries and activities,
 * imported by the client side (src/) and by the workflow itself. Keep it free of Node, Nest and
 * database imports: it is bundled into the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

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

export type AssessmentCasePhase = 'AWAITING_SUBMISSION' | 'AWAITING_ACCEPTANCE' | 'AWAITING_RESUBMISSION' | 'DEEMING_ACCEPTED' | 'ACCEPTED';

export interface AssessmentCaseWorkflowState {
  phase: AssessmentCasePhase;
  acceptanceDueAt?: string;
  eventsSeen: number;
}

export const caseEventSignal = defineSignal<[CaseEventSignal]>('caseEvent');
export const caseStateQuery = defineQuery<AssessmentCaseWorkflowState>('caseState');

export interface DeemAcceptedInput {
  caseId: string;
  workflowId: string;
  /** The workflow's time when the acceptance timer fired; the decision is taken as of then. */
  asOf: string;
  correlationId: string;
  causationEventId: string;
}

/** Activities the workflow calls; each sends a command through the application's CommandBus. */
export interface AssessmentCaseActivities {
  deemApplicationAccepted(input: DeemAcceptedInput): Promise<void>;
}
