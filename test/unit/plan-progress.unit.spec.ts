import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMonths, computeProgress, gapOf, NOT_RECORDED, progressCsv, type ProgressInput } from '../../src/plan/domain/plan-progress.js';
import { BUILTIN_PLAN_TARGETS, DEFAULT_PLAN, loadPlanTargets, parsePlanTargets, PlanTargetsFileError, planTargetsProblems, type PlanTargets } from '../../src/plan/targets/plan-targets.js';
import { NotFoundError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

const withRows = (rows: unknown[]): unknown => ({ ...BUILTIN_PLAN_TARGETS, rows });
const row = (overrides: Record<string, unknown> = {}) => ({
  id: 'specifications-drafted-or-revised',
  label: { en: 'Specifications', 'zh-CN': '规范' },
  unit: '项',
  target: 10,
  measure: 'SPECIFICATIONS_PUBLISHED',
  clause: '一、主要目标',
  ...overrides,
});

describe('plan targets as configuration', () => {
  it("holds the seed plan's 2025 targets for the city, with a source and clause for each row", () => {
    expect(planTargetsProblems(BUILTIN_PLAN_TARGETS)).toEqual([]);
    expect(DEFAULT_PLAN).toEqual({ jurisdiction: 'jinhua', period: '2025' });
    expect(BUILTIN_PLAN_TARGETS.source).toContain('金政办发〔2023〕58号');
    expect(Object.fromEntries(BUILTIN_PLAN_TARGETS.rows.map((r) => [r.id, [r.target, r.measure]]))).toEqual({
      'specifications-drafted-or-revised': [10, 'SPECIFICATIONS_PUBLISHED'],
      'provincial-comparisons-led': [2, 'COMPARISONS_LED'],
      'standard-devices-developed': [2, 'NOT_RECORDED'],
      'public-standards-established-or-upgraded': [55, 'PUBLIC_STANDARDS_ESTABLISHED_OR_UPGRADED'],
      'high-level-standards': [10, 'NOT_RECORDED'],
      'provincial-industrial-test-centres': [1, 'NOT_RECORDED'],
      'registered-metrologists': [110, 'NOT_RECORDED'],
      'compulsory-verification-coverage': [100, 'NOT_RECORDED'],
      'county-basic-standards': [54, 'COUNTY_BASIC_STANDARDS'],
    });
    expect(BUILTIN_PLAN_TARGETS.divisions.filter((d) => d.level === 'COUNTY')).toHaveLength(9);
    expect(BUILTIN_PLAN_TARGETS.basicStandardFamilies).toHaveLength(6);
  });

  it('refuses a bad row, naming the row by its position and id', () => {
    expect(planTargetsProblems(withRows([row(), row({ id: 'comparisons-led', target: -2, measure: 'GUESSED' })]))).toEqual([
      'row 2 ("comparisons-led"): "target" must be a number of at least 0',
      `row 2 ("comparisons-led"): "measure" must be one of SPECIFICATIONS_PUBLISHED, COMPARISONS_LED, PUBLIC_STANDARDS_ESTABLISHED_OR_UPGRADED, COUNTY_BASIC_STANDARDS, NOT_RECORDED`,
    ]);
    expect(planTargetsProblems(withRows([row(), row()]))).toEqual(['row 2 ("specifications-drafted-or-revised"): "id" is used by an earlier row']);
    expect(planTargetsProblems(withRows([row({ label: { en: 'only English' }, clause: '', actual: 7 })]))).toEqual([
      'row 1 ("specifications-drafted-or-revised"): "label" needs both "en" and "zh-CN"',
      'row 1 ("specifications-drafted-or-revised"): "clause" must name the clause of the source that sets the target',
      'row 1 ("specifications-drafted-or-revised"): "actual" is not a known field',
    ]);
    expect(planTargetsProblems(withRows([]))).toEqual(['"rows" must list at least one target']);
    expect(planTargetsProblems({ ...BUILTIN_PLAN_TARGETS, from: '2026-01-01', until: '2025-12-31' })).toEqual(['"from" must not be after "until"']);
  });

  it('refuses a file that is not JSON, and loads a valid one from a folder beside the built-in targets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-targets-'));
    try {
      const refused = thrownBy(() => parsePlanTargets('{"rows": [', 'broken.json'), PlanTargetsFileError);
      expect(refused.message).toMatch(/^Plan targets file broken\.json is refused: it is not valid JSON/);

      writeFileSync(join(dir, 'bad.json'), JSON.stringify(withRows([row({ unit: '' })])));
      const bad = thrownBy(() => loadPlanTargets(dir), PlanTargetsFileError);
      expect(bad.file).toBe(join(dir, 'bad.json'));
      expect(bad.problems).toEqual(['row 1 ("specifications-drafted-or-revised"): "unit" is required']);

      rmSync(join(dir, 'bad.json'));
      writeFileSync(join(dir, 'jinhua-2026.json'), JSON.stringify({ ...BUILTIN_PLAN_TARGETS, period: '2026', from: '2026-01-01', until: '2026-12-31', rows: [row({ target: 3 })] }));
      const registry = loadPlanTargets(dir);
      expect(registry.pick('jinhua', '2026').rows.map((r) => r.target)).toEqual([3]);
      expect(registry.pick('jinhua', '2025')).toBe(BUILTIN_PLAN_TARGETS);
      const missing = thrownBy(() => registry.pick('hangzhou', '2025'), NotFoundError);
      expect(missing.message).toContain('No plan targets are loaded for jurisdiction "hangzhou" and period "2025"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('progress against the plan', () => {
  const CITY_LAB = 'city-lab';
  const YIWU = 'yiwu-institute';
  const LANXI = 'lanxi-institute';
  const HANGZHOU = 'hangzhou-lab';
  const targets: PlanTargets = BUILTIN_PLAN_TARGETS;
  const input = (overrides: Partial<ProgressInput> = {}): ProgressInput => ({
    targets,
    cases: [],
    specifications: [],
    comparisons: [],
    overdue: [],
    institutions: [
      { institutionId: CITY_LAB, division: '330700' },
      { institutionId: YIWU, division: '330782' },
      { institutionId: LANXI, division: '330781' },
      { institutionId: HANGZHOU, division: '330100' },
    ],
    standards: [],
    today: '2025-06-30',
    ...overrides,
  });
  const std = (caseId: string, institutionId: string, kind: 'NEW' | 'UPGRADE' | 'RE_EXAMINATION' | 'CHANGE', approvedOn?: string, category: 'PUBLIC' | 'ENTERPRISE_HIGHEST' = 'PUBLIC') => ({
    caseId,
    kind,
    category,
    institutionId,
    standardName: `standard ${caseId}`,
    ...(approvedOn ? { approvedOn } : {}),
  });
  const rowOf = (report: ReturnType<typeof computeProgress>, id: string) => report.rows.find((r) => r.id === id)!;

  it('gives the gap as what is still missing, never below 0, and none where the actual is not recorded', () => {
    expect(gapOf(55, 2)).toBe(53);
    expect(gapOf(2, 3)).toBe(0);
    expect(gapOf(100, null)).toBeNull();
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-06-30', 6)).toBe('2025-12-30');
  });

  it('counts approved NEW and UPGRADE cases of public standards in the period, of institutions of the jurisdiction, by county and category', () => {
    const report = computeProgress(
      input({
        cases: [
          std('c1', YIWU, 'NEW', '2025-03-01'),
          std('c2', LANXI, 'UPGRADE', '2024-11-11'),
          std('c3', LANXI, 'NEW', '2025-04-01', 'ENTERPRISE_HIGHEST'),
          std('c4', YIWU, 'RE_EXAMINATION', '2025-05-01'), // a renewal establishes nothing
          std('c5', HANGZHOU, 'NEW', '2025-05-01'), // another city
          std('c6', YIWU, 'NEW'), // not approved
          std('c7', YIWU, 'NEW', '2022-12-31'), // before the period
          std('c8', 'unregistered-lab', 'NEW', '2025-02-02'),
        ],
      }),
    );
    expect(rowOf(report, 'public-standards-established-or-upgraded')).toMatchObject({ target: 55, actual: 2, gap: 53, breakdown: { established: 1, upgraded: 1 } });
    expect(report.standardsByCountyAndCategory).toEqual([
      { division: '330781', county: { en: 'Lanxi', 'zh-CN': '兰溪市' }, category: 'ENTERPRISE_HIGHEST', established: 1, upgraded: 0 },
      { division: '330781', county: { en: 'Lanxi', 'zh-CN': '兰溪市' }, category: 'PUBLIC', established: 0, upgraded: 1 },
      { division: '330782', county: { en: 'Yiwu', 'zh-CN': '义乌市' }, category: 'PUBLIC', established: 1, upgraded: 0 },
    ]);
    expect(report.unattributed).toEqual({ standards: 1, specifications: 0, comparisons: 0 });
  });

  it('counts published specifications drafted in the jurisdiction (drafted and revised) and published comparisons it piloted', () => {
    const report = computeProgress(
      input({
        specifications: [
          { projectId: 's1', drafterInstitutionId: CITY_LAB, revision: false, publishedOn: '2025-02-01' },
          { projectId: 's2', drafterInstitutionId: YIWU, revision: true, publishedOn: '2025-02-01' },
          { projectId: 's3', drafterInstitutionId: HANGZHOU, revision: false, publishedOn: '2025-02-01' },
          { projectId: 's4', drafterInstitutionId: CITY_LAB, revision: false },
        ],
        comparisons: [
          { comparisonId: 'k1', title: 'k1', pilotInstitutionId: CITY_LAB, publishedOn: '2025-05-05' },
          { comparisonId: 'k2', title: 'k2', pilotInstitutionId: HANGZHOU, publishedOn: '2025-05-05' },
          { comparisonId: 'k3', title: 'k3', pilotInstitutionId: CITY_LAB },
        ],
      }),
    );
    expect(rowOf(report, 'specifications-drafted-or-revised')).toMatchObject({ target: 10, actual: 2, gap: 8, breakdown: { drafted: 1, revised: 1 } });
    expect(rowOf(report, 'provincial-comparisons-led')).toMatchObject({ target: 2, actual: 1, gap: 1, breakdown: { [CITY_LAB]: 1 } });
  });

  it('reports what the system does not record as null, never as a number', () => {
    const report = computeProgress(input());
    for (const id of ['registered-metrologists', 'provincial-industrial-test-centres', 'compulsory-verification-coverage', 'high-level-standards', 'standard-devices-developed']) {
      expect(rowOf(report, id)).toMatchObject({ actual: null, gap: null, source: NOT_RECORDED });
    }
    expect(rowOf(report, 'high-level-standards').note?.en).toContain('does not record');
  });

  it("lists certificates expiring within 6 months, the county institutes' basic standards held, and overdue steps by party and step", () => {
    const standard = (id: string, institutionId: string, name: string, validUntil: string, status = 'VALID') => ({ id, name, measurand: 'pressure', category: 'PUBLIC' as const, institutionId, certificateNo: `no-${id}`, validUntil, status });
    const report = computeProgress(
      input({
        standards: [
          standard('a', YIWU, '血压计检定装置', '2025-09-01'),
          standard('b', YIWU, 'Pressure gauge verification standard', '2025-12-30'), // the horizon day itself is out
          standard('c', LANXI, 'Sphygmomanometer standard', '2025-07-01', 'EXPIRED'),
          standard('d', HANGZHOU, 'Sphygmomanometer standard', '2025-07-01'),
          standard('e', LANXI, 'Water meter standard', '2030-01-01', 'RENEWAL_DUE'),
        ],
        overdue: [
          { id: 'o1', step: 'ASSESSMENT_DECISION', party: 'AUTHORITY', subjectId: 'case-1', institutionId: YIWU, dueAt: '2025-05-01T15:59:59.999Z', recordedOn: '2025-05-02' },
          { id: 'o2', step: 'COMPARISON_LEG', party: 'PARTICIPANT', subjectId: 'k1', institutionId: HANGZHOU, pilotInstitutionId: CITY_LAB, dueAt: '2025-04-01T16:00:00.000Z', recordedOn: '2025-04-02' },
          { id: 'o3', step: 'COMPARISON_LEG', party: 'PARTICIPANT', subjectId: 'k9', institutionId: HANGZHOU, pilotInstitutionId: HANGZHOU, dueAt: '2025-04-01T16:00:00.000Z', recordedOn: '2025-04-02' },
        ],
      }),
    );
    expect(report.expiringCertificates.map((c) => [c.standardId, c.validUntil, c.division])).toEqual([['a', '2025-09-01', '330782']]);
    expect(report.basicStandardsByCounty.find((r) => r.division === '330782')!.families).toMatchObject({ 'blood-pressure-meters': ['a'], 'pressure-gauges': ['b'], 'utility-meters': [] });
    expect(report.basicStandardsByCounty.find((r) => r.division === '330781')!.families).toMatchObject({ 'blood-pressure-meters': [], 'utility-meters': ['e'] });
    expect(rowOf(report, 'county-basic-standards')).toMatchObject({ target: 54, actual: 3, gap: 51 });
    expect(report.overdueSteps).toEqual([
      { step: 'ASSESSMENT_DECISION', party: 'AUTHORITY', count: 1, items: [{ subjectId: 'case-1', institutionId: YIWU, dueAt: '2025-05-01T15:59:59.999Z', recordedOn: '2025-05-02' }] },
      { step: 'COMPARISON_LEG', party: 'PARTICIPANT', count: 1, items: [{ subjectId: 'k1', institutionId: HANGZHOU, dueAt: '2025-04-01T16:00:00.000Z', recordedOn: '2025-04-02' }] },
    ]);
  });

  it('writes the rows as CSV with a BOM and zh-CN headings, leaving unrecorded actuals empty', () => {
    const csv = progressCsv(computeProgress(input({ comparisons: [{ comparisonId: 'k1', title: 'k1', pilotInstitutionId: CITY_LAB, publishedOn: '2025-05-05' }] })));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('指标,目标值,实际值,差距,数据来源');
    expect(lines[2]).toMatch(/^主导省级计量比对（次）,2,1,1,"?由本系统事件计算/);
    expect(lines[7]).toBe('注册计量师执业人数（名）,110,,,本系统未记录（not recorded by this system）');
    expect(lines).toHaveLength(BUILTIN_PLAN_TARGETS.rows.length + 2);
  });
});
