import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventProblems } from '../../events/catalogue.js';
import { DocumentEventTypes, type DocumentEvent } from '../../events/document.events.js';
import { DiskDocumentStore } from '../../src/documents/disk-document-store.js';
import { DocumentIntegrityError, sha256Of } from '../../src/documents/document-store.port.js';
import { decideDocuments, evolveDocuments, initialInstitutionDocumentsState, resolveDocuments, type DocumentCommand } from '../../src/documents/domain/institution-documents.js';
import { contentDisposition, digestHeaders } from '../../src/documents/http/download-headers.js';
import { isAcceptedContentType, sanitiseFileName } from '../../src/documents/domain/upload-rules.js';

const TEST_SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'; // SHA-256 of "test"

describe('the disk document store: content by its SHA-256, verified on every read', () => {
  const root = mkdtempSync(join(tmpdir(), 'metrology-documents-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given content, stores it under <first two hex>/<sha256> and reads it back verified', async () => {
    const store = new DiskDocumentStore(root);
    const sha256 = await store.put(Buffer.from('test'));
    expect(sha256).toBe(TEST_SHA);
    expect(existsSync(join(root, '9f', TEST_SHA))).toBe(true);
    expect((await store.get(TEST_SHA))?.toString()).toBe('test');
  });

  it('stores the same content twice as one file and leaves no temporary file behind', async () => {
    const store = new DiskDocumentStore(root);
    await store.put(Buffer.from('again'));
    await store.put(Buffer.from('again'));
    const sha256 = sha256Of(Buffer.from('again'));
    expect(readdirSync(join(root, sha256.slice(0, 2)))).toEqual([sha256]);
  });

  it('when the file was altered on disk, refuses it naming the expected and the actual hash', async () => {
    const store = new DiskDocumentStore(root);
    const sha256 = await store.put(Buffer.from('calibration certificate'));
    writeFileSync(join(root, sha256.slice(0, 2), sha256), 'calibration certificatE');
    const error = await store.get(sha256).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DocumentIntegrityError);
    expect(error).toMatchObject({ expected: sha256, actual: sha256Of(Buffer.from('calibration certificatE')), code: 'document-integrity' });
  });

  it('answers nothing for unknown content and for names that are not a SHA-256 (no path is built from them)', async () => {
    const store = new DiskDocumentStore(root);
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    expect(await store.get('../../etc/passwd')).toBeUndefined();
    expect(await store.get(TEST_SHA.toUpperCase())).toBeUndefined();
    expect(() => store.pathOf('../x')).toThrow(RangeError);
  });
});

describe('an institution’s documents: upload once per content, name and kind; resolve references', () => {
  const upload = (over: Partial<DocumentCommand> = {}): DocumentCommand => ({ type: 'UploadDocument', sha256: TEST_SHA, name: 'report.pdf', kind: 'TECHNICAL_REPORT', size: 4, contentType: 'application/pdf', ...over });
  const now = { now: new Date('2026-11-23T02:00:00Z') };
  const after = (events: DocumentEvent[]) => events.reduce(evolveDocuments, initialInstitutionDocumentsState);

  it('given nothing, records the upload with the catalogue’s shape', () => {
    const events = decideDocuments(upload(), initialInstitutionDocumentsState, now);
    expect(events).toEqual([{ type: DocumentEventTypes.DocumentUploaded, data: { sha256: TEST_SHA, name: 'report.pdf', kind: 'TECHNICAL_REPORT', size: 4, contentType: 'application/pdf', uploadedAt: '2026-11-23T02:00:00.000Z' } }]);
    expect(eventProblems(events[0].type, 1, events[0].data)).toEqual([]);
  });

  it('given the same upload, records nothing; another name or kind of the same content is filed again, and the latest filing resolves', () => {
    const state = after(decideDocuments(upload(), initialInstitutionDocumentsState, now));
    expect(decideDocuments(upload(), state, now)).toEqual([]);
    const refiled = after([...decideDocuments(upload(), initialInstitutionDocumentsState, now), ...decideDocuments(upload({ kind: 'OTHER', name: 'misc.pdf' }), state, now)]);
    expect(resolveDocuments(refiled, [TEST_SHA, 'b'.repeat(64), TEST_SHA])).toEqual({
      documents: [{ sha256: TEST_SHA, name: 'misc.pdf', kind: 'OTHER', size: 4 }],
      unknown: ['b'.repeat(64)],
    });
  });
});

describe('upload rules and download headers', () => {
  it('files a document under its last path segment, without control or bidirectional characters', () => {
    expect(sanitiseFileName('C:\\Users\\li\\计量标准技术报告.pdf')).toBe('计量标准技术报告.pdf');
    expect(sanitiseFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseFileName('evil\u202egpj.exe')).toBe('evilgpj.exe');
    expect(sanitiseFileName('a\u0000b\r\nc   d.pdf')).toBe('abc d.pdf');
    expect(sanitiseFileName('...')).toBe('document');
    expect(sanitiseFileName(`${'x'.repeat(300)}.pdf`)).toHaveLength(200);
  });

  it('accepts document types and refuses what a browser would run', () => {
    expect(isAcceptedContentType('application/pdf')).toBe(true);
    expect(isAcceptedContentType('Text/Plain; charset=UTF-8')).toBe(true);
    expect(isAcceptedContentType('text/html')).toBe(false);
    expect(isAcceptedContentType('image/svg+xml')).toBe(false);
    expect(isAcceptedContentType(undefined)).toBe(false);
  });

  it('names the file for every client (RFC 5987) and states the content digest', () => {
    expect(contentDisposition('计量 "报告".pdf')).toBe(`attachment; filename="__ ____.pdf"; filename*=UTF-8''%E8%AE%A1%E9%87%8F%20%22%E6%8A%A5%E5%91%8A%22.pdf`);
    expect(contentDisposition("it's (1).pdf")).toBe(`attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
    expect(digestHeaders(TEST_SHA)).toEqual({ 'Repr-Digest': 'sha-256=:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=:', Digest: 'sha-256=n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=', ETag: `"${TEST_SHA}"` });
  });
});
