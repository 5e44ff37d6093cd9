import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../identity/roles.js';
import type { AssessmentCaseView } from '../projections/assessment-cases.projection.js';

/** One case as the read model holds it; an institution sees only its own cases. */
export class GetAssessmentCaseQuery extends Query<AssessmentCaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The cases visible to the actor. */
export class ListAssessmentCasesQuery extends Query<AssessmentCaseView[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}
