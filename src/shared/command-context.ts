import type { EventMetadata } from '../../events/metadata.js';

/**
 * Everything a command carries besides its intent: who issues it, on whose behalf and why.
 * It becomes the metadata of every event the command records.
 */
export interface CommandContext {
  /** Idempotency: a command with the same id appends nothing the second time. */
  commandId: string;
  actorId: string;
  role: string;
  institutionId?: string;
  correlationId: string;
  causationId?: string;
  requestId?: string;
  workflowId?: string;
}

export function eventMetadata(context: CommandContext, policyVersion?: string): EventMetadata {
  return {
    commandId: context.commandId,
    actorId: context.actorId,
    role: context.role,
    institutionId: context.institutionId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    requestId: context.requestId,
    workflowId: context.workflowId,
    policyVersion,
  };
}
