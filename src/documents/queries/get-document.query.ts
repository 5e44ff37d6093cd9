import { Query } from '@nestjs/cqrs';
import type { DocumentKind } from '../../../events/document.events.js';
import type { Actor } from '../../identity/roles.js';

export interface DocumentDownload {
  sha256: string;
  name: string;
  kind: DocumentKind;
  contentType: string;
  /** Verified against its SHA-256. */
  content: Buffer;
}

/**
 * One document's content for the actor: the institution that uploaded it (from its own stream),
 * the authority's roles (secretariat, auditor, admin) and an assessor assigned to a case that has
 * it attached (from the read models). For anyone else it answers as absent.
 */
export class GetDocumentQuery extends Query<DocumentDownload> {
  constructor(
    readonly sha256: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
