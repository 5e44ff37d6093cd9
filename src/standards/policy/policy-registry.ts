import type { AssessmentPolicy } from '../domain/assessment-policy.js';
import { readPolicyFiles, VersionedPolicies, type VersionedPolicyFile } from '../../shared/versioned-policies.js';
import builtin from './data/national-default-2026.1.json' with { type: 'json' };

export { PolicyFileError } from '../../shared/versioned-policies.js';

/**
 * 考核政策文件: one policy file of a jurisdiction. A deployment (a province, a city) loads its own
 * files; each case records the version that governed it, and keeps it: a new version governs the
 * cases submitted from its effective date on, never the cases already running.
 */
export interface PolicyFile extends VersionedPolicyFile {
  assessment: Omit<AssessmentPolicy, 'version'>;
}

const LIMITS: Record<keyof PolicyFile['assessment'], [number, number]> = {
  acceptanceWorkingDays: [1, 60],
  rectificationWorkingDays: [1, 250],
  certificateValidityYears: [1, 10],
  renewalLeadMonths: [1, 24],
  maxAssessors: [1, 10],
  decisionWorkingDays: [1, 60],
  decisionExtensionWorkingDays: [0, 60],
  reminderLeadWorkingDays: [0, 20],
  renewalEscalationLeadMonths: [0, 24],
};

/** Every problem with a parsed policy file; empty when it may be loaded. */
export function policyFileProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return ['the file must hold a JSON object'];
  const file = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['jurisdiction', 'version', 'effectiveFrom']) if (typeof file[key] !== 'string' || !file[key]) problems.push(`"${key}" is required`);
  if (typeof file.version === 'string' && typeof file.jurisdiction === 'string' && !file.version.startsWith(`${file.jurisdiction}/`)) {
    problems.push(`"version" must start with the jurisdiction, e.g. "${file.jurisdiction}/2027.1"`);
  }
  if (typeof file.effectiveFrom === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(file.effectiveFrom)) problems.push('"effectiveFrom" must be a date YYYY-MM-DD');
  const assessment = file.assessment as Record<string, unknown> | undefined;
  if (typeof assessment !== 'object' || assessment === null) return [...problems, '"assessment" is required'];
  for (const [key, [min, max]] of Object.entries(LIMITS)) {
    const value = assessment[key];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) problems.push(`"assessment.${key}" must be a whole number from ${min} to ${max}`);
  }
  for (const key of Object.keys(assessment)) if (!(key in LIMITS)) problems.push(`"assessment.${key}" is not a known setting`);
  return problems;
}

const toPolicy = (file: PolicyFile): AssessmentPolicy => ({ version: file.version, ...file.assessment });

/** The loaded assessment policy versions of every jurisdiction. */
export class PolicyRegistry extends VersionedPolicies<PolicyFile, AssessmentPolicy> {
  constructor(files: PolicyFile[]) {
    super({ policy: 'assessment policy', subject: 'case' }, files, toPolicy);
  }

  /** The version that governs a case submitted on `date` (YYYY-MM-DD, China) in the jurisdiction. */
  forNewCase(jurisdiction: string, date: string): AssessmentPolicy {
    return this.inEffect(jurisdiction, date);
  }
}

export const BUILTIN_POLICY: PolicyFile = builtin as PolicyFile;

/** The built-in national defaults plus every *.json policy file in `dir`, each validated. */
export function loadPolicies(dir?: string): PolicyRegistry {
  return new PolicyRegistry([BUILTIN_POLICY, ...readPolicyFiles<PolicyFile>(dir, () => true, policyFileProblems)]);
}

export const ASSESSMENT_POLICIES = Symbol('AssessmentPolicies');
