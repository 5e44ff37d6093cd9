import { Query } from '@nestjs/cqrs';

/** May this expert read this document: is he assigned to a case that has it attached? */
export class AssessorDocumentAccessQuery extends Query<boolean> {
  constructor(
    readonly expertId: string,
    readonly sha256: string,
  ) {
    super();
  }
}
