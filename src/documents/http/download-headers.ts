/**
 * The headers a download carries besides its type and length: the file name for every client
 * (RFC 6266 with an RFC 5987 `filename*` for names beyond ASCII) and the content's SHA-256 for
 * clients that check it (`Repr-Digest`, RFC 9530; `Digest`, RFC 3230, for older ones).
 */
export function contentDisposition(name: string): string {
  // The plain parameter for clients that ignore filename*: printable ASCII without quote or backslash.
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function digestHeaders(sha256: string): Record<string, string> {
  const base64 = Buffer.from(sha256, 'hex').toString('base64');
  return { 'Repr-Digest': `sha-256=:${base64}:`, Digest: `sha-256=${base64}`, ETag: `"${sha256}"` };
}
