import type { RecordedEvent } from '../../event-store/event-store.port.js';
import { eventSignal, type WorkflowTarget } from '../../temporal/workflow-bridge.js';
import {
  COMPARISON_WORKFLOW,
  comparisonEventSignal,
  comparisonWorkflowId,
  type ComparisonEventSignal,
  type ComparisonWorkflowInput,
} from '../../../workflows/comparison.contract.js';

/** Every event of a comparison goes to that comparison's workflow (started by the first, the proposal). */
export function comparisonRoute(event: RecordedEvent): WorkflowTarget | undefined {
  if (!event.type.startsWith('comparisons.comparison.')) return undefined;
  const comparisonId = (event.data as { comparisonId: string }).comparisonId;
  const input: ComparisonWorkflowInput = { comparisonId };
  const signal: ComparisonEventSignal = eventSignal(event);
  return {
    workflowType: COMPARISON_WORKFLOW,
    workflowId: comparisonWorkflowId(comparisonId),
    args: [input],
    signal: comparisonEventSignal,
    signalArgs: [signal],
  };
}
