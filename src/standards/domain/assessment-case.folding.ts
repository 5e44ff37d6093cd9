import type { AssessmentEvent } from '../../../events/assessment.events.js';
import type { Folding } from '../../event-store/event-sourced-command.js';
import { evolveAssessment, initialAssessmentCaseState, type AssessmentCaseState } from './assessment-case.js';

export const assessmentCaseFolding: Folding<AssessmentCaseState, AssessmentEvent> = {
  initial: initialAssessmentCaseState,
  evolve: evolveAssessment,
};
