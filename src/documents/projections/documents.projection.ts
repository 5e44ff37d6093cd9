import { Injectable } from '@nestjs/common';
import { DocumentEventTypes, type DocumentKind, type DocumentUploadedV1 } from '../../../events/document.events.js';
import type { DocumentTransaction, RecordedEvent } from '../../event-store/event-store.port.js';
import type { Projection } from '../../event-store/subscription.js';
import { institutionOfDocumentsStream } from '../domain/institution-documents.js';

export const DOCUMENT_FILINGS = 'document-filings';

/** Every filing of one content, by its SHA-256: who uploaded it, under which name, kind and media type. */
export interface DocumentFilingsView {
  sha256: string;
  size: number;
  filings: { institutionId: string; name: string; kind: DocumentKind; contentType: string; uploadedAt: string }[];
  lastPosition: number;
  updatedAt: string;
}

/** The filings by content, for the readers who are not the uploader (the authority, assigned assessors). */
@Injectable()
export class DocumentsProjection implements Projection {
  readonly name = 'projection:documents';
  readonly collections = [DOCUMENT_FILINGS];

  handles(recorded: RecordedEvent): boolean {
    return recorded.type === DocumentEventTypes.DocumentUploaded;
  }

  async apply(recorded: RecordedEvent, tx: DocumentTransaction): Promise<void> {
    if (!this.handles(recorded)) return;
    const institutionId = institutionOfDocumentsStream(recorded.streamId);
    if (!institutionId) return;
    const { sha256, name, kind, size, contentType, uploadedAt } = recorded.data as DocumentUploadedV1;
    const view = await tx.get<DocumentFilingsView>(DOCUMENT_FILINGS, sha256);
    await tx.put<DocumentFilingsView>(DOCUMENT_FILINGS, sha256, {
      sha256,
      size,
      filings: [...(view?.filings ?? []), { institutionId, name, kind, contentType, uploadedAt }],
      lastPosition: recorded.globalPosition,
      updatedAt: recorded.recordedAt,
    });
  }
}
