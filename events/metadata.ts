/**
 * Who, on whose behalf, why and when: carried by every recorded event so that a
 * regulator can attribute each step years later.
 */
export interface EventMetadata {
  /** The command that produced the event; a replayed command appends nothing. */
  commandId: string;
  /** The authenticated subject, or `system:<component>` for steps taken by the engine. */
  actorId: string;
  /** The role under which the actor acted (institution, expert, secretariat, auditor, admin, system). */
  role: string;
  /** The actor's institution, where the actor belongs to one. */
  institutionId?: string;
  /** Groups every step that follows from one user intention. */
  correlationId: string;
  /** The event or command that directly caused this one. */
  causationId?: string;
  /** The HTTP request that carried the command, where there was one. */
  requestId?: string;
  /** The Temporal workflow that acted, where one did. */
  workflowId?: string;
  /** The policy version that governed the decision, where one did. */
  policyVersion?: string;
}

const REQUIRED: (keyof EventMetadata)[] = ['commandId', 'actorId', 'role', 'correlationId'];

export function metadataProblems(metadata: unknown): string[] {
  if (typeof metadata !== 'object' || metadata === null) return ['metadata must be an object'];
  const m = metadata as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of REQUIRED) {
    if (typeof m[key] !== 'string' || (m[key] as string).length === 0) problems.push(`metadata.${key} is required`);
  }
  for (const [key, value] of Object.entries(m)) {
    if (value !== undefined && typeof value !== 'string') problems.push(`metadata.${key} must be a string`);
  }
  return problems;
}
