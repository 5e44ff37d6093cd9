import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The head every policy file carries: whose it is, which version, from when it governs. */
export interface VersionedPolicyFile {
  jurisdiction: string;
  version: string;
  /** YYYY-MM-DD, China date: what starts on or after it is governed by this version. */
  effectiveFrom: string;
  source?: string;
}

export class PolicyFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`Policy file ${file} is refused: ${problems.join('; ')}`);
    this.name = 'PolicyFileError';
  }
}

/**
 * The loaded versions of one kind of policy (assessment, specification) of every jurisdiction. A
 * version never changes once used: two different files with one version are refused. New work takes
 * the version in effect on its start date; running work keeps the version it recorded.
 */
export class VersionedPolicies<F extends VersionedPolicyFile, P> {
  private readonly byVersionMap = new Map<string, F>();

  constructor(
    /** What governs what, for the messages: e.g. { policy: 'assessment policy', subject: 'case' }. */
    private readonly names: { policy: string; subject: string },
    files: F[],
    private readonly toPolicy: (file: F) => P,
  ) {
    for (const file of files) {
      const known = this.byVersionMap.get(file.version);
      if (known && JSON.stringify(known) !== JSON.stringify(file)) throw new PolicyFileError(file.version, ['two different files carry this version; a version never changes once used']);
      this.byVersionMap.set(file.version, file);
    }
  }

  /** The version of the jurisdiction in effect on `date` (YYYY-MM-DD, China): the latest effective on or before it. */
  inEffect(jurisdiction: string, date: string): P {
    const candidates = [...this.byVersionMap.values()]
      .filter((f) => f.jurisdiction === jurisdiction && f.effectiveFrom <= date)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom));
    if (!candidates.length) throw new Error(`No ${this.names.policy} of jurisdiction "${jurisdiction}" is in effect on ${date}; load one (POLICY_DIR).`);
    return this.toPolicy(candidates[0]);
  }

  /** The version a running case or project recorded; it must stay loadable for as long as it lives. */
  byVersion(version: string): P {
    const file = this.byVersionMap.get(version);
    if (!file) throw new Error(`${this.names.policy[0].toUpperCase()}${this.names.policy.slice(1)} version "${version}" governs a recorded ${this.names.subject} but is not loaded; restore its file (POLICY_DIR).`);
    return this.toPolicy(file);
  }
}

/**
 * Every *.json file of `dir` (in name order) that `applies` to this kind of policy, parsed and
 * checked by `problems`; a file that is not JSON, or has a problem, stops the loading naming each.
 */
export function readPolicyFiles<F>(dir: string | undefined, applies: (raw: unknown) => boolean, problems: (raw: unknown) => string[]): F[] {
  const files: F[] = [];
  for (const name of dir ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []) {
    const path = join(dir!, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new PolicyFileError(path, [`it is not valid JSON (${(error as Error).message})`]);
    }
    if (!applies(raw)) continue;
    const found = problems(raw);
    if (found.length) throw new PolicyFileError(path, found);
    files.push(raw as F);
  }
  return files;
}
