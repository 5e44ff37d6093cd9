import { Inject } from '@nestjs/common';
import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { loadState } from '../../event-store/event-sourced-command.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { NotFoundError } from '../../shared/domain-error.js';
import { AssessorDocumentAccessQuery } from '../../standards/queries/assessor-document-access.query.js';
import { DOCUMENT_STORE, DocumentIntegrityError, type DocumentStore } from '../document-store.port.js';
import { institutionDocumentsStreamId } from '../domain/institution-documents.js';
import { institutionDocumentsFolding } from '../domain/institution-documents.folding.js';
import { DOCUMENT_FILINGS, type DocumentFilingsView } from '../projections/documents.projection.js';
import { GetDocumentQuery, type DocumentDownload } from './get-document.query.js';

type Filing = Pick<DocumentDownload, 'name' | 'kind' | 'contentType'>;

@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler implements IQueryHandler<GetDocumentQuery, DocumentDownload> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
    private readonly queryBus: QueryBus,
  ) {}

  async execute({ sha256, actor }: GetDocumentQuery): Promise<DocumentDownload> {
    const filing = await this.filingFor(sha256, actor);
    // Absent, or not the caller's to read: the same answer, so that a document's existence does not leak.
    if (!filing) throw new NotFoundError({ en: `No document ${sha256}.`, 'zh-CN': `不存在文件 ${sha256}。` });
    const content = await this.documents.get(sha256);
    if (!content) throw new DocumentIntegrityError(sha256, null, `${this.documents.kind} document store`);
    return { sha256, ...filing, content };
  }

  private async filingFor(sha256: string, actor: GetDocumentQuery['actor']): Promise<Filing | undefined> {
    if (actor.roles.includes('institution') && actor.institutionId) {
      const { state } = await loadState(this.store, institutionDocumentsStreamId(actor.institutionId), institutionDocumentsFolding);
      const own = Object.prototype.hasOwnProperty.call(state.uploads, sha256) ? state.uploads[sha256].at(-1) : undefined;
      if (own) return own;
    }
    const authority = actor.roles.some((r) => r === 'secretariat' || r === 'auditor' || r === 'admin');
    const assessor = !authority && actor.roles.includes('expert') && (await this.queryBus.execute(new AssessorDocumentAccessQuery(actor.id, sha256)));
    if (!authority && !assessor) return undefined;
    return (await this.store.getDocument<DocumentFilingsView>(DOCUMENT_FILINGS, sha256))?.filings[0];
  }
}
