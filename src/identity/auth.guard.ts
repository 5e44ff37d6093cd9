import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { InvalidTokenError, TokenVerifier } from './jwt.js';
import { isOperation, rolesFor, type Operation } from './permissions.js';
import type { Actor } from './roles.js';

export const PUBLIC = 'identity:public';
export const OPERATION = 'identity:operation';

/** Marks a route that needs no token (health, API docs, the public calendar). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Names the route's operation in the permission matrix (src/identity/permissions.ts). */
export const Permission = (operation: Operation) => SetMetadata(OPERATION, operation);

type AuthenticatedRequest = Request & { actor?: Actor };

/** The authenticated actor of the current request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new UnauthorizedException('no authenticated actor');
  return actor;
});

/**
 * Every route requires a valid bearer token unless marked @Public(), and a role that the
 * permission matrix allows for the route's operation. A route that names no operation is refused
 * for everyone: forgetting the decorator must not open a route.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.verifier = new TokenVerifier({ hs256Secret: config.jwtSecret, jwksUrl: config.jwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('a bearer token is required');
    try {
      request.actor = await this.verifier.verify(header.slice('Bearer '.length).trim());
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`invalid token: ${error.message}`);
      throw error;
    }
    const operation = this.reflector.getAllAndOverride<Operation | undefined>(OPERATION, targets);
    if (!operation || !isOperation(operation)) throw new ForbiddenException('this route is not in the permission matrix');
    const allowed = rolesFor(operation);
    if (!request.actor.roles.some((r) => allowed.includes(r))) {
      throw new ForbiddenException(`${operation} needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
