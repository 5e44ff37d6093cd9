import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { loadState } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { institutionDocumentsStreamId, resolveDocuments } from '../domain/institution-documents.js';
import { institutionDocumentsFolding } from '../domain/institution-documents.folding.js';
import { ResolveDocumentsQuery, type ResolvedDocuments } from './resolve-documents.query.js';

@QueryHandler(ResolveDocumentsQuery)
export class ResolveDocumentsHandler implements IQueryHandler<ResolveDocumentsQuery, ResolvedDocuments> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ institutionId, references }: ResolveDocumentsQuery): Promise<ResolvedDocuments> {
    if (references.length === 0) return { documents: [], unknown: [] };
    const { state } = await loadState(this.store, institutionDocumentsStreamId(institutionId), institutionDocumentsFolding);
    return resolveDocuments(state, references);
  }
}
