import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Fraction } from '../../../events/specification.events.js';
import { PolicyFileError } from '../../standards/policy/policy-registry.js';
import type { SpecificationPolicy } from '../domain/specification-policy.js';
import builtin from './data/national-default-2026.1.json' with { type: 'json' };

/**
 * 规范管理政策文件: the `specification` section of a jurisdiction's policy file (the same files in
 * POLICY_DIR as the assessment policy). Each project records the version that governed its
 * proposal and keeps it to its end; a new version governs projects proposed from its effective date on.
 */
export interface SpecificationPolicyFile {
  jurisdiction: string;
  version: string;
  /** YYYY-MM-DD, China date: projects proposed on or after it are governed by this version. */
  effectiveFrom: string;
  source?: string;
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
export class SpecificationPolicyRegistry {
  private readonly byVersionMap = new Map<string, SpecificationPolicyFile>();

  constructor(files: SpecificationPolicyFile[]) {
    for (const file of files) {
      const known = this.byVersionMap.get(file.version);
      if (known && JSON.stringify(known) !== JSON.stringify(file)) throw new PolicyFileError(file.version, ['two different files carry this version; a version never changes once used']);
      this.byVersionMap.set(file.version, file);
    }
  }

  /** The version that governs a project proposed on `date` (YYYY-MM-DD, China) in the jurisdiction. */
  forNewProject(jurisdiction: string, date: string): SpecificationPolicy {
    const candidates = [...this.byVersionMap.values()]
      .filter((f) => f.jurisdiction === jurisdiction && f.effectiveFrom <= date)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
    if (!candidates.length) throw new Error(`No specification policy of jurisdiction "${jurisdiction}" is in effect on ${date}; load one (POLICY_DIR).`);
    return toPolicy(candidates[0]);
  }

  /** The version a project recorded at its proposal; it must stay loadable for as long as the project lives. */
  byVersion(version: string): SpecificationPolicy {
    const file = this.byVersionMap.get(version);
    if (!file) throw new Error(`Specification policy version "${version}" governs a recorded project but is not loaded; restore its file (POLICY_DIR).`);
    return toPolicy(file);
  }
}

export const BUILTIN_SPECIFICATION_POLICY = builtin as SpecificationPolicyFile;

/**
 * The built-in national defaults plus the `specification` section of every *.json policy file in
 * `dir` that has one (a file may carry only the assessment policy), each validated.
 */
export function loadSpecificationPolicies(dir?: string): SpecificationPolicyRegistry {
  const files: SpecificationPolicyFile[] = [BUILTIN_SPECIFICATION_POLICY];
  for (const name of dir ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []) {
    const path = join(dir!, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new PolicyFileError(path, [`it is not valid JSON (${(error as Error).message})`]);
    }
    if (typeof raw === 'object' && raw !== null && !('specification' in raw)) continue;
    const problems = specificationPolicyProblems(raw);
    if (problems.length) throw new PolicyFileError(path, problems);
    files.push(raw as SpecificationPolicyFile);
  }
  return new SpecificationPolicyRegistry(files);
}

export const SPECIFICATION_POLICIES = Symbol('SpecificationPolicies');
