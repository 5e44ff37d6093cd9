import { Query } from '@nestjs/cqrs';
import type { AssignmentVerdict } from '../domain/conflict-of-interest.js';

export type ConflictCheckResult = AssignmentVerdict & {
  expertId: string;
  institutionId: string;
  discipline: string;
  caseId?: string;
  /** The day the check was made for. */
  on: string;
  policyVersion: string;
};

/** Would assigning the expert to a case of the institution, in the discipline, on the day, be allowed? */
export class CheckConflictQuery extends Query<ConflictCheckResult> {
  constructor(
    readonly expertId: string,
    readonly assignment: { institutionId: string; discipline: string; caseId?: string },
    /** YYYY-MM-DD; today in China when absent. */
    readonly on?: string,
  ) {
    super();
  }
}
