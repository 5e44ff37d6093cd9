import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import type { DocumentUploadedV1 } from '../../../events/document.events.js';
import { executeOnStream } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CLOCK, type Clock } from '../../shared/clock.js';
import { DOCUMENT_STORE, sha256Of, type DocumentStore } from '../document-store.port.js';
import { decideDocuments, institutionDocumentsStreamId } from '../domain/institution-documents.js';
import { institutionDocumentsFolding } from '../domain/institution-documents.folding.js';
import { sanitiseFileName } from '../domain/upload-rules.js';
import { UploadDocumentCommand, type UploadDocumentResult } from './upload-document.command.js';

@CommandHandler(UploadDocumentCommand)
export class UploadDocumentHandler implements ICommandHandler<UploadDocumentCommand, UploadDocumentResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ content, originalName, kind, contentType, context }: UploadDocumentCommand): Promise<UploadDocumentResult> {
    const name = sanitiseFileName(originalName);
    const sha256 = sha256Of(content);
    // Content first: a filing never names content the store does not hold. A crash in between
    // leaves unreferenced content, which the same upload sent again reuses.
    await this.documents.put(content);
    const commandId = `document-upload:${createHash('sha256').update(JSON.stringify([context.institutionId, sha256, kind, name])).digest('hex')}`;
    const outcome = await executeOnStream(this.store, institutionDocumentsStreamId(context.institutionId), institutionDocumentsFolding, { ...context, commandId }, (state) =>
      decideDocuments({ type: 'UploadDocument', sha256, name, kind, size: content.length, contentType }, state, { now: this.clock.now() }),
    );
    const filed = (outcome.events[0]?.data as DocumentUploadedV1 | undefined) ?? { sha256, name, kind, size: content.length };
    return { sha256: filed.sha256, name: filed.name, kind: filed.kind, size: filed.size, alreadyRecorded: outcome.alreadyRecorded || outcome.events.length === 0 };
  }
}
