import type { LocalizedText } from './i18n';

export type Role = 'institution' | 'expert' | 'secretariat' | 'auditor' | 'admin';

export interface DemoUser {
  sub: string;
  role: Role;
  institutionId?: string;
  name: LocalizedText;
  description: LocalizedText;
}

/** What the server embeds in the page (src/console/console-settings.ts). */
export interface ConsoleSettings {
  oidc: { issuer: string; clientId: string; scope: string } | null;
  devUsers: DemoUser[] | null;
}

export function readSettings(): ConsoleSettings {
  const element = document.getElementById('console-settings');
  if (!element?.textContent) return { oidc: null, devUsers: null };
  return JSON.parse(element.textContent) as ConsoleSettings;
}
