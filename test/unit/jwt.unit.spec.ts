import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { InvalidTokenError, signToken, verifyToken } from '../../src/identity/jwt.js';

const SECRET = 's'.repeat(40);
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('bearer tokens (HS256)', () => {
  it('verifies a token it signed and returns the actor', () => {
    const token = signToken({ sub: 'u-1', roles: ['institution', 'no-such-role' as never], institutionId: 'inst-1' }, SECRET);
    expect(verifyToken(token, SECRET)).toEqual({ id: 'u-1', name: undefined, roles: ['institution'], institutionId: 'inst-1' });
  });

  it('refuses another key, an expired token, alg none and malformed input', () => {
    const now = Date.parse('2026-11-27T00:00:00Z');
    expect(() => verifyToken(signToken({ sub: 'u', roles: [] }, 'k'.repeat(40)), SECRET)).toThrow('bad signature');
    const expired = signToken({ sub: 'u', roles: [] }, SECRET, 60, now - 10 * 60_000);
    expect(() => verifyToken(expired, SECRET, now)).toThrow('token expired');
    // Within the 60 s of tolerated clock skew an expired token still passes.
    expect(verifyToken(signToken({ sub: 'u', roles: [] }, SECRET, 60, now - 90_000), SECRET, now).id).toBe('u');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', roles: ['admin'], exp: 9e9 })}.`;
    expect(() => verifyToken(none, SECRET)).toThrow(InvalidTokenError);
    expect(() => verifyToken('not-a-token', SECRET)).toThrow('malformed token');
  });

  it('refuses a token whose payload was changed after signing', () => {
    const token = signToken({ sub: 'u', roles: ['institution'] }, SECRET);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ sub: 'u', roles: ['admin'], exp: 9e9 })}.${signature}`;
    expect(() => verifyToken(forged, SECRET)).toThrow('bad signature');
    const hs512 = `${b64({ alg: 'HS512' })}.${b64({ sub: 'u', exp: 9e9 })}`;
    const signed = `${hs512}.${createHmac('sha512', SECRET).update(hs512).digest('base64url')}`;
    expect(() => verifyToken(signed, SECRET)).toThrow('algorithm HS512 is not accepted');
  });
});
