import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DiskDocumentStore } from '../../src/documents/disk-document-store.js';
import { DOCUMENT_STORE } from '../../src/documents/document-store.port.js';
import { institutionDocumentsStreamId } from '../../src/documents/domain/institution-documents.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { startApp, tokenFor } from '../support/app.js';
import { startDevServer } from '../support/services.js';

/**
 * The disk document store behind the embedded SQLite event store, through the API: the content lands
 * under DATA_DIR/documents/<first 2 hex>/<sha256>, once; a download reads it back verified, and a
 * file altered on disk is refused.
 */
describe('documents on disk beside the SQLite event store', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let store: SqliteEventStore;
  let app: INestApplication;
  const engineer = tokenFor('institution', { sub: 'engineer-1', institutionId: 'county-institute-1' });
  const content = '原始记录 2026-11: 10 readings of the pressure standard';
  const hash = createHash('sha256').update(content).digest('hex');

  beforeAll(async () => {
    env = await startDevServer();
    dir = mkdtempSync(join(tmpdir(), 'metrology-documents-disk-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    app = await startApp({ eventStore: store, temporalClient: env.client, roles: { projections: false, bridge: false }, config: { dataDir: dir } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await env?.teardown();
  });

  const upload = () =>
    request(app.getHttpServer()).post('/api/v1/documents').set('Authorization', `Bearer ${engineer}`).attach('file', Buffer.from(content), { filename: 'records.txt', contentType: 'text/plain' }).field('kind', 'ORIGINAL_RECORDS');
  const download = () => request(app.getHttpServer()).get(`/api/v1/documents/${hash}`).set('Authorization', `Bearer ${engineer}`);
  const path = () => join(dir, 'documents', hash.slice(0, 2), hash);

  it('chooses the disk store for a SQLite event store, under the configured data folder', () => {
    const documents = app.get(DOCUMENT_STORE);
    expect(documents).toBeInstanceOf(DiskDocumentStore);
    expect((documents as DiskDocumentStore).root).toBe(join(dir, 'documents'));
  });

  it('stores an upload once under its hash and records one filing', async () => {
    expect((await upload().expect(201)).body).toEqual({ sha256: hash, name: 'records.txt', kind: 'ORIGINAL_RECORDS', size: Buffer.byteLength(content) });
    expect((await upload().expect(201)).body.sha256).toBe(hash);
    expect(readFileSync(path(), 'utf8')).toBe(content);
    expect(readdirSync(join(dir, 'documents', hash.slice(0, 2)))).toEqual([hash]);
    expect(await store.readStream(institutionDocumentsStreamId('county-institute-1'))).toHaveLength(1);
  });

  it('serves the file verified, and refuses it once it was altered on disk', async () => {
    const served = await download().expect(200);
    expect(served.text).toBe(content);
    expect(served.headers['repr-digest']).toBe(`sha-256=:${Buffer.from(hash, 'hex').toString('base64')}:`);
    writeFileSync(path(), content.replace('10', '11'));
    const refused = await download().expect(500);
    expect(refused.body).toMatchObject({ type: 'urn:metrology:problem:document-integrity' });
    expect(refused.text).not.toContain('11 readings');
  });

  it('counts a file that vanished from disk as a fault, not as an absent document', async () => {
    rmSync(path());
    expect(existsSync(path())).toBe(false);
    expect((await download().expect(500)).body.type).toBe('urn:metrology:problem:document-integrity');
  });
});
