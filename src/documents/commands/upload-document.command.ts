import { Command } from '@nestjs/cqrs';
import type { DocumentKind } from '../../../events/document.events.js';
import type { CommandContext } from '../../shared/command-context.js';

export interface UploadDocumentResult {
  sha256: string;
  name: string;
  kind: DocumentKind;
  size: number;
  /** True when this content was filed under this name and kind before: nothing new was recorded. */
  alreadyRecorded: boolean;
}

/**
 * An institution uploads a document: the content goes to the document store under its SHA-256,
 * the filing (name, kind, size, media type) to the institution's documents stream. The command id
 * is derived from the institution, the content, the kind and the name, so the same upload sent
 * again records nothing and answers the original.
 */
export class UploadDocumentCommand extends Command<UploadDocumentResult> {
  constructor(
    readonly content: Buffer,
    /** As the client sent it; the handler sanitises it. */
    readonly originalName: string,
    readonly kind: DocumentKind,
    /** Already checked against the accepted media types. */
    readonly contentType: string,
    readonly context: Omit<CommandContext, 'commandId'> & { institutionId: string },
  ) {
    super();
  }
}
