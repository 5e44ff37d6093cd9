import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { InvalidTokenError, verifyToken } from './jwt.js';
import type { Actor, Role } from './roles.js';

const PUBLIC = 'identity:public';
const ROLES_KEY = 'identity:roles';

/** Marks a route that needs no token (health, API docs, the public calendar). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The roles allowed to call a route; without it, any authenticated role may. */
export const AllowRoles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = Request & { actor?: Actor };

/** The authenticated actor of the current request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new UnauthorizedException('no authenticated actor');
  return actor;
});

/** Every route requires a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new UnauthorizedException('a bearer token is required');
    try {
      request.actor = verifyToken(header.slice('Bearer '.length).trim(), this.config.jwtSecret);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`invalid token: ${error.message}`);
      throw error;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed && !request.actor.roles.some((r) => allowed.includes(r))) {
      throw new ForbiddenException(`this operation needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}
