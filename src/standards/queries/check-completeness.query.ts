import { Query } from '@nestjs/cqrs';
import type { AssessmentKind } from '../../../events/assessment.events.js';
import type { CompletenessReport } from '../domain/required-documents.js';

/** 材料完整性检查: would these documents of the institution make an application of this kind complete? */
export class CheckCompletenessQuery extends Query<CompletenessReport> {
  constructor(
    readonly institutionId: string,
    readonly kind: AssessmentKind,
    readonly references: readonly string[],
  ) {
    super();
  }
}
