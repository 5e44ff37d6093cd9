import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssessmentPolicy } from '../domain/assessment-policy.js';
import builtin from './data/national-default-2026.1.json' with { type: 'json' };

/**
 * 考核政策文件: one policy file of a jurisdiction. A deployment (a province, a city) loads its own
 * files; each case records the version that governed it, and keeps it: a new version governs the
 * cases submitted from its effective date on, never the cases already running.
 */
export interface PolicyFile {
  jurisdiction: string;
  version: string;
  /** YYYY-MM-DD, China date: cases submitted on or after it are governed by this version. */
  effectiveFrom: string;
  source?: string;
  assessment: Omit<AssessmentPolicy, 'version'>;
}

export class PolicyFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`Policy file ${file} is refused: ${problems.join('; ')}`);
    this.name = 'PolicyFileError';
  }
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

/** The loaded policy versions of every jurisdiction. */
export class PolicyRegistry {
  private readonly byVersionMap = new Map<string, PolicyFile>();

  constructor(files: PolicyFile[]) {
    for (const file of files) {
      const known = this.byVersionMap.get(file.version);
      if (known && JSON.stringify(known) !== JSON.stringify(file)) throw new PolicyFileError(file.version, ['two different files carry this version; a version never changes once used']);
      this.byVersionMap.set(file.version, file);
    }
  }

  /** The version that governs a case submitted on `date` (YYYY-MM-DD, China) in the jurisdiction. */
  forNewCase(jurisdiction: string, date: string): AssessmentPolicy {
    const candidates = [...this.byVersionMap.values()]
      .filter((f) => f.jurisdiction === jurisdiction && f.effectiveFrom <= date)
      .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0));
    if (!candidates.length) throw new Error(`No assessment policy of jurisdiction "${jurisdiction}" is in effect on ${date}; load one (POLICY_DIR).`);
    return toPolicy(candidates[0]);
  }

  /** The version a running case recorded; it must stay loadable for as long as the case lives. */
  byVersion(version: string): AssessmentPolicy {
    const file = this.byVersionMap.get(version);
    if (!file) throw new Error(`Assessment policy version "${version}" governs a recorded case but is not loaded; restore its file (POLICY_DIR).`);
    return toPolicy(file);
  }
}

export const BUILTIN_POLICY: PolicyFile = builtin as PolicyFile;

/** The built-in national defaults plus every *.json policy file in `dir`, each validated. */
export function loadPolicies(dir?: string): PolicyRegistry {
  const files: PolicyFile[] = [BUILTIN_POLICY];
  for (const name of dir ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []) {
    const path = join(dir!, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new PolicyFileError(path, [`it is not valid JSON (${(error as Error).message})`]);
    }
    const problems = policyFileProblems(raw);
    if (problems.length) throw new PolicyFileError(path, problems);
    files.push(raw as PolicyFile);
  }
  return new PolicyRegistry(files);
}

export const ASSESSMENT_POLICIES = Symbol('AssessmentPolicies');
