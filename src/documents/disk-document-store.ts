import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SHA256_HEX, sha256Of, verified, type DocumentStore } from './document-store.port.js';

/**
 * The document store on disk, beside the embedded event store: `<root>/<first 2 hex>/<sha256>`
 * (root is `${DATA_DIR}/documents`). A put writes a temporary file in the target folder, flushes
 * it and renames it into place, so a reader never sees half a file and a crash leaves at most a
 * stray temporary file; the same content stored twice is written once.
 */
export class DiskDocumentStore implements DocumentStore {
  readonly kind = 'disk' as const;

  constructor(readonly root: string) {}

  /** Where the content named `sha256` lives (the name must be 64 lowercase hex digits). */
  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new RangeError(`not a SHA-256 in lowercase hex: "${sha256}"`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(content: Buffer): Promise<string> {
    const sha256 = sha256Of(content);
    const path = this.pathOf(sha256);
    if (await exists(path)) return sha256;
    const folder = join(this.root, sha256.slice(0, 2));
    await mkdir(folder, { recursive: true });
    const temporary = join(folder, `.${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const file = await open(temporary, 'wx', 0o640);
      try {
        await file.writeFile(content);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer | undefined> {
    if (!SHA256_HEX.test(sha256)) return undefined;
    const path = this.pathOf(sha256);
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return verified(sha256, content, path);
  }

  async close(): Promise<void> {
    // Nothing held open between calls.
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
