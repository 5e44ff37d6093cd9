import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../identity/roles.js';
import type { AssessmentCaseView } from '../projections/assessment-cases.projection.js';
import type { CaseFilter, Task } from './case-work.js';

/** One case as the read model holds it; an institution sees only its own cases. */
export class GetAssessmentCaseQuery extends Query<AssessmentCaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The cases visible to the actor that pass the filter. */
export class ListAssessmentCasesQuery extends Query<AssessmentCaseView[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: CaseFilter = {},
  ) {
    super();
  }
}

/** The actor's task inbox: what he must do, on which case, by when. */
export class GetInboxQuery extends Query<Task[]> {
  constructor(readonly actor: Actor) {
    super();
  }
}
