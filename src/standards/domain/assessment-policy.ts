/**
 * 考核时限政策: the time limits that govern an assessment case. Every limit is a policy
 * setting with a default (shared/DOMAIN.md §1), never a constant in the rules; each case
 * records the version that governed it.
 */
export interface AssessmentPolicy {
  version: string;
  /** Working days for the authority to send one supplement notice before the application is deemed accepted. */
  acceptanceWorkingDays: number;
}

export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = {
  version: 'national-default/2026.1',
  acceptanceWorkingDays: 5,
};
