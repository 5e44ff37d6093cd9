import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PostgresEventStore } from '../event-store/postgres-event-store.js';
import { SubscriptionRunner } from '../event-store/subscription-runner.js';
import { UploadDocumentHandler } from './commands/upload-document.handler.js';
import { DiskDocumentStore } from './disk-document-store.js';
import { DOCUMENT_STORE, type DocumentStore } from './document-store.port.js';
import { DocumentsController } from './http/documents.controller.js';
import { PostgresDocumentStore } from './postgres-document-store.js';
import { DocumentsProjection } from './projections/documents.projection.js';
import { GetDocumentHandler } from './queries/get-document.handler.js';
import { ResolveDocumentsHandler } from './queries/resolve-documents.handler.js';

/**
 * The document store follows the event store: beside a PostgreSQL event store, a table in the same
 * database (every node sees every document); beside the embedded SQLite store, files under
 * `${DATA_DIR}/documents`.
 */
export async function documentStoreFor(eventStore: EventStore, config: Pick<AppConfig, 'dataDir' | 'eventStoreUrl'>): Promise<DocumentStore> {
  if (eventStore.kind === 'postgres') {
    const url = eventStore instanceof PostgresEventStore ? eventStore.connectionString : config.eventStoreUrl;
    const store = new PostgresDocumentStore(url);
    await store.init();
    return store;
  }
  return new DiskDocumentStore(join(config.dataDir, 'documents'));
}

/** 申报材料: documents an institution uploads and attaches to its assessment cases. */
@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // In memory: the content is hashed before it is stored, and DOCUMENT_MAX_BYTES bounds it.
      // One file and one text field (kind) per form; a file name may be UTF-8 (curl sends it raw).
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.documentMaxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024, headerPairs: 100 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [DocumentsController],
  providers: [
    UploadDocumentHandler,
    ResolveDocumentsHandler,
    GetDocumentHandler,
    DocumentsProjection,
    { provide: DOCUMENT_STORE, inject: [EVENT_STORE, APP_CONFIG], useFactory: documentStoreFor },
  ],
  // The specification drafts' diff reads their content (src/specifications/queries).
  exports: [DOCUMENT_STORE],
})
export class DocumentsModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly subscriptions: SubscriptionRunner,
    private readonly projection: DocumentsProjection,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  onModuleInit(): void {
    this.subscriptions.registerProjection(this.projection);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.documents.close();
  }
}
