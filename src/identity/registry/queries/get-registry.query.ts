import { Query } from '@nestjs/cqrs';
import type { ExpertView, InstitutionView } from '../projections/registry.projection.js';

/** One institution as the registry's read model holds it. */
export class GetInstitutionQuery extends Query<InstitutionView> {
  constructor(readonly institutionId: string) {
    super();
  }
}

export class ListInstitutionsQuery extends Query<InstitutionView[]> {}

/** One expert, with qualifications, affiliations and declared interests. */
export class GetExpertQuery extends Query<ExpertView> {
  constructor(readonly expertId: string) {
    super();
  }
}

export class ListExpertsQuery extends Query<ExpertView[]> {}
