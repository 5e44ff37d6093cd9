import type { Fraction } from '../../../events/specification.events.js';
import { readPolicyFiles, VersionedPolicies, type VersionedPolicyFile } from '../../shared/versioned-policies.js';
import type { SpecificationPolicy } from '../domain/specification-policy.js';
import builtin from './data/national-default-2026.1.json' with { type: 'json' };

/**
 * 规范管理政策文件: the `specification` section of a jurisdiction's policy file (the same files in
 * POLICY_DIR as the assessment policy). Each project records the version that governed its
 * proposal and keeps it to its end; a new version governs projects proposed from its effective date on.
 */
export interface SpecificationPolicyFile extends VersionedPolicyFile {
  specification: Omit<SpecificationPolicy, 'version'>;
}

const WHOLE_NUMBERS: Record<Exclude<keyof SpecificationPolicyFile['specification'], 'quorum' | 'passFraction' | 'numberPattern'>, [number, number]> = {
  publicNoticeDays: [1, 365],
  projectLimitYears: [1, 10],
  projectLimitReminderDays: [0, 365],
  commentPeriodDays: [1, 365],
  reviewNoticeDays: [0, 365],
  periodicReviewYears: [1, 20],
};
const FRACTIONS = ['quorum', 'passFraction'] as const;

const isFraction = (value: unknown): value is Fraction => {
  const f = value as Fraction;
  return typeof f === 'object' && f !== null && Number.isInteger(f.numerator) && Number.isInteger(f.denominator) && f.numerator >= 1 && f.denominator >= f.numerator;
};

/** Every problem with a file's `specification` section; empty when it may be loaded. */
export function specificationPolicyProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return ['the file must hold a JSON object'];
  const file = raw as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of ['jurisdiction', 'version', 'effectiveFrom']) if (typeof file[key] !== 'string' || !file[key]) problems.push(`"${key}" is required`);
  if (typeof file.effectiveFrom === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(file.effectiveFrom)) problems.push('"effectiveFrom" must be a date YYYY-MM-DD');
  const section = file.specification as Record<string, unknown> | undefined;
  if (typeof section !== 'object' || section === null) return [...problems, '"specification" is required'];
  for (const [key, [min, max]] of Object.entries(WHOLE_NUMBERS)) {
    const value = section[key];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) problems.push(`"specification.${key}" must be a whole number from ${min} to ${max}`);
  }
  for (const key of FRACTIONS) {
    if (!isFraction(section[key])) problems.push(`"specification.${key}" must be a fraction { "numerator", "denominator" } between 0 and 1, e.g. { "numerator": 2, "denominator": 3 }`);
  }
  if (typeof section.numberPattern !== 'string') problems.push('"specification.numberPattern" must be a regular expression');
  else {
    try {
      new RegExp(section.numberPattern, 'u');
      if (!section.numberPattern.endsWith('\\d{4}$')) problems.push('"specification.numberPattern" must end with the four digits of the year (\\d{4}$)');
    } catch (error) {
      problems.push(`"specification.numberPattern" is not a regular expression (${(error as Error).message})`);
    }
  }
  const known = new Set<string>([...Object.keys(WHOLE_NUMBERS), ...FRACTIONS, 'numberPattern']);
  for (const key of Object.keys(section)) if (!known.has(key)) problems.push(`"specification.${key}" is not a known setting`);
  return problems;
}

const toPolicy = (file: SpecificationPolicyFile): SpecificationPolicy => ({ version: file.version, ...file.specification });

/** The loaded specification policy versions of every jurisdiction. */
export class SpecificationPolicyRegistry extends VersionedPolicies<SpecificationPolicyFile, SpecificationPolicy> {
  constructor(files: SpecificationPolicyFile[]) {
    super({ policy: 'specification policy', subject: 'project' }, files, toPolicy);
  }

  /** The version that governs a project proposed on `date` (YYYY-MM-DD, China) in the jurisdiction. */
  forNewProject(jurisdiction: string, date: string): SpecificationPolicy {
    return this.inEffect(jurisdiction, date);
  }
}

export const BUILTIN_SPECIFICATION_POLICY = builtin as SpecificationPolicyFile;

/**
 * The built-in national defaults plus the `specification` section of every *.json policy file in
 * `dir` that has one (a file may carry only the assessment policy), each validated.
 */
export function loadSpecificationPolicies(dir?: string): SpecificationPolicyRegistry {
  const applies = (raw: unknown) => typeof raw !== 'object' || raw === null || 'specification' in raw;
  return new SpecificationPolicyRegistry([BUILTIN_SPECIFICATION_POLICY, ...readPolicyFiles<SpecificationPolicyFile>(dir, applies, specificationPolicyProblems)]);
}

export const SPECIFICATION_POLICIES = Symbol('SpecificationPolicies');
