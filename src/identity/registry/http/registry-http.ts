import type { Request } from 'express';
import { idempotentCommandId } from '../../../http/idempotency.js';
import { requestContext } from '../../../http/request-context.js';
import type { Actor, Role } from '../../roles.js';
import type { CommandContext } from '../../../shared/command-context.js';
import { freshId } from '../../../shared/fresh-ids.js';

/** The context of a registry command sent over HTTP: the command id (derived from an Idempotency-Key, else fresh), the actor, the request. */
export function commandContext(actor: Actor, role: Role, request: Request): CommandContext {
  const { correlationId, requestId } = requestContext(request);
  return {
    commandId: idempotentCommandId(request) ?? freshId(),
    actorId: actor.id,
    role,
    ...(actor.institutionId ? { institutionId: actor.institutionId } : {}),
    correlationId,
    requestId,
  };
}

export { callerLanguage } from '../../../http/request-context.js';
