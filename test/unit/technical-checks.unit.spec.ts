import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/shared/domain-error.js';
import {
  repeatability,
  stability,
  uncertaintyBudget,
  verificationOfResults,
  type StabilityGroup,
  type StabilityInput,
  type TechnicalCheckRecord,
} from '../../src/standards/domain/technical-checks.js';
import { thrownBy } from '../support/thrown.js';

const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);
const mm = (value: number) => ({ value, unit: 'mm' });

describe('technical checks: repeatability (重复性)', () => {
  // Deviations from 10.00, in units of 0.01 mm: 1, 2, −1, 0, 1, 3, −2, 0, 2, 1 → sum 7 → x̄ = 10.007 mm.
  // Σd² = 1+4+1+0+1+9+4+0+4+1 = 25, so Σ(x_i − x̄)² = (25 − 10·0.7²)·10⁻⁴ = 20.1·10⁻⁴ mm².
  // s = sqrt(20.1·10⁻⁴ / 9) = 0.01·sqrt(2.2333…) = 0.014944341180973263 mm (bc, 25 digits).
  const readings = { values: [10.01, 10.02, 9.99, 10.0, 10.01, 10.03, 9.98, 10.0, 10.02, 10.01], unit: 'mm' };
  const expectedS = 0.0149443411809732627;

  it('computes the mean and the experimental standard deviation of 10 readings, and passes below the declared component', () => {
    // given the repeatability component of the budget is 0.015 mm
    // when the check runs
    const record = repeatability({ readings, declaredComponent: mm(0.015) });
    // then the record carries inputs, formula and full-precision result, and passes
    expect(record.check).toBe('repeatability');
    expect(record.formula).toBe('s = sqrt(Σ(x_i − x̄)² / (n − 1))');
    expect(record.inputs).toEqual({ readings, declaredComponent: mm(0.015) });
    expect(record.result.n).toBe(10);
    expect(record.result.unit).toBe('mm');
    expect(record.result.mean).toBeCloseTo(10.007, 12);
    expect(record.result.s).toBeCloseTo(expectedS, 14);
    expect(record.pass).toBe(true);
    expect(record.limit).toEqual({ value: 0.015, unit: 'mm', passWhen: 's <= declared repeatability component' });
  });

  it('fails when s exceeds the declared component, and passes when s equals it exactly', () => {
    expect(repeatability({ readings, declaredComponent: mm(0.0149) }).pass).toBe(false);
    const s = repeatability({ readings, declaredComponent: mm(1) }).result.s;
    expect(repeatability({ readings, declaredComponent: mm(s) }).pass).toBe(true);
  });

  it('refuses fewer than 10 readings, saying how many were given', () => {
    const refusal = refusalOf(() => repeatability({ readings: { values: readings.values.slice(0, 7), unit: 'mm' }, declaredComponent: mm(0.015) }));
    expect(refusal.code).toBe('technical.too-few-readings');
    expect(refusal.text.en).toBe('Repeatability needs at least 10 readings; 7 were given.');
    expect(refusal.text['zh-CN']).toBe('重复性检验至少需要 10 个测得值，现有 7 个。');
  });

  it('refuses a declared component in another unit than the readings', () => {
    const refusal = refusalOf(() => repeatability({ readings, declaredComponent: { value: 15, unit: 'µm' } }));
    expect(refusal.code).toBe('technical.unit-mismatch');
    expect(refusal.text.en).toContain('"µm"');
    expect(refusal.text['zh-CN']).toContain('同一单位');
  });

  it('refuses a non-finite reading and a negative or non-finite declared component', () => {
    const withNaN = { values: [...readings.values.slice(0, 9), Number.NaN], unit: 'mm' };
    const notFinite = refusalOf(() => repeatability({ readings: withNaN, declaredComponent: mm(0.015) }));
    expect(notFinite.code).toBe('technical.not-finite');
    expect(notFinite.text.en).toContain('Reading 10');
    expect(refusalOf(() => repeatability({ readings, declaredComponent: mm(Number.POSITIVE_INFINITY) })).code).toBe('technical.not-finite');
    expect(refusalOf(() => repeatability({ readings, declaredComponent: mm(-0.015) })).code).toBe('technical.negative-uncertainty');
  });

  it('refuses readings that overflow the computation rather than recording Infinity', () => {
    const huge = { values: Array.from({ length: 10 }, () => 1e308), unit: 'mm' };
    expect(refusalOf(() => repeatability({ readings: huge, declaredComponent: mm(1) })).code).toBe('technical.not-finite');
  });
});

describe('technical checks: stability (稳定性)', () => {
  // Group means are exact in binary: 301.5/3 = 100.5, 302.25/3 = 100.75, 300.75/3 = 100.25, 301.5/3 = 100.5.
  // Stability = 100.75 − 100.25 = 0.5 mV exactly.
  const groups: StabilityGroup[] = [
    { takenOn: '2025-01-15', readings: [100.0, 100.5, 101.0] },
    { takenOn: '2025-02-16', readings: [100.5, 100.75, 101.0] },
    { takenOn: '2025-03-20', readings: [100.0, 100.25, 100.5] },
    { takenOn: '2025-05-02', readings: [100.25, 100.5, 100.75] },
  ];
  const input = (criterion: StabilityInput['criterion'], overrides: Partial<StabilityInput> = {}): StabilityInput => ({
    groups,
    unit: 'mV',
    criterion,
    ...overrides,
  });

  it('computes the spread of 4 monthly group means and passes below |MPE|', () => {
    // given 4 groups more than a month apart and an MPE of ±0.75 mV
    const record = stability(input({ kind: 'MPE', value: -0.75, unit: 'mV' }));
    // then stability = 0.5 mV < 0.75 mV
    expect(record.check).toBe('stability');
    expect(record.result).toEqual({
      m: 4,
      groupMeans: [
        { takenOn: '2025-01-15', n: 3, mean: 100.5 },
        { takenOn: '2025-02-16', n: 3, mean: 100.75 },
        { takenOn: '2025-03-20', n: 3, mean: 100.25 },
        { takenOn: '2025-05-02', n: 3, mean: 100.5 },
      ],
      max: 100.75,
      min: 100.25,
      stability: 0.5,
      unit: 'mV',
    });
    expect(record.pass).toBe(true);
    expect(record.limit).toEqual({ value: 0.75, unit: 'mV', passWhen: 'stability < |MPE|' });
    expect(record.inputs.minReadingsPerGroup).toBe(3);
  });

  it('fails when the stability equals |MPE| (the rule is strictly below)', () => {
    expect(stability(input({ kind: 'MPE', value: 0.5, unit: 'mV' })).pass).toBe(false);
  });

  it('compares with the expanded uncertainty of the correction for a standard used with corrections', () => {
    const passing = stability(input({ kind: 'EXPANDED_UNCERTAINTY', value: 0.6, unit: 'mV' }));
    expect(passing.pass).toBe(true);
    expect(passing.limit).toEqual({ value: 0.6, unit: 'mV', passWhen: 'stability < expanded uncertainty of the correction' });
    expect(stability(input({ kind: 'EXPANDED_UNCERTAINTY', value: 0.5, unit: 'mV' })).pass).toBe(false);
    expect(stability(input({ kind: 'EXPANDED_UNCERTAINTY', value: 0.4, unit: 'mV' })).pass).toBe(false);
  });

  it('sorts groups given out of order by date before checking intervals', () => {
    const record = stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: [groups[2], groups[0], groups[3], groups[1]] }));
    expect(record.inputs.groups.map((group) => group.takenOn)).toEqual(['2025-01-15', '2025-02-16', '2025-03-20', '2025-05-02']);
    expect(record.result.stability).toBe(0.5);
  });

  it('refuses groups exactly one calendar month apart, and accepts them one day later', () => {
    const exactlyOneMonth = [groups[0], { ...groups[1], takenOn: '2025-02-15' }, groups[2], groups[3]];
    const refusal = refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: exactlyOneMonth })));
    expect(refusal.code).toBe('technical.groups-too-close');
    expect(refusal.text.en).toContain('after 2025-02-15');
    expect(refusal.text['zh-CN']).toContain('大于一个月');
    expect(stability(input({ kind: 'MPE', value: 1, unit: 'mV' })).pass).toBe(true); // 2025-02-16 is fine
  });

  it('treats the end of a month as one month on to the last day of the next month', () => {
    // 31 January + one month = 28 February 2025 (29 February 2024): refused then, accepted from 1 March.
    const from31Jan = (year: number, second: string): StabilityInput =>
      input(
        { kind: 'MPE', value: 1, unit: 'mV' },
        {
          groups: [
            { takenOn: `${year}-01-31`, readings: [1, 1, 1] },
            { takenOn: second, readings: [1, 1, 1] },
            { takenOn: `${year}-05-01`, readings: [1, 1, 1] },
            { takenOn: `${year}-07-01`, readings: [1, 1, 1] },
          ],
        },
      );
    expect(refusalOf(() => stability(from31Jan(2025, '2025-02-28'))).code).toBe('technical.groups-too-close');
    expect(stability(from31Jan(2025, '2025-03-01')).pass).toBe(true);
    expect(refusalOf(() => stability(from31Jan(2024, '2024-02-29'))).code).toBe('technical.groups-too-close');
    expect(stability(from31Jan(2024, '2024-03-01')).pass).toBe(true);
  });

  it('crosses the year end: 20 December to 20 January is refused, 21 January accepted', () => {
    const around = (second: string): StabilityInput =>
      input(
        { kind: 'MPE', value: 1, unit: 'mV' },
        {
          groups: [
            { takenOn: '2024-12-20', readings: [1, 1, 1] },
            { takenOn: second, readings: [1, 1, 1] },
            { takenOn: '2025-03-01', readings: [1, 1, 1] },
            { takenOn: '2025-05-01', readings: [1, 1, 1] },
          ],
        },
      );
    expect(refusalOf(() => stability(around('2025-01-20'))).code).toBe('technical.groups-too-close');
    expect(stability(around('2025-01-21')).pass).toBe(true);
  });

  it('refuses two groups on the same day', () => {
    const sameDay = [groups[0], { ...groups[1], takenOn: '2025-01-15' }, groups[2], groups[3]];
    expect(refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: sameDay }))).code).toBe('technical.groups-too-close');
  });

  it('refuses 3 groups', () => {
    const refusal = refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: groups.slice(0, 3) })));
    expect(refusal.code).toBe('technical.too-few-groups');
    expect(refusal.text.en).toBe('Stability needs at least 4 groups of readings; 3 were given.');
    expect(refusal.text['zh-CN']).toBe('稳定性考核至少需要 4 组测得值，现有 3 组。');
  });

  it('refuses a group with fewer readings than required (3 by default), unless the policy lowers it', () => {
    const thin = [groups[0], { takenOn: '2025-02-16', readings: [100.5, 100.75] }, groups[2], groups[3]];
    const refusal = refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: thin })));
    expect(refusal.code).toBe('technical.too-few-readings');
    expect(refusal.text.en).toContain('the group of 2025-02-16 has 2');
    expect(stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: thin, minReadingsPerGroup: 2 })).result.groupMeans[1].mean).toBe(100.625);
    expect(refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { minReadingsPerGroup: 10 }))).code).toBe('technical.too-few-readings');
  });

  it('refuses a criterion in another unit, a negative expanded uncertainty, non-finite data and a date that does not exist', () => {
    expect(refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'V' }))).code).toBe('technical.unit-mismatch');
    expect(refusalOf(() => stability(input({ kind: 'EXPANDED_UNCERTAINTY', value: -0.6, unit: 'mV' }))).code).toBe('technical.negative-uncertainty');
    expect(refusalOf(() => stability(input({ kind: 'MPE', value: Number.NaN, unit: 'mV' }))).code).toBe('technical.not-finite');
    const withInfinity = [groups[0], { takenOn: '2025-02-16', readings: [100.5, Number.POSITIVE_INFINITY, 101] }, groups[2], groups[3]];
    expect(refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: withInfinity }))).code).toBe('technical.not-finite');
    const badDate = [groups[0], { ...groups[1], takenOn: '2025-02-30' }, groups[2], groups[3]];
    expect(refusalOf(() => stability(input({ kind: 'MPE', value: 1, unit: 'mV' }, { groups: badDate }))).code).toBe('technical.invalid-date');
  });
});

describe('technical checks: uncertainty budget (测量不确定度)', () => {
  // Contributions |c_i|·u_i: 1·0.3 = 0.3, 1·0.4 = 0.4, 2·0.12 = 0.24 (µm).
  // Σ = 0.09 + 0.16 + 0.0576 = 0.3076; u_c = sqrt(0.3076) = 0.55461698495448189799 (bc); U = 2·u_c = 1.10923396990896379595.
  const components = [
    { name: 'calibration of the reference', u: { value: 0.3, unit: 'µm' }, contributionUnit: 'µm' },
    { name: 'resolution', u: { value: 0.4, unit: 'µm' }, c: 1, contributionUnit: 'µm' },
    { name: 'temperature', u: { value: 0.12, unit: '°C' }, c: 2, contributionUnit: 'µm' },
  ];

  it('combines three components in quadrature and expands with k = 2 by default', () => {
    const record = uncertaintyBudget({ components });
    expect(record.check).toBe('uncertainty-budget');
    expect(record.inputs.k).toBe(2);
    expect(record.inputs.components.map((component) => component.c)).toEqual([1, 1, 2]);
    expect(record.result.contributions.map((entry) => entry.name)).toEqual(['calibration of the reference', 'resolution', 'temperature']);
    expect(record.result.contributions.map((entry) => entry.contribution.unit)).toEqual(['µm', 'µm', 'µm']);
    const [a, b, c] = record.result.contributions.map((entry) => entry.contribution.value);
    expect(a).toBe(0.3);
    expect(b).toBe(0.4);
    expect(c).toBeCloseTo(0.24, 15);
    expect(record.result.combined.unit).toBe('µm');
    expect(record.result.combined.value).toBeCloseTo(0.554616984954481898, 14);
    expect(record.result.k).toBe(2);
    expect(record.result.expanded).toEqual({ value: 2 * record.result.combined.value, unit: 'µm' });
    expect(record.result.expanded.value).toBeCloseTo(1.109233969908963796, 14);
  });

  it('uses another coverage factor when given, and the magnitude of a negative sensitivity coefficient', () => {
    const negative = components.map((component, index) => (index === 2 ? { ...component, c: -2 } : component));
    const record = uncertaintyBudget({ components: negative, k: 3 });
    expect(record.result.contributions[2].contribution.value).toBeCloseTo(0.24, 15);
    expect(record.inputs.components[2].c).toBe(-2);
    expect(record.result.expanded.value).toBeCloseTo(3 * 0.554616984954481898, 14);
  });

  it('refuses an empty budget', () => {
    const refusal = refusalOf(() => uncertaintyBudget({ components: [] }));
    expect(refusal.code).toBe('technical.empty-budget');
    expect(refusal.text['zh-CN']).toContain('至少列出一个');
  });

  it('refuses a coverage factor of 0 or below, and a non-finite one', () => {
    expect(refusalOf(() => uncertaintyBudget({ components, k: 0 })).code).toBe('technical.bad-coverage-factor');
    const refusal = refusalOf(() => uncertaintyBudget({ components, k: -2 }));
    expect(refusal.code).toBe('technical.bad-coverage-factor');
    expect(refusal.text.en).toContain('greater than 0');
    expect(refusalOf(() => uncertaintyBudget({ components, k: Number.POSITIVE_INFINITY })).code).toBe('technical.not-finite');
  });

  it('refuses a negative or non-finite standard uncertainty and a non-finite sensitivity coefficient', () => {
    const withU = (value: number) => [components[0], { ...components[1], u: { value, unit: 'µm' } }];
    const negative = refusalOf(() => uncertaintyBudget({ components: withU(-0.4) }));
    expect(negative.code).toBe('technical.negative-uncertainty');
    expect(negative.text.en).toContain('"resolution"');
    expect(refusalOf(() => uncertaintyBudget({ components: withU(Number.NaN) })).code).toBe('technical.not-finite');
    expect(refusalOf(() => uncertaintyBudget({ components: [{ ...components[2], c: Number.NaN }] })).code).toBe('technical.not-finite');
  });

  it('refuses contributions in different units', () => {
    const refusal = refusalOf(() => uncertaintyBudget({ components: [...components, { name: 'drift', u: { value: 0.1, unit: 'nm' }, contributionUnit: 'nm' }] }));
    expect(refusal.code).toBe('technical.unit-mismatch');
    expect(refusal.text.en).toContain('"drift"');
  });
});

describe('technical checks: verification of results (测量结果的验证)', () => {
  const V = (value: number) => ({ value, unit: 'kPa' });

  it('passes exactly at the limit: |Δ| = 5, U_lab = 3, U_ref = 4 → sqrt(9 + 16) = 5', () => {
    const record = verificationOfResults({ lab: { y: V(105), U: V(3) }, reference: { y: V(100), U: V(4) } });
    expect(record).toEqual({
      check: 'verification-of-results',
      formula: '|y_lab − y_ref| ≤ sqrt(U_lab² + U_ref²)',
      inputs: { lab: { y: V(105), U: V(3) }, reference: { y: V(100), U: V(4) } },
      result: { difference: 5, absoluteDifference: 5, unit: 'kPa' },
      pass: true,
      limit: { value: 5, unit: 'kPa', passWhen: '|y_lab − y_ref| <= sqrt(U_lab² + U_ref²)' },
    });
    expect(verificationOfResults({ lab: { y: V(95), U: V(3) }, reference: { y: V(100), U: V(4) } }).pass).toBe(true);
  });

  it('fails just beyond the limit, on either side', () => {
    expect(verificationOfResults({ lab: { y: V(105.000001), U: V(3) }, reference: { y: V(100), U: V(4) } }).pass).toBe(false);
    expect(verificationOfResults({ lab: { y: V(94.999999), U: V(3) }, reference: { y: V(100), U: V(4) } }).pass).toBe(false);
  });

  it('refuses any of the four values in another unit', () => {
    const base = { lab: { y: V(105), U: V(3) }, reference: { y: V(100), U: V(4) } };
    const MPa = (value: number) => ({ value, unit: 'MPa' });
    for (const mismatched of [
      { ...base, lab: { ...base.lab, U: MPa(0.003) } },
      { ...base, reference: { ...base.reference, y: MPa(0.1) } },
      { ...base, reference: { ...base.reference, U: MPa(0.004) } },
    ]) {
      expect(refusalOf(() => verificationOfResults(mismatched)).code).toBe('technical.unit-mismatch');
    }
  });

  it('refuses a negative expanded uncertainty and non-finite values', () => {
    const refusal = refusalOf(() => verificationOfResults({ lab: { y: V(105), U: V(-3) }, reference: { y: V(100), U: V(4) } }));
    expect(refusal.code).toBe('technical.negative-uncertainty');
    expect(refusal.text['zh-CN']).toContain('不能为负');
    expect(refusalOf(() => verificationOfResults({ lab: { y: V(105), U: V(3) }, reference: { y: V(100), U: V(-4) } })).code).toBe(
      'technical.negative-uncertainty',
    );
    expect(refusalOf(() => verificationOfResults({ lab: { y: V(Number.NaN), U: V(3) }, reference: { y: V(100), U: V(4) } })).code).toBe('technical.not-finite');
  });
});

describe('technical checks: records an event can carry', () => {
  const build = (): TechnicalCheckRecord[] => [
    repeatability({ readings: { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], unit: 'g' }, declaredComponent: { value: 3, unit: 'g' } }),
    stability({
      groups: [
        { takenOn: '2025-01-01', readings: [1, 2, 3] },
        { takenOn: '2025-02-02', readings: [1, 2, 3] },
        { takenOn: '2025-03-03', readings: [1, 2, 4] },
        { takenOn: '2025-04-04', readings: [1, 2, 3] },
      ],
      unit: 'g',
      criterion: { kind: 'MPE', value: 1, unit: 'g' },
    }),
    uncertaintyBudget({ components: [{ name: 'a', u: { value: 0.1, unit: 'g' }, contributionUnit: 'g' }] }),
    verificationOfResults({ lab: { y: { value: 1, unit: 'g' }, U: { value: 0.1, unit: 'g' } }, reference: { y: { value: 1.05, unit: 'g' }, U: { value: 0.1, unit: 'g' } } }),
  ];

  it('gives the same record for the same inputs, and survives a JSON round trip unchanged', () => {
    const records = build();
    expect(build()).toEqual(records);
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
    expect(records.map((record) => record.check)).toEqual(['repeatability', 'stability', 'uncertainty-budget', 'verification-of-results']);
  });

  it('copies its inputs: changing the caller’s arrays afterwards does not change the record', () => {
    const values = [10.01, 10.02, 9.99, 10.0, 10.01, 10.03, 9.98, 10.0, 10.02, 10.01];
    const record = repeatability({ readings: { values, unit: 'mm' }, declaredComponent: mm(0.015) });
    values[0] = 99;
    expect(record.inputs.readings.values[0]).toBe(10.01);
  });
});
