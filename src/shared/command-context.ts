import type { EventMetadata } from '../../events/metadata.js';

/**
 * Everything a command carries besides its intent: who issues it, on whose behalf and why.
 * It becomes the metadata of every event the command records (plus the governing policy version,
 * which the handler adds).
 */
export type CommandContext = Omit<EventMetadata, 'policyVersion'>;

export function eventMetadata(context: CommandContext, policyVersion?: string): EventMetadata {
  return { ...context, policyVersion };
}
