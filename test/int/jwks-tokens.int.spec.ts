import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidTokenError, signToken, TokenVerifier } from '../../src/identity/jwt.js';

/**
 * Tokens of an identity provider, verified against its JWKS served over HTTP on loopback, as a
 * deployment with an OpenID Connect provider does.
 */
describe('bearer tokens from an identity provider (JWKS)', () => {
  let server: Server;
  let jwksUrl: string;
  let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
  let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
  let stranger: { privateKey: CryptoKey };
  const secret = 'h'.repeat(40);
  const issuer = 'https://idp.example.test/realms/metrology';
  const audience = 'metrology-api';

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    stranger = await generateKeyPair('RS256');
    const keys: JWK[] = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const token = (key: CryptoKey, alg: string, kid: string, claims: Record<string, unknown> = {}, expiresIn = '5m') =>
    new SignJWT({ roles: ['auditor'], name: 'Auditor One', ...claims })
      .setProtectedHeader({ alg, kid })
      .setSubject('auditor-1')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);
  const verifier = () => new TokenVerifier({ hs256Secret: secret, jwksUrl, issuer, audience });
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'accepted', (e: unknown) => (e instanceof InvalidTokenError ? 'refused' : `error: ${String(e)}`));

  it('accepts RS256 and ES256 tokens signed by the provider, and HS256 tokens signed with the secret', async () => {
    expect(await verifier().verify(await token(rsa.privateKey, 'RS256', 'rsa-1'))).toEqual({ id: 'auditor-1', name: 'Auditor One', roles: ['auditor'], institutionId: undefined });
    expect((await verifier().verify(await token(ec.privateKey, 'ES256', 'ec-1', { institutionId: 'inst-7' }))).institutionId).toBe('inst-7');
    expect((await verifier().verify(signToken({ sub: 'dev', roles: ['admin'] }, secret))).roles).toEqual(['admin']);
  });

  it('refuses another issuer or audience, an expired token, an unknown key, and alg none', async () => {
    const v = verifier();
    expect(await refusal(v.verify(await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setSubject('x').setIssuer('https://evil.test').setAudience(audience).setExpirationTime('5m').sign(rsa.privateKey)))).toBe('refused');
    expect(await refusal(v.verify(await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setSubject('x').setIssuer(issuer).setAudience('other-api').setExpirationTime('5m').sign(rsa.privateKey)))).toBe('refused');
    const expired = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setSubject('x').setIssuer(issuer).setAudience(audience).setExpirationTime(Math.floor(Date.now() / 1000) - 120).sign(rsa.privateKey);
    expect(await refusal(v.verify(expired))).toBe('refused');
    expect(await refusal(v.verify(await token(stranger.privateKey, 'RS256', 'rsa-1')))).toBe('refused');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', roles: ['admin'], exp: 9e9 })).toString('base64url')}.`;
    expect(await refusal(v.verify(none))).toBe('refused');
  });

  it('refuses an asymmetric token when no JWKS is configured, and an HS256 token when no secret is', async () => {
    expect(await refusal(new TokenVerifier({ hs256Secret: secret }).verify(await token(rsa.privateKey, 'RS256', 'rsa-1')))).toBe('refused');
    expect(await refusal(new TokenVerifier({ jwksUrl, issuer, audience }).verify(signToken({ sub: 'dev', roles: ['admin'] }, secret)))).toBe('refused');
  });
});
