import { describe, expect, it } from '@jest/globals';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { thrownBy } from '../support/thrown.js';

const SECRET = 'x'.repeat(32);
const failure = (env: NodeJS.ProcessEnv): ConfigError => thrownBy(() => loadConfig(env), ConfigError);

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ JWT_SECRET: SECRET });
    expect(config).toMatchObject({
      port: 3000,
      dataDir: resolve('./data'),
      eventStoreUrl: `sqlite:${join(resolve('./data'), 'events.sqlite')}`,
      temporalAddress: '127.0.0.1:7233',
      temporalNamespace: 'default',
      temporalTaskQueue: 'metrology',
    });
  });

  it('names the setting that is missing or malformed', () => {
    expect(failure({}).setting).toBe('JWT_SECRET');
    expect(failure({ JWT_SECRET: 'short' }).message).toMatch(/JWT_SECRET must be at least 32/);
    expect(failure({ JWT_SECRET: SECRET, PORT: 'eighty' }).setting).toBe('PORT');
    expect(failure({ JWT_SECRET: SECRET, PORT: '70000' }).setting).toBe('PORT');
    expect(failure({ JWT_SECRET: SECRET, EVENT_STORE_URL: 'mysql://x' }).setting).toBe('EVENT_STORE_URL');
    expect(failure({ JWT_SECRET: SECRET, TEMPORAL_ADDRESS: 'no-port' }).setting).toBe('TEMPORAL_ADDRESS');
    expect(failure({ JWT_SECRET: SECRET, DATA_DIR: '  ' }).message).toMatch(/DATA_DIR is set but empty/);
    expect(failure({ JWT_SECRET: SECRET, LOG_LEVEL: 'verbose' }).setting).toBe('LOG_LEVEL');
    expect(failure({ JWT_SECRET: SECRET, TRUST_PROXY: 'every*one' }).setting).toBe('TRUST_PROXY');
    expect(failure({ JWT_SECRET: SECRET, RATE_LIMIT_PER_TOKEN: '-1' }).setting).toBe('RATE_LIMIT_PER_TOKEN');
    expect(failure({ JWT_SECRET: SECRET, CORS_ORIGINS: 'console.example.org' }).setting).toBe('CORS_ORIGINS');
    expect(loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('needs no JWT_SECRET when an identity provider signs the tokens', () => {
    const config = loadConfig({ JWT_JWKS_URL: 'https://idp.example.test/jwks', JWT_ISSUER: 'https://idp.example.test', JWT_AUDIENCE: 'metrology-api' });
    expect(config).toMatchObject({ jwtSecret: undefined, jwksUrl: 'https://idp.example.test/jwks', jwtIssuer: 'https://idp.example.test', jwtAudience: 'metrology-api' });
    expect(failure({ JWT_JWKS_URL: 'ftp://idp' }).setting).toBe('JWT_JWKS_URL');
  });

  it('limits documents to 20 MiB unless DOCUMENT_MAX_BYTES says otherwise, a whole number of bytes up to 512 MiB', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).documentMaxBytes).toBe(20 * 1024 * 1024);
    expect(loadConfig({ JWT_SECRET: SECRET, DOCUMENT_MAX_BYTES: '1048576' }).documentMaxBytes).toBe(1048576);
    for (const bad of ['0', '-1', '20MB', '1.5', String(512 * 1024 * 1024 + 1), ' ']) {
      expect([bad, failure({ JWT_SECRET: SECRET, DOCUMENT_MAX_BYTES: bad }).setting]).toEqual([bad, 'DOCUMENT_MAX_BYTES']);
    }
  });

  it("bounds the worker's workflow cache at 250 unless WORKER_MAX_CACHED_WORKFLOWS says otherwise", () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).workerMaxCachedWorkflows).toBe(250);
    expect(loadConfig({ JWT_SECRET: SECRET, WORKER_MAX_CACHED_WORKFLOWS: '500' }).workerMaxCachedWorkflows).toBe(500);
    expect(loadConfig({ JWT_SECRET: SECRET, WORKER_MAX_CACHED_WORKFLOWS: '0' }).workerMaxCachedWorkflows).toBe(0);
    for (const bad of ['1', '-5', 'many', '2.5', '1000001']) {
      expect([bad, failure({ JWT_SECRET: SECRET, WORKER_MAX_CACHED_WORKFLOWS: bad }).setting]).toEqual([bad, 'WORKER_MAX_CACHED_WORKFLOWS']);
    }
  });

  it('accepts a PostgreSQL store and an external Temporal cluster', () => {
    const config = loadConfig({ JWT_SECRET: SECRET, EVENT_STORE_URL: 'postgres://u:p@db:5432/metrology', TEMPORAL_ADDRESS: 'temporal.internal:7233' });
    expect(config.eventStoreUrl).toBe('postgres://u:p@db:5432/metrology');
    expect(config.temporalAddress).toBe('temporal.internal:7233');
  });
});
