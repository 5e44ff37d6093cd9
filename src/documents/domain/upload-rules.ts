/**
 * What an upload may be, as pure rules: the media types the engine files, and the name it files
 * a document under.
 */

/**
 * The media types of documents an assessment needs: scans and PDF or OFD (the national electronic
 * document format) files, office documents, plain text and tables, archives of records. Anything
 * else (HTML, SVG, scripts) is refused: a downloaded document must never run in a browser.
 * `application/octet-stream` is what clients send for a file they cannot type; it is served back
 * as such.
 */
export const ACCEPTED_CONTENT_TYPES: readonly string[] = [
  'application/pdf',
  'application/ofd',
  'image/png',
  'image/jpeg',
  'image/tiff',
  'image/webp',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
];

/** The media type without parameters, lowercased: `Text/Plain; charset=UTF-8` → `text/plain`. */
export function contentTypeEssence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isAcceptedContentType(contentType: string | undefined): boolean {
  return ACCEPTED_CONTENT_TYPES.includes(contentTypeEssence(contentType));
}

/** Longest name kept, in characters. */
export const MAX_NAME_LENGTH = 200;

/**
 * The name a document is filed under: the last segment of what the client sent (no folders), in
 * NFC, without control or format characters (bidirectional overrides included), lone surrogates or
 * line separators, whitespace runs collapsed, no leading dots, at most MAX_NAME_LENGTH characters;
 * `document` when nothing is left.
 */
export function sanitiseFileName(original: string): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const limited = [...cleaned].slice(0, MAX_NAME_LENGTH).join('').trim();
  return limited || 'document';
}
