import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Settings read from the environment once at start-up; see .env.example. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStoreUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalTaskQueue: string;
  /** HS256 secret; optional when an identity provider's JWKS is configured. */
  jwtSecret?: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** Requests per minute per client address and per bearer token (0: off). */
  rateLimits: { perAddress: number; perToken: number };
  /** Origins allowed to call the API from a browser; empty: no CORS headers at all. */
  corsOrigins: string[];
  /** Express's "trust proxy": which proxies' X-Forwarded-For names the client (rate limits, logs); false by default. */
  trustProxy: boolean | number | string;
  /** A folder of extra official calendar years (cn-<year>.json), loaded with the built-in ones. */
  calendarDir?: string;
  /** The jurisdiction whose assessment policy governs new cases (its files' "jurisdiction"). */
  jurisdiction: string;
  /** A folder of further assessment policy files (*.json) beside the built-in national defaults. */
  policyDir?: string;
  /** A folder of further plan targets files (*.json, one per jurisdiction and period) beside the built-in city plan's 2025 targets. */
  planTargetsDir?: string;
  /** Largest document an upload may carry, in bytes (DOCUMENT_MAX_BYTES). */
  documentMaxBytes: number;
  /** Port of the worker's own /metrics (WORKER_METRICS_PORT, default 9464; 0: none). The API serves GET /metrics on its port. */
  workerMetricsPort: number;
  /**
   * Open workflows the worker keeps in memory between their tasks (WORKER_MAX_CACHED_WORKFLOWS,
   * default 250; 0: none, every task replays its history). The SDK's own default follows the main
   * thread's heap limit (about 2,300 at a 4 GiB heap) although the cached workflows live in the
   * workflow thread's heap; every certificate keeps a workflow open for years, so the cache fills
   * to its size and the worker's memory with it. An evicted workflow's next task replays its
   * history (tens of events here) once.
   */
  workerMaxCachedWorkflows: number;
  /** How long the answer to a write with an Idempotency-Key is kept for resends (IDEMPOTENCY_TTL_HOURS, default 24). */
  idempotencyTtlHours: number;
  /** How often a command is decided again after a concurrency conflict before it answers 409 (COMMAND_CONFLICT_RETRIES, default 3). */
  commandConflictRetries: number;
  /** NODE_ENV=production: the console's development sign-in does not exist. */
  production: boolean;
  /** The identity provider the console signs in with (authorization code + PKCE); none: the development sign-in. */
  oidc?: { issuer: string; clientId: string; scope: string };
}

export class ConfigError extends Error {
  constructor(readonly setting: string, problem: string) {
    super(`Configuration error: ${setting} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;

/** A setting's trimmed value; undefined when unset. Set but empty is an error, not "use the default". */
function readSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new ConfigError(name, 'is set but empty; unset it to use the default');
  return value.trim();
}

/**
 * DATA_DIR and EVENT_STORE_URL alone, validated as loadConfig does: for tools that open the store
 * and need nothing else (npm run verify, npm run export), so they do not require JWT_SECRET.
 */
export function loadStoreSettings(env: NodeJS.ProcessEnv = process.env): Pick<AppConfig, 'dataDir' | 'eventStoreUrl'> {
  const dataDir = resolve(readSetting(env, 'DATA_DIR') ?? './data');
  const eventStoreUrl = readSetting(env, 'EVENT_STORE_URL') ?? `sqlite:${join(dataDir, 'events.sqlite')}`;
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(eventStoreUrl)) {
    throw new ConfigError('EVENT_STORE_URL', `must be sqlite:<path> or postgres://user:password@host:port/database, got "${eventStoreUrl}"`);
  }
  return { dataDir, eventStoreUrl };
}

/**
 * Validates the environment and fails with a message that names the setting. A value that is
 * set but empty counts as malformed, not as "use the default": silent defaults hide typos.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = (name: string) => readSetting(env, name);

  const portText = read('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new ConfigError('PORT', `must be a TCP port (1-65535), got "${portText}"`);

  const { dataDir, eventStoreUrl } = loadStoreSettings(env);

  const temporalAddress = read('TEMPORAL_ADDRESS') ?? '127.0.0.1:7233';
  if (!/^[A-Za-z0-9.\-_[\]:]+:\d+$/.test(temporalAddress)) {
    throw new ConfigError('TEMPORAL_ADDRESS', `must be host:port, got "${temporalAddress}"`);
  }

  const jwksUrl = read('JWT_JWKS_URL');
  if (jwksUrl !== undefined && !/^https?:\/\/\S+$/.test(jwksUrl)) throw new ConfigError('JWT_JWKS_URL', `must be an http(s) URL, got "${jwksUrl}"`);
  const jwtSecret = read('JWT_SECRET');
  if (jwtSecret === undefined && jwksUrl === undefined) {
    throw new ConfigError('JWT_SECRET', 'is required unless JWT_JWKS_URL names an identity provider (npm start generates one into DATA_DIR/jwt-secret)');
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');

  const logLevel = (read('LOG_LEVEL') ?? 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  const count = (name: string, fallback: number) => {
    const text = read(name) ?? String(fallback);
    if (!/^\d+$/.test(text)) throw new ConfigError(name, `must be a whole number of requests per minute (0 turns it off), got "${text}"`);
    return Number(text);
  };
  const corsOrigins = (read('CORS_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError('CORS_ORIGINS', `must list origins like https://console.example.org, got "${origin}"`);
  }

  const calendarDirText = read('CALENDAR_DIR');
  const calendarDir = calendarDirText === undefined ? undefined : resolve(calendarDirText);
  if (calendarDir !== undefined && !(existsSync(calendarDir) && statSync(calendarDir).isDirectory())) {
    throw new ConfigError('CALENDAR_DIR', `must name an existing folder of cn-<year>.json calendar files, got "${calendarDirText}"`);
  }

  return {
    port,
    host: read('HOST') ?? '0.0.0.0',
    dataDir,
    eventStoreUrl,
    temporalAddress,
    temporalNamespace: read('TEMPORAL_NAMESPACE') ?? 'default',
    temporalTaskQueue: read('TEMPORAL_TASK_QUEUE') ?? 'metrology',
    jwtSecret,
    jwksUrl,
    jwtIssuer: read('JWT_ISSUER'),
    jwtAudience: read('JWT_AUDIENCE'),
    logLevel,
    trustProxy: trustProxySetting(read('TRUST_PROXY')),
    rateLimits: { perAddress: count('RATE_LIMIT_PER_ADDRESS', 1200), perToken: count('RATE_LIMIT_PER_TOKEN', 600) },
    corsOrigins,
    calendarDir,
    jurisdiction: read('JURISDICTION') ?? 'national-default',
    policyDir: existingFolder('POLICY_DIR', read('POLICY_DIR'), 'assessment policy files (*.json)'),
    planTargetsDir: existingFolder('PLAN_TARGETS_DIR', read('PLAN_TARGETS_DIR'), 'plan targets files (*.json)'),
    documentMaxBytes: documentMaxBytes(read('DOCUMENT_MAX_BYTES')),
    workerMetricsPort: workerMetricsPort(read('WORKER_METRICS_PORT')),
    workerMaxCachedWorkflows: workerMaxCachedWorkflows(read('WORKER_MAX_CACHED_WORKFLOWS')),
    idempotencyTtlHours: wholeNumberSetting('IDEMPOTENCY_TTL_HOURS', read('IDEMPOTENCY_TTL_HOURS'), 24, 1, 24 * 365, 'hours'),
    commandConflictRetries: wholeNumberSetting('COMMAND_CONFLICT_RETRIES', read('COMMAND_CONFLICT_RETRIES'), 3, 0, 20, 'retries'),
    production: env.NODE_ENV === 'production',
    oidc: oidcSettings(read('OIDC_ISSUER'), read('OIDC_CLIENT_ID'), read('OIDC_SCOPE')),
  };
}

export const APP_CONFIG = Symbol('AppConfig');

/** TRUST_PROXY: unset or "false"; "true"; a hop count; or addresses/subnets such as "loopback, 10.0.0.0/8". */
function trustProxySetting(text: string | undefined): boolean | number | string {
  if (text === undefined || text === 'false') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  if (/^[A-Za-z0-9.:/,\s]+$/.test(text)) return text;
  throw new ConfigError('TRUST_PROXY', `must be true, false, a number of hops, or addresses such as "loopback, 10.0.0.0/8", got "${text}"`);
}

/** Default DOCUMENT_MAX_BYTES: 20 MiB. */
export const DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
/** An upload is held in memory while it is hashed; 512 MiB bounds that (and PostgreSQL's bytea holds up to 1 GiB). */
const MAX_DOCUMENT_MAX_BYTES = 512 * 1024 * 1024;

/** DOCUMENT_MAX_BYTES: a whole number of bytes from 1 to 512 MiB. */
function documentMaxBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DOCUMENT_MAX_BYTES;
  const bytes = Number(text);
  if (!/^\d+$/.test(text) || bytes < 1 || bytes > MAX_DOCUMENT_MAX_BYTES) {
    throw new ConfigError('DOCUMENT_MAX_BYTES', `must be a whole number of bytes from 1 to ${MAX_DOCUMENT_MAX_BYTES} (512 MiB), got "${text}"`);
  }
  return bytes;
}

/** WORKER_METRICS_PORT: a TCP port, or 0 for no metrics endpoint on the worker. */
function workerMetricsPort(text: string | undefined): number {
  if (text === undefined) return 9464;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError('WORKER_METRICS_PORT', `must be a TCP port (1-65535), or 0 for none, got "${text}"`);
  return port;
}

/** WORKER_MAX_CACHED_WORKFLOWS: 0 (no cache) or 2 and more (the SDK turns 1 into 2); default 250. */
function workerMaxCachedWorkflows(text: string | undefined): number {
  if (text === undefined) return 250;
  const count = Number(text);
  if (!/^\d+$/.test(text) || count === 1 || count > 1_000_000) {
    throw new ConfigError('WORKER_MAX_CACHED_WORKFLOWS', `must be 0 (no cache) or a whole number of workflows from 2 to 1000000, got "${text}"`);
  }
  return count;
}

/** A whole number from `min` to `max`, or the default when unset. */
function wholeNumberSetting(name: string, text: string | undefined, fallback: number, min: number, max: number, unit: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new ConfigError(name, `must be a whole number of ${unit} from ${min} to ${max}, got "${text}"`);
  return value;
}

/** A setting that must name an existing folder when set. */
function existingFolder(name: string, text: string | undefined, holding: string): string | undefined {
  if (text === undefined) return undefined;
  const folder = resolve(text);
  if (!(existsSync(folder) && statSync(folder).isDirectory())) throw new ConfigError(name, `must name an existing folder of ${holding}, got "${text}"`);
  return folder;
}

/** OIDC_ISSUER and OIDC_CLIENT_ID (both or neither), OIDC_SCOPE (default "openid profile"): the console's identity provider. */
function oidcSettings(issuer: string | undefined, clientId: string | undefined, scope: string | undefined): AppConfig['oidc'] {
  if (issuer === undefined) {
    if (clientId !== undefined) throw new ConfigError('OIDC_ISSUER', 'is required when OIDC_CLIENT_ID is set');
    return undefined;
  }
  if (!/^https?:\/\/\S+$/.test(issuer)) throw new ConfigError('OIDC_ISSUER', `must be the identity provider's http(s) issuer URL, got "${issuer}"`);
  if (clientId === undefined) throw new ConfigError('OIDC_CLIENT_ID', 'is required when OIDC_ISSUER is set (the console\'s client id at the identity provider)');
  return { issuer: issuer.replace(/\/+$/, ''), clientId, scope: scope ?? 'openid profile' };
}
