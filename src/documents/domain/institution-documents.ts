import type { AttachedDocument } from '../../../events/assessment.events.js';
import { DocumentEventTypes, type DocumentEvent, type DocumentKind, type DocumentUploadedV1 } from '../../../events/document.events.js';

/**
 * 申报材料库: the documents one institution has uploaded, as pure decision code. The content is in
 * the document store under its SHA-256; this stream files who uploaded it under which name and
 * kind. The same content may be filed more than once (another name, another kind); the same
 * content under the same name and kind is filed once.
 */
export interface InstitutionDocumentsState {
  /** Every upload by the SHA-256 of its content, earliest first. */
  uploads: Record<string, DocumentUploadedV1[]>;
}

export const initialInstitutionDocumentsState: InstitutionDocumentsState = { uploads: {} };

export type DocumentCommand = {
  type: 'UploadDocument';
  sha256: string;
  /** Already sanitised (upload-rules.ts). */
  name: string;
  kind: DocumentKind;
  size: number;
  contentType: string;
};

/** The upload of this content under this name and kind, if it was filed before. */
export function sameUpload(state: InstitutionDocumentsState, command: Pick<DocumentCommand, 'sha256' | 'name' | 'kind'>): DocumentUploadedV1 | undefined {
  return state.uploads[command.sha256]?.find((u) => u.name === command.name && u.kind === command.kind);
}

export function decideDocuments(command: DocumentCommand, state: InstitutionDocumentsState, context: { now: Date }): DocumentEvent[] {
  switch (command.type) {
    case 'UploadDocument': {
      if (sameUpload(state, command)) return []; // filed already: nothing new
      const { sha256, name, kind, size, contentType } = command;
      return [{ type: DocumentEventTypes.DocumentUploaded, data: { sha256, name, kind, size, contentType, uploadedAt: context.now.toISOString() } }];
    }
    default: {
      const never: never = command.type;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

export function evolveDocuments(state: InstitutionDocumentsState, event: DocumentEvent): InstitutionDocumentsState {
  switch (event.type) {
    case DocumentEventTypes.DocumentUploaded: {
      const earlier = state.uploads[event.data.sha256] ?? [];
      return { uploads: { ...state.uploads, [event.data.sha256]: [...earlier, event.data] } };
    }
    default: {
      const never: never = event.type;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

const STREAM_PREFIX = 'institution-documents-';

export const institutionDocumentsStreamId = (institutionId: string): string => `${STREAM_PREFIX}${institutionId}`;

/** The institution whose documents stream this is; undefined for any other stream. */
export function institutionOfDocumentsStream(streamId: string): string | undefined {
  return streamId.startsWith(STREAM_PREFIX) ? streamId.slice(STREAM_PREFIX.length) : undefined;
}

/**
 * Resolves references (SHA-256) against the institution's uploads: each known one as its latest
 * filing (name, kind, size), once, in the order given; the others as unknown.
 */
export function resolveDocuments(state: InstitutionDocumentsState, references: readonly string[]): { documents: AttachedDocument[]; unknown: string[] } {
  const documents: AttachedDocument[] = [];
  const unknown: string[] = [];
  for (const sha256 of new Set(references)) {
    const uploads = Object.prototype.hasOwnProperty.call(state.uploads, sha256) ? state.uploads[sha256] : undefined;
    const latest = uploads?.[uploads.length - 1];
    if (latest) documents.push({ sha256, name: latest.name, kind: latest.kind, size: latest.size });
    else unknown.push(sha256);
  }
  return { documents, unknown };
}
