import { createRemoteJWKSet, jwtVerify } from 'jose';
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
  return actorFromClaims(claims);
}

/** The actor a verified token names; roles outside the known set are dropped. */
function actorFromClaims(claims: Record<string, unknown>): Actor {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) throw new InvalidTokenError('token has no subject');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r as string)) : [];
  return {
    id: claims.sub,
    name: typeof claims.name === 'string' ? claims.name : undefined,
    roles,
    institutionId: typeof claims.institutionId === 'string' ? claims.institutionId : undefined,
  };
}

export interface TokenVerifierOptions {
  /** HS256 secret (development, tests, small deployments). */
  hs256Secret?: string;
  /** JWKS of an identity provider: RS256 and ES256 tokens are verified against it. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

const ASYMMETRIC = ['RS256', 'ES256'];

/**
 * Verifies bearer tokens: HS256 with the configured secret, or RS256/ES256 against the identity
 * provider's JWKS (keys fetched and cached by jose; issuer and audience checked when configured).
 * The algorithm a token names only selects among these; any other, `none` included, is refused.
 */
export class TokenVerifier {
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) this.jwks = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  }

  async verify(token: string, now = Date.now()): Promise<Actor> {
    let alg: unknown;
    try {
      alg = (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    } catch {
      throw new InvalidTokenError('malformed token');
    }
    if (alg === 'HS256' && this.options.hs256Secret) return verifyToken(token, this.options.hs256Secret, now);
    if (typeof alg === 'string' && ASYMMETRIC.includes(alg) && this.jwks) {
      try {
        const { payload } = await jwtVerify(token, this.jwks, {
          algorithms: ASYMMETRIC,
          issuer: this.options.issuer,
          audience: this.options.audience,
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: new Date(now),
          requiredClaims: ['exp', 'sub'],
        });
        return actorFromClaims(payload as Record<string, unknown>);
      } catch (error) {
        throw new InvalidTokenError(error instanceof Error ? error.message : 'token refused');
      }
    }
    throw new InvalidTokenError(`algorithm ${String(alg)} is not accepted`);
  }
}
