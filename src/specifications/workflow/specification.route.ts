import type { RecordedEvent } from '../../event-store/event-store.port.js';
import { eventSignal, type WorkflowTarget } from '../../temporal/workflow-bridge.js';
import {
  SPECIFICATION_WORKFLOW,
  specificationEventSignal,
  specificationWorkflowId,
  type SpecificationWorkflowInput,
} from '../../../workflows/specification.contract.js';

/** Every event of a specification project goes to that project's workflow (started by the first, the proposal). */
export function specificationRoute(event: RecordedEvent): WorkflowTarget | undefined {
  if (!event.type.startsWith('specifications.project.')) return undefined;
  const projectId = (event.data as { projectId: string }).projectId;
  const input: SpecificationWorkflowInput = { projectId };
  return {
    workflowType: SPECIFICATION_WORKFLOW,
    workflowId: specificationWorkflowId(projectId),
    args: [input],
    signal: specificationEventSignal,
    signalArgs: [eventSignal(event)],
  };
}
