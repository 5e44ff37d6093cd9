import { createHash } from 'node:crypto';

/** A SHA-256 as the store names content: 64 lowercase hex digits. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Of(content: Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * 文件存储: the content-addressed document store. Content is named by its SHA-256; what comes
 * back is re-hashed, and content whose hash differs from its name is refused, never served.
 */
export interface DocumentStore {
  readonly kind: 'disk' | 'postgres';
  /** Stores the content under its SHA-256 and returns it; storing the same content again does nothing. */
  put(content: Buffer): Promise<string>;
  /** The content stored under `sha256`, verified; undefined when none is. Throws DocumentIntegrityError on a mismatch. */
  get(sha256: string): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

export const DOCUMENT_STORE = Symbol('DocumentStore');

/**
 * The stored bytes no longer hash to the name they are stored under: altered or corrupted at
 * rest. A fault of the server, never of the client; the HTTP edge answers 500 with the problem
 * type `urn:metrology:problem:document-integrity` and logs both hashes.
 */
export class DocumentIntegrityError extends Error {
  readonly code = 'document-integrity';

  constructor(
    readonly expected: string,
    /** The hash of what is stored now; null when the content is gone although an upload names it. */
    readonly actual: string | null,
    readonly where: string,
  ) {
    super(
      actual === null
        ? `document integrity: ${where}: no content is stored for sha256 ${expected}, which an upload names`
        : `document integrity: ${where} is stored as sha256 ${expected} but its content hashes to ${actual}`,
    );
    this.name = 'DocumentIntegrityError';
  }
}

/** Re-hashes content read back from a store and refuses it when the hash is not its name. */
export function verified(expected: string, content: Buffer, where: string): Buffer {
  const actual = sha256Of(content);
  if (actual !== expected) throw new DocumentIntegrityError(expected, actual, where);
  return content;
}
