import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { consoleSettings, devSignInAvailable } from '../../src/console/console-settings.js';
import { DEMO_USERS } from '../../src/console/demo-users.js';
import { isConsolePath } from '../../src/console/serve-console.js';

const SECRET = 'a-development-secret-that-is-long-enough-0123';
const oidc = { issuer: 'https://idp.example.org/realms/metrology', clientId: 'metrology-console', scope: 'openid profile' };

describe('the console sign-in settings', () => {
  it('given no identity provider outside production, when the page is served, then it lists the demo users for the development sign-in', () => {
    const config = loadConfig({ JWT_SECRET: SECRET });
    expect(devSignInAvailable(config)).toBe(true);
    expect(consoleSettings(config)).toEqual({ oidc: null, devUsers: DEMO_USERS });
  });

  it('given NODE_ENV=production, then there is no development sign-in', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, NODE_ENV: 'production' });
    expect(config.production).toBe(true);
    expect(devSignInAvailable(config)).toBe(false);
    expect(consoleSettings(config).devUsers).toBeNull();
  });

  it('given an OIDC issuer and client, then the page is told the provider and there is no development sign-in', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, OIDC_ISSUER: `${oidc.issuer}/`, OIDC_CLIENT_ID: oidc.clientId });
    expect(config.oidc).toEqual(oidc);
    expect(devSignInAvailable(config)).toBe(false);
    expect(consoleSettings(config)).toEqual({ oidc, devUsers: null });
  });

  it('given only an identity provider JWKS and no HS256 secret, then there is nothing to sign development tokens with', () => {
    expect(devSignInAvailable(loadConfig({ JWT_JWKS_URL: 'https://idp.example.org/certs' }))).toBe(false);
  });

  it('refuses an incomplete or malformed OIDC setting, naming it', () => {
    const problem = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig({ JWT_SECRET: SECRET, ...env });
      } catch (error) {
        return error instanceof ConfigError ? error.setting : String(error);
      }
      return 'accepted';
    };
    expect(problem({ OIDC_ISSUER: oidc.issuer })).toBe('OIDC_CLIENT_ID');
    expect(problem({ OIDC_CLIENT_ID: oidc.clientId })).toBe('OIDC_ISSUER');
    expect(problem({ OIDC_ISSUER: 'idp.example.org', OIDC_CLIENT_ID: oidc.clientId })).toBe('OIDC_ISSUER');
    expect(problem({ OIDC_ISSUER: oidc.issuer, OIDC_CLIENT_ID: oidc.clientId, OIDC_SCOPE: 'openid' })).toBe('accepted');
  });

  it('leaves /api, /health and /metrics to the server and every other path to the console', () => {
    for (const path of ['/api', '/api/v1/inbox', '/api/docs', '/health', '/metrics']) expect(isConsolePath(path)).toBe(false);
    for (const path of ['/', '/cases/1', '/apiary', '/healthy', '/assets/index.js', '/sign-in']) expect(isConsolePath(path)).toBe(true);
  });
});
