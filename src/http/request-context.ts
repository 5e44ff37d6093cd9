import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Actor, Role } from '../identity/roles.js';
import type { CommandContext } from '../shared/command-context.js';
import { idempotentCommandId } from './idempotency.js';
import { freshId } from '../shared/fresh-ids.js';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface WithContext {
  requestContext?: { requestId: string; correlationId: string };
}

/** Gives every request an id (kept from X-Request-Id when well-formed) and a correlation id. */
export function requestContextMiddleware(request: Request, response: Response, next: NextFunction): void {
  const given = request.header('x-request-id');
  const requestId = given && ID.test(given) ? given : randomUUID();
  const correlation = request.header('x-correlation-id');
  const correlationId = correlation && ID.test(correlation) ? correlation : requestId;
  (request as Request & WithContext).requestContext = { requestId, correlationId };
  response.setHeader('X-Request-Id', requestId);
  response.setHeader('X-Correlation-Id', correlationId);
  next();
}

export function requestContext(request: Request): { requestId: string; correlationId: string } {
  return (request as Request & WithContext).requestContext ?? { requestId: randomUUID(), correlationId: randomUUID() };
}

/**
 * The context of a command sent from an HTTP request: who sends it, in which role, for which
 * institution (the actor's, when the token names one), and the request's ids. The command id is
 * the caller's, else the one derived from the request's Idempotency-Key (src/http/idempotency.ts),
 * else a fresh one.
 */
export function commandContextOf(request: Request, actor: Actor, role: Role, commandId: string = idempotentCommandId(request) ?? freshId()): CommandContext {
  const { correlationId, requestId } = requestContext(request);
  return { commandId, actorId: actor.id, role, ...(actor.institutionId ? { institutionId: actor.institutionId } : {}), correlationId, requestId };
}

/** The caller's language by Accept-Language: Chinese when it starts with zh, English otherwise. */
export function callerLanguage(request: Request): 'en' | 'zh-CN' {
  return /^zh\b/i.test(request.header('accept-language') ?? '') ? 'zh-CN' : 'en';
}
