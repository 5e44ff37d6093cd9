import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { requestContext } from '../../../http/request-context.js';
import type { Actor, Role } from '../../roles.js';
import type { CommandContext } from '../../../shared/command-context.js';

/** The context of a registry command sent over HTTP: a fresh command id, the actor, the request. */
export function commandContext(actor: Actor, role: Role, request: Request): CommandContext {
  const { correlationId, requestId } = requestContext(request);
  return {
    commandId: randomUUID(),
    actorId: actor.id,
    role,
    ...(actor.institutionId ? { institutionId: actor.institutionId } : {}),
    correlationId,
    requestId,
  };
}

/** The caller's language by Accept-Language, by the same rule as the problem details. */
export function callerLanguage(request: Request): 'en' | 'zh-CN' {
  return /^zh\b/i.test(request.header('accept-language') ?? '') ? 'zh-CN' : 'en';
}
