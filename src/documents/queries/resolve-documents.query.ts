import { Query } from '@nestjs/cqrs';
import type { AttachedDocument } from '../../../events/assessment.events.js';
import { InvalidDataError } from '../../shared/domain-error.js';

export interface ResolvedDocuments {
  /** The known references, once each, in the order given, as their latest filing. */
  documents: AttachedDocument[];
  /** The references that name no document the institution uploaded. */
  unknown: string[];
}

/**
 * Resolves document references (SHA-256) against one institution's uploads, from its stream
 * (not a read model): a document uploaded a moment ago resolves at once.
 */
export class ResolveDocumentsQuery extends Query<ResolvedDocuments> {
  constructor(
    readonly institutionId: string,
    readonly references: readonly string[],
  ) {
    super();
  }
}

/** The resolved documents, or a 422 refusal naming every reference that is not the institution's upload. */
export function knownDocumentsOrRefuse({ documents, unknown }: ResolvedDocuments): AttachedDocument[] {
  if (unknown.length > 0) {
    throw new InvalidDataError('documents.unknown-reference', {
      en: `Not among your institution's uploaded documents: ${unknown.join(', ')}. Upload each first (POST /api/v1/documents) and refer to it by the SHA-256 the upload answered.`,
      'zh-CN': `以下文件不在本单位已上传的材料中：${unknown.join('、')}。请先上传（POST /api/v1/documents），再以上传返回的 SHA-256 引用。`,
    });
  }
  return documents;
}
