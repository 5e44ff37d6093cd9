import builtin from '../policy/data/national-default-2026.1.json' with { type: 'json' };
import type { Fraction } from '../../../events/specification.events.js';

/**
 * 地方计量技术规范管理政策: the periods, fractions and number format that govern a local technical
 * specification project. Every number is a policy setting with a default (shared/DOMAIN.md §3),
 * never a constant in the rules; each project records the version that governed it.
 */
export interface SpecificationPolicy {
  version: string;
  /** Calendar days the proposed project is publicly noticed before it may be planned ("≥ 1 month"). */
  publicNoticeDays: number;
  /** Years within which a planned project should be finished. */
  projectLimitYears: number;
  /** Calendar days before the project limit the drafting institution is reminded of it. */
  projectLimitReminderDays: number;
  /** Calendar days the consultation draft is open for comments, at least. */
  commentPeriodDays: number;
  /** Calendar days the review draft must reach the reviewers before the meeting, at least ("one month"). */
  reviewNoticeDays: number;
  /** Present members needed for a quorum, as a fraction of all committee members. */
  quorum: Fraction;
  /** Yes votes needed to pass, as a fraction of the members present who may vote. */
  passFraction: Fraction;
  /** The jurisdiction's specification number format; its last four digits are the publication year. */
  numberPattern: string;
  /** Years after publication (or the last confirmation) a periodic review falls due. */
  periodicReviewYears: number;
}

/**
 * The built-in national defaults (src/specifications/policy/data/national-default-2026.1.json),
 * for domain tests and as the policy of a deployment that loads no file of its own.
 */
export const DEFAULT_SPECIFICATION_POLICY: SpecificationPolicy = { version: builtin.version, ...builtin.specification };
