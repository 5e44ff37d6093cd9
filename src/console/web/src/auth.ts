import { api } from './api';
import type { ConsoleSettings, DemoUser, Role } from './settings';

/** Who is signed in, and the bearer token the API checks (the console only reads its claims for display). */
export interface Session {
  token: string;
  sub: string;
  name: string;
  roles: Role[];
  institutionId?: string;
  expiresAt: string;
  /** How the user signed in. */
  via: 'development' | 'oidc';
}

const SESSION_KEY = 'console.session';
const PKCE_KEY = 'console.pkce';
export const CALLBACK_PATH = '/auth/callback';

export function loadSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return session && Date.parse(session.expiresAt) > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(SESSION_KEY);
}

/** 开发登录: a token for a demo user from the development-only endpoint. */
export async function devSignIn(sub: string): Promise<Session> {
  const answer = await api.post<{ token: string; expiresAt: string; user: DemoUser }>('/api/v1/dev/sign-in', { sub });
  const claims = claimsOf(answer.token);
  return { token: answer.token, sub: answer.user.sub, name: String(claims.name ?? answer.user.sub), roles: [answer.user.role], institutionId: answer.user.institutionId, expiresAt: answer.expiresAt, via: 'development' };
}

// ---------------------------------------------------------------------------------------------
// OpenID Connect: authorization code flow with PKCE (RFC 7636), as a public client in the browser

const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the identity provider's discovery document answered HTTP ${response.status}`);
  return (await response.json()) as Discovery;
}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Sends the browser to the identity provider; it comes back to CALLBACK_PATH with a code. */
export async function startOidcSignIn(oidc: NonNullable<ConsoleSettings['oidc']>): Promise<void> {
  const discovery = await discover(oidc.issuer);
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Exchanges the code the provider sent back (checking the state) for tokens. */
export async function completeOidcSignIn(oidc: NonNullable<ConsoleSettings['oidc']>, query: URLSearchParams): Promise<Session> {
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PKCE_KEY);
  const error = query.get('error');
  if (error) throw new Error(`${error}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}`);
  const code = query.get('code');
  if (!pending || !code || query.get('state') !== pending.state) throw new Error('the answer of the identity provider does not match this sign-in (state)');
  const discovery = await discover(oidc.issuer);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), client_id: oidc.clientId, code_verifier: pending.verifier }),
  });
  if (!response.ok) throw new Error(`the token endpoint answered HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; expires_in?: number };
  const claims = claimsOf(tokens.access_token);
  const expiresAt = typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : new Date(Date.now() + (tokens.expires_in ?? 3600) * 1000);
  return {
    token: tokens.access_token,
    sub: String(claims.sub),
    name: String(claims.name ?? claims.preferred_username ?? claims.sub),
    roles: (Array.isArray(claims.roles) ? claims.roles : []) as Role[],
    institutionId: typeof claims.institutionId === 'string' ? claims.institutionId : undefined,
    expiresAt: expiresAt.toISOString(),
    via: 'oidc',
  };
}

/** A JWT's claims, unverified (display only: the API verifies every token it is sent). */
function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}
