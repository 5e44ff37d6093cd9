import {
  AssessmentEventTypes,
  type AssessmentEvent,
  type AssessmentKind,
  type RecordedDeadline,
  type StandardCategory,
} from '../../../events/assessment.events.js';
import { addWorkingDays, chinaDate, endOfChinaDay, type WorkingDayCalendar } from '../../calendar/working-days.js';
import { DomainError } from '../../shared/domain-error.js';
import type { AssessmentPolicy } from './assessment-policy.js';

/**
 * 计量标准考核案件: one assessment case of a measurement standard, as pure decision code.
 * `decide` takes the command, the state and the context (time, calendar, policy) and returns
 * the events to record or refuses with a DomainError; `evolve` folds events into state.
 * No framework, no I/O, no clock: the caller passes `now`.
 */
export type AssessmentCaseStatus = 'NONE' | 'SUBMITTED' | 'ACCEPTED';

export interface AssessmentCaseState {
  status: AssessmentCaseStatus;
  caseId?: string;
  institutionId?: string;
  acceptanceDeadline?: RecordedDeadline;
}

export const initialAssessmentCaseState: AssessmentCaseState = { status: 'NONE' };

export type AssessmentCommand =
  | {
      type: 'SubmitApplication';
      caseId: string;
      kind: AssessmentKind;
      institutionId: string;
      standard: { name: string; category: StandardCategory; measurand: string };
    }
  | { type: 'DeemApplicationAccepted'; caseId: string };

export interface DecisionContext {
  now: Date;
  calendar: WorkingDayCalendar;
  policy: AssessmentPolicy;
}

export function decideAssessment(command: AssessmentCommand, state: AssessmentCaseState, context: DecisionContext): AssessmentEvent[] {
  switch (command.type) {
    case 'SubmitApplication': {
      if (state.status !== 'NONE') {
        throw new DomainError('assessment.already-submitted', {
          en: `Case ${command.caseId} has already been submitted; an application is submitted once.`,
          'zh-CN': `案件 ${command.caseId} 已提交，同一申请只能提交一次。`,
        });
      }
      const lastDay = addWorkingDays(context.calendar, chinaDate(context.now), context.policy.acceptanceWorkingDays);
      return [
        {
          type: AssessmentEventTypes.ApplicationSubmitted,
          data: {
            caseId: command.caseId,
            kind: command.kind,
            institutionId: command.institutionId,
            standard: command.standard,
            submittedAt: context.now.toISOString(),
            acceptanceDeadline: {
              dueAt: endOfChinaDay(lastDay).toISOString(),
              workingDays: context.policy.acceptanceWorkingDays,
              calendar: context.calendar.id,
            },
          },
        },
      ];
    }
    case 'DeemApplicationAccepted': {
      if (state.status !== 'SUBMITTED' || !state.acceptanceDeadline) {
        throw new DomainError('assessment.not-awaiting-acceptance', {
          en: `Case ${command.caseId} is not waiting for acceptance (it is ${state.status}); only a submitted application can be deemed accepted.`,
          'zh-CN': `案件 ${command.caseId} 当前状态为 ${state.status}，不在待受理状态；只有已提交的申请才能视为受理。`,
        });
      }
      if (context.now.getTime() < Date.parse(state.acceptanceDeadline.dueAt)) {
        throw new DomainError('assessment.acceptance-time-limit-running', {
          en: `The acceptance time limit of case ${command.caseId} runs until ${state.acceptanceDeadline.dueAt}; it cannot be deemed accepted before then.`,
          'zh-CN': `案件 ${command.caseId} 的受理时限至 ${state.acceptanceDeadline.dueAt} 届满，届满前不能视为受理。`,
        });
      }
      return [
        {
          type: AssessmentEventTypes.ApplicationDeemedAccepted,
          data: { caseId: command.caseId, acceptedAt: context.now.toISOString(), deadline: state.acceptanceDeadline },
        },
      ];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function evolveAssessment(state: AssessmentCaseState, event: AssessmentEvent): AssessmentCaseState {
  switch (event.type) {
    case AssessmentEventTypes.ApplicationSubmitted:
      return {
        status: 'SUBMITTED',
        caseId: event.data.caseId,
        institutionId: event.data.institutionId,
        acceptanceDeadline: event.data.acceptanceDeadline,
      };
    case AssessmentEventTypes.ApplicationDeemedAccepted:
      return { ...state, status: 'ACCEPTED' };
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

export const assessmentStreamId = (caseId: string): string => `assessment-${caseId}`;
