import type { RecordedEvent } from '../../event-store/event-store.port.js';
import { eventSignal, type WorkflowTarget } from '../../temporal/workflow-bridge.js';
import {
  ASSESSMENT_CASE_WORKFLOW,
  assessmentCaseWorkflowId,
  caseEventSignal,
  type AssessmentCaseWorkflowInput,
  type CaseEventSignal,
} from '../../../workflows/assessment-case.contract.js';

/** Every event of an assessment case goes to that case's workflow. */
export function assessmentCaseRoute(event: RecordedEvent): WorkflowTarget | undefined {
  if (!event.type.startsWith('standards.assessment.')) return undefined;
  const caseId = (event.data as { caseId: string }).caseId;
  const input: AssessmentCaseWorkflowInput = { caseId };
  const signal: CaseEventSignal = eventSignal(event);
  return {
    workflowType: ASSESSMENT_CASE_WORKFLOW,
    workflowId: assessmentCaseWorkflowId(caseId),
    args: [input],
    signal: caseEventSignal,
    signalArgs: [signal],
  };
}
