import { Query } from '@nestjs/cqrs';
import type { StandardCategory } from '../../../events/assessment.events.js';
import type { Actor } from '../../identity/roles.js';
import type { RegistryStatus, StandardRegistryView } from '../projections/standards-registry.projection.js';

/** The registry's filters; each one given narrows the list. */
export interface StandardsFilter {
  status?: RegistryStatus;
  category?: StandardCategory;
  institutionId?: string;
  /** Only standards whose current certificate's last valid day is before this day (YYYY-MM-DD). */
  expiringBefore?: string;
  /** Only standards with (true) or without (false) an open follow-up of an unsatisfactory comparison outcome. */
  comparisonFollowUpOpen?: boolean;
}

/** The standards registry rows visible to the actor (an institution: its own). */
export class ListStandardsQuery extends Query<StandardRegistryView[]> {
  constructor(
    readonly actor: Actor,
    readonly filter: StandardsFilter = {},
  ) {
    super();
  }
}

/** One standard lineage by the case that issued its first certificate. */
export class GetStandardQuery extends Query<StandardRegistryView> {
  constructor(
    readonly id: string,
    readonly actor: Actor,
  ) {
    super();
  }
}
