import { createHash } from 'node:crypto';

/**
 * The id of the i-th event a command records: a UUID (version 8, name-based on SHA-256) derived
 * from the command id, so a replayed command yields the same event ids and appends nothing.
 */
export function eventIdFor(commandId: string, index: number): string {
  const bytes = createHash('sha256').update(`${commandId}\u0000${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
