/**
 * The one module that defines the specification project workflow's signals, queries and activities,
 * imported by the client side (src/) and by the workflow itself. Keep it free of Node, Nest and
 * database imports: it is bundled into the workflow sandbox.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SpecificationProjectState } from '../src/specifications/domain/specification-project.js';

export const SPECIFICATION_WORKFLOW = 'specificationProjectWorkflow';

export const specificationWorkflowId = (projectId: string): string => `specification-${projectId}`;

export interface SpecificationWorkflowInput {
  projectId: string;
  /**
   * Set when a run continues as new (on entering into force, and on each confirmation by a periodic
   * review): the project's state so far and the last event the previous run applied, so that the
   * next run ignores redelivered events and waits for the next review.
   */
  carried?: { state: SpecificationProjectState; lastPosition: number; cause: { eventId: string; correlationId: string }; run: number };
}

/** A recorded event of the project, forwarded by the event-to-workflow bridge (at least once). */
export interface SpecificationEventSignal {
  eventId: string;
  type: string;
  globalPosition: number;
  correlationId: string;
  data: unknown;
}

export type SpecificationTimerStep = 'PUBLIC_NOTICE_END' | 'COMMENT_PERIOD_CLOSE' | 'PROJECT_LIMIT_REMINDER' | 'PROJECT_OVERDUE' | 'REVIEW_MEETING_DUE' | 'PERIODIC_REVIEW';

export interface SpecificationWorkflowState {
  status: string;
  /** The moments still to come, earliest first. */
  pending: { step: SpecificationTimerStep; at: string }[];
  /** Steps this run took or learnt were taken, as `${step}:${the date it concerned}`. */
  done: string[];
  eventsSeen: number;
  /** 1 for the first run; each continue-as-new adds one. */
  run: number;
}

export const specificationEventSignal = defineSignal<[SpecificationEventSignal]>('specificationEvent');
export const specificationStateQuery = defineQuery<SpecificationWorkflowState>('specificationState');

/** What a timer-driven step needs: the project, the workflow acting, and the event whose moment came. */
export interface SpecificationStepInput {
  projectId: string;
  workflowId: string;
  /** The workflow's time when the timer fired; the step is decided as of then. */
  asOf: string;
  correlationId: string;
  causationEventId: string;
  step: SpecificationTimerStep;
  /** The date the step concerns (the period's last day, the limit, the meeting date, the review's due date). */
  on: string;
}

/** One activity: it sends the step's command through the application's CommandBus. */
export interface SpecificationActivities {
  takeSpecificationStep(input: SpecificationStepInput): Promise<void>;
}
