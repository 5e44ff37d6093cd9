import type { AppConfig } from '../config/app-config.js';
import { DEMO_USERS, type DemoUser } from './demo-users.js';

export type ConsoleConfig = Pick<AppConfig, 'production' | 'oidc' | 'jwtSecret'>;

/** The development sign-in exists outside production, with no identity provider, and with an HS256 secret to sign with. */
export function devSignInAvailable(config: ConsoleConfig): boolean {
  return !config.production && config.oidc === undefined && config.jwtSecret !== undefined;
}

/** What the console's page is told about signing in (embedded in index.html; no secrets). */
export interface ConsoleSettings {
  /** The identity provider to sign in at with the authorization code flow and PKCE. */
  oidc: { issuer: string; clientId: string; scope: string } | null;
  /** The demo users of the development sign-in; null when it does not exist. */
  devUsers: readonly DemoUser[] | null;
}

export function consoleSettings(config: ConsoleConfig): ConsoleSettings {
  return { oidc: config.oidc ?? null, devUsers: devSignInAvailable(config) ? DEMO_USERS : null };
}
