import builtin from '../policy/data/national-default-2026.1.json' with { type: 'json' };

/**
 * 考核时限政策: the time limits that govern an assessment case. Every limit is a policy
 * setting with a default (shared/DOMAIN.md §1), never a constant in the rules; each case
 * records the version that governed it.
 */
export interface AssessmentPolicy {
  version: string;
  /** Working days for the authority to send one supplement notice before the application is deemed accepted. */
  acceptanceWorkingDays: number;
  /** Working days the applicant has to fix the nonconformities (some rules use 3 months). */
  rectificationWorkingDays: number;
  /** Certificate validity in years (5 under the 2020 measures, 4 under the older rule). */
  certificateValidityYears: number;
  /** The re-examination falls due this many months before the certificate's last valid day. */
  renewalLeadMonths: number;
  /** At most this many assessors per case (at least one). */
  maxAssessors: number;
  /** Working days the authority has to decide once the evaluation is concluded. */
  decisionWorkingDays: number;
  /** Working days by which the authority may extend the decision limit once, with its reasons. */
  decisionExtensionWorkingDays: number;
  /** A reminder goes out this many working days before a step's limit runs out (0: none). */
  reminderLeadWorkingDays: number;
  /** If no re-examination is filed this many months before the last valid day, the authority is told (0: never). */
  renewalEscalationLeadMonths: number;
}

/**
 * The built-in national defaults (src/standards/policy/data/national-default-2026.1.json), for
 * domain tests. The application takes each case's policy from the PolicyRegistry instead.
 */
export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = { version: builtin.version, ...builtin.assessment };
