import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_POLICY, loadPolicies, PolicyFileError, policyFileProblems, PolicyRegistry, type PolicyFile } from '../../src/standards/policy/policy-registry.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { thrownBy } from '../support/thrown.js';

const zhejiang = (version: string, effectiveFrom: string, rectificationWorkingDays: number): PolicyFile => ({
  jurisdiction: 'zhejiang',
  version: `zhejiang/${version}`,
  effectiveFrom,
  assessment: { ...BUILTIN_POLICY.assessment, rectificationWorkingDays },
});

describe('assessment policy as versioned data', () => {
  it('takes the built-in national defaults of DOMAIN.md', () => {
    expect(DEFAULT_ASSESSMENT_POLICY).toEqual({
      version: 'national-default/2026.1',
      acceptanceWorkingDays: 5,
      rectificationWorkingDays: 15,
      certificateValidityYears: 5,
      renewalLeadMonths: 6,
      maxAssessors: 2,
      decisionWorkingDays: 10,
      decisionExtensionWorkingDays: 10,
      reminderLeadWorkingDays: 2,
      renewalEscalationLeadMonths: 3,
    });
    expect(loadPolicies().forNewCase('national-default', '2026-11-27')).toEqual(DEFAULT_ASSESSMENT_POLICY);
  });

  it('gives a new case the version in effect on its submission day, and a running case the version it recorded', () => {
    const registry = new PolicyRegistry([BUILTIN_POLICY, zhejiang('2026.1', '2026-01-01', 15), zhejiang('2027.1', '2027-03-01', 60)]);
    expect(registry.forNewCase('zhejiang', '2027-02-28').version).toBe('zhejiang/2026.1');
    expect(registry.forNewCase('zhejiang', '2027-03-01')).toMatchObject({ version: 'zhejiang/2027.1', rectificationWorkingDays: 60 });
    // A case submitted under 2026.1 keeps it after 2027.1 takes effect.
    expect(registry.byVersion('zhejiang/2026.1').rectificationWorkingDays).toBe(15);
    expect(() => registry.forNewCase('zhejiang', '2025-12-31')).toThrow(/No assessment policy of jurisdiction "zhejiang" is in effect on 2025-12-31/);
    expect(() => registry.byVersion('zhejiang/2020.1')).toThrow(/not loaded/);
    expect(() => new PolicyRegistry([zhejiang('2026.1', '2026-01-01', 15), zhejiang('2026.1', '2026-01-01', 20)])).toThrow(PolicyFileError);
  });

  it('loads a jurisdiction from POLICY_DIR and names every problem of a malformed file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrology-policy-'));
    try {
      writeFileSync(join(dir, 'zhejiang-2026.1.json'), JSON.stringify(zhejiang('2026.1', '2026-01-01', 20)));
      expect(loadPolicies(dir).forNewCase('zhejiang', '2026-06-01').rectificationWorkingDays).toBe(20);
      writeFileSync(join(dir, 'broken.json'), JSON.stringify({ jurisdiction: 'zhejiang', version: 'jiangsu/1', effectiveFrom: '1 March', assessment: { acceptanceWorkingDays: 0, extra: 1 } }));
      const error = thrownBy(() => loadPolicies(dir), PolicyFileError);
      expect(error.problems).toEqual(
        expect.arrayContaining([
          '"version" must start with the jurisdiction, e.g. "zhejiang/2027.1"',
          '"effectiveFrom" must be a date YYYY-MM-DD',
          '"assessment.acceptanceWorkingDays" must be a whole number from 1 to 60',
          '"assessment.rectificationWorkingDays" must be a whole number from 1 to 250',
          '"assessment.extra" is not a known setting',
        ]),
      );
      expect(policyFileProblems(BUILTIN_POLICY)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
