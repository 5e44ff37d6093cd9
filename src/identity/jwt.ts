import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Actor, type Role } from './roles.js';

/** Largest clock difference tolerated when checking `exp` and `nbf`. */
const CLOCK_SKEW_SECONDS = 60;

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

export interface TokenClaims {
  sub: string;
  name?: string;
  roles: Role[];
  institutionId?: string;
  iat: number;
  exp: number;
}

/** Signs an HS256 token; used by the token tool and the tests. */
export function signToken(claims: Omit<TokenClaims, 'iat' | 'exp'>, secret: string, expiresInSeconds = 3600, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, iat, exp: iat + expiresInSeconds }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/**
 * Verifies an HS256 token and returns the actor it names. Only HS256 is accepted: `alg: none`
 * and every other algorithm are refused, so a token cannot choose how it is checked.
 */
export function verifyToken(token: string, secret: string, now = Date.now()): Actor {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [headerPart, payloadPart, signaturePart] = parts;
  let header: { alg?: unknown };
  let claims: Partial<TokenClaims> & Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (header.alg !== 'HS256') throw new InvalidTokenError(`algorithm ${String(header.alg)} is not accepted`);
  const expected = createHmac('sha256', secret).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  const nowSeconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('token has no expiry');
  if (claims.exp + CLOCK_SKEW_SECONDS < nowSeconds) throw new InvalidTokenError('token expired');
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > nowSeconds) throw new InvalidTokenError('token not yet valid');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new InvalidTokenError('token has no subject');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string)) : [];
  return {
    id: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    roles,
    institutionId: typeof claims.institutionId === 'string' ? claims.institutionId : undefined,
  };
}
