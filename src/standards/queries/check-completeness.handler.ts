import { QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ResolveDocumentsQuery } from '../../documents/queries/resolve-documents.query.js';
import { checkCompleteness, type CompletenessReport } from '../domain/required-documents.js';
import { CheckCompletenessQuery } from './check-completeness.query.js';

@QueryHandler(CheckCompletenessQuery)
export class CheckCompletenessHandler implements IQueryHandler<CheckCompletenessQuery, CompletenessReport> {
  constructor(private readonly queryBus: QueryBus) {}

  async execute({ institutionId, kind, references }: CheckCompletenessQuery): Promise<CompletenessReport> {
    const { documents, unknown } = await this.queryBus.execute(new ResolveDocumentsQuery(institutionId, references));
    return checkCompleteness(kind, documents, unknown);
  }
}
