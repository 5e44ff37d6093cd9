import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  evaluateComparison,
  type ComparisonEvaluation,
  type EvaluationInput,
  type LabEvaluation,
  type ParticipantResult,
} from '../../src/comparisons/domain/evaluation.js';
import { GRUBBS_CRITICAL_VALUES, grubbsScreen } from '../../src/comparisons/domain/grubbs.js';
import { DomainError, InvalidDataError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, InvalidDataError);
const lab = (name: string, value: number, expandedUncertainty: number, coverageFactor = 2, inReference?: boolean): ParticipantResult => ({
  lab: name,
  value,
  expandedUncertainty,
  coverageFactor,
  ...(inReference === undefined ? {} : { inReference }),
});
const byLab = (evaluation: ComparisonEvaluation): Record<string, LabEvaluation> => Object.fromEntries(evaluation.results.map((r) => [r.lab, r]));

/**
 * Weighted-mean example (unit mg), worked by hand. u_i = U_i/2 and weights w_i = 1/u_i²:
 *   A 10.1, U 0.2  → u 0.1   → w 100
 *   B 10.0, U 0.25 → u 0.125 → w 64
 *   C 10.7, U 0.5  → u 0.25  → w 16
 *   D  9.9, U 0.5  → u 0.25  → w 16
 *   E 10.3, U 0.3  → u 0.15  (inReference false: not in the mean)
 * Σw = 196; Σw·x = 1010 + 640 + 171.2 + 158.4 = 1979.6; X_ref = 1979.6/196 = 10.1 mg.
 * u_ref = 196^(-1/2) = 1/14 = 0.0714285714 mg; U_ref = 2/14 = 0.1428571429 mg; u_ref² = 1/196 = 0.0051020408 mg².
 * In the reference, cov = u_ref²: U(x_i − X_ref) = 2·sqrt(u_i² − u_ref²)
 *   A: 0.01     − 0.0051020408 = 0.0048979592 → U = 0.1399708424; d = 0    → En = 0
 *   B: 0.015625 − 0.0051020408 = 0.0105229592 → U = 0.2051629517; d = −0.1 → En = −0.4874174367
 *   C: 0.0625   − 0.0051020408 = 0.0573979592 → U = 0.4791574237; d = 0.6  → En = 1.2521980674 (unsatisfactory)
 *   D: as C                                    → U = 0.4791574237; d = −0.2 → En = −0.4173993558
 * Not in the reference, cov = 0: U(x_E − X_ref) = 2·sqrt(0.0225 + 0.0051020408) = 2·sqrt(0.0276020408) = 0.3322772386;
 *   d = 0.2 → En = 0.6019070125.
 */
const weightedMeanInput: EvaluationInput = {
  method: 'weighted-mean',
  unit: 'mg',
  results: [lab('A', 10.1, 0.2), lab('B', 10.0, 0.25), lab('C', 10.7, 0.5), lab('D', 9.9, 0.5), lab('E', 10.3, 0.3, 2, false)],
};

describe('comparison evaluation: weighted mean (加权平均值)', () => {
  it('computes the reference value and its uncertainty from the labs in the reference', () => {
    // given five labs, E outside the reference
    // when the comparison is evaluated
    const { reference } = evaluateComparison(weightedMeanInput);
    // then X_ref = 10.1 mg, u_ref = 1/14 mg, U_ref = 2/14 mg with k = 2, from A to D
    expect(reference.method).toBe('weighted-mean');
    expect(reference.value).toBeCloseTo(10.1, 12);
    expect(reference.standardUncertainty).toBeCloseTo(1 / 14, 14);
    expect(reference.expandedUncertainty).toBeCloseTo(0.1428571429, 10);
    expect(reference.coverageFactor).toBe(2);
    expect(reference.unit).toBe('mg');
    expect(reference.labs).toEqual(['A', 'B', 'C', 'D']);
    expect(reference.n).toBe(4);
    expect(reference.formula).toBe('X_ref = Σ(x_i/u_i²) / Σ(1/u_i²); u_ref = (Σ 1/u_i²)^(-1/2); sums over the n labs in the reference');
  });

  it('uses cov = u_ref² for the labs in the reference: En = (x_i − X_ref)/(2·sqrt(u_i² − u_ref²))', () => {
    const results = byLab(evaluateComparison(weightedMeanInput));
    expect(results.A.en).toBeCloseTo(0, 10);
    expect(results.B.en).toBeCloseTo(-0.4874174367, 9);
    expect(results.C.en).toBeCloseTo(1.2521980674, 9);
    expect(results.D.en).toBeCloseTo(-0.4173993558, 9);
    expect([results.A, results.B, results.C, results.D].map((r) => r.satisfactory)).toEqual([true, true, false, true]);
    expect(results.C.differenceExpandedUncertainty).toBeCloseTo(0.4791574237, 9);
    expect(results.C.differenceVariance).toBeCloseTo(0.0573979592, 10);
    expect(results.C.covariance).toBeCloseTo(1 / 196, 14);
    expect(results.C.covarianceUnit).toBe('(mg)²');
    expect(results.C.covarianceRule).toBe('in-weighted-mean');
    expect(results.C.formula).toBe('En = (x_i − X_ref) / (2·sqrt(u_i² − u_ref²)); cov = u_ref²: the lab is in the weighted-mean reference');
    expect(results.C).toMatchObject({ value: 10.7, expandedUncertainty: 0.5, coverageFactor: 2, standardUncertainty: 0.25, unit: 'mg', inReference: true, notInReferenceReason: null, differenceCoverageFactor: 2, enNotComputed: null });
  });

  it('uses cov = 0 for a lab outside the reference (inReference false): En = (x_i − X_ref)/(2·sqrt(u_i² + u_ref²))', () => {
    const { E } = byLab(evaluateComparison(weightedMeanInput));
    expect(E.inReference).toBe(false);
    expect(E.notInReferenceReason).toBe('declared');
    expect(E.covarianceRule).toBe('not-in-reference');
    expect(E.covariance).toBe(0);
    expect(E.differenceExpandedUncertainty).toBeCloseTo(0.3322772386, 9);
    expect(E.en).toBeCloseTo(0.6019070125, 9);
    expect(E.satisfactory).toBe(true);
    expect(E.formula).toBe('En = (x_i − X_ref) / (2·sqrt(u_i² + u_ref²)); cov = 0: the lab is not in the reference');
  });

  it('records the whole formula used, and the results in the order given', () => {
    const evaluation = evaluateComparison(weightedMeanInput);
    expect(evaluation.results.map((r) => r.lab)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(evaluation.formula).toBe(
      'u_i = U_i / k_i; X_ref = Σ(x_i/u_i²) / Σ(1/u_i²); u_ref = (Σ 1/u_i²)^(-1/2); sums over the n labs in the reference; U_ref = 2·u_ref; ' +
        'En = (x_i − X_ref) / U(x_i − X_ref); U(x_i − X_ref) = 2·sqrt(u_i² − 2·cov(x_i, X_ref) + u_ref²); ' +
        'cov = u_ref² for a lab in a weighted-mean reference, u_i²/n in an arithmetic-mean reference, 0 for a lab not in the reference and with the median; |En| ≤ 1 satisfactory',
    );
    expect(evaluation.satisfactoryCriterion).toBe('|En| ≤ 1');
    expect(evaluation.transferStandardUncertainty).toBeNull();
    expect(evaluation.outlierScreening).toBeNull();
    expect(evaluation.pilotLab).toBeNull();
  });
});

describe('comparison evaluation: the transfer standard’s instability (传递标准的不稳定性)', () => {
  /*
   * The weighted-mean example with u_tr = 0.2 mg: u_tr² = 0.04 mg² is added under every root.
   *   C: 0.0573979592 + 0.04 = 0.0973979592 → U = 2·0.3120864613 = 0.6241729221; En = 0.6/0.6241729221 = 0.9612720750 (now satisfactory)
   *   B: 0.0105229592 + 0.04 = 0.0505229592 → U = 0.4495462565; En = −0.1/0.4495462565 = −0.2224465192
   *   E: 0.0276020408 + 0.04 = 0.0676020408 → U = 0.5200078492; En = 0.2/0.5200078492 = 0.3846095791
   * The reference itself does not change.
   */
  it('adds u_tr² under the root of every En and records it', () => {
    const evaluation = evaluateComparison({ ...weightedMeanInput, transferStandardUncertainty: 0.2 });
    const results = byLab(evaluation);
    expect(evaluation.reference.value).toBeCloseTo(10.1, 12);
    expect(evaluation.reference.standardUncertainty).toBeCloseTo(1 / 14, 14);
    expect(results.C.differenceExpandedUncertainty).toBeCloseTo(0.6241729221, 9);
    expect(results.C.en).toBeCloseTo(0.961272075, 9);
    expect(results.C.satisfactory).toBe(true);
    expect(results.B.en).toBeCloseTo(-0.2224465192, 9);
    expect(results.E.en).toBeCloseTo(0.3846095791, 9);
    expect(results.C.formula).toBe('En = (x_i − X_ref) / (2·sqrt(u_i² − u_ref² + u_tr²)); cov = u_ref²: the lab is in the weighted-mean reference');
    expect(evaluation.transferStandardUncertainty).toEqual({ value: 0.2, unit: 'mg', coverageFactor: 1 });
    expect(evaluation.formula).toContain('U(x_i − X_ref) = 2·sqrt(u_i² − 2·cov(x_i, X_ref) + u_ref² + u_tr²)');
  });
});

describe('comparison evaluation: arithmetic mean (算术平均值)', () => {
  /*
   * Four labs (unit kPa); C reports U = 0.6 with k = 3, so u_C = 0.2 like B.
   *   A 10.0 u 0.1; B 10.2 u 0.2; C 10.4 u 0.2; D 10.6 u 0.4
   * X_ref = 41.2/4 = 10.3 kPa; Σu² = 0.01 + 0.04 + 0.04 + 0.16 = 0.25; u_ref = sqrt(0.25)/4 = 0.125; U_ref = 0.25 kPa.
   * cov = u_i²/n, so U(x_i − X_ref) = 2·sqrt(u_i²·(1 − 2/4) + u_ref²) = 2·sqrt(u_i²/2 + 0.015625):
   *   A: 0.005 + 0.015625 = 0.020625 → U = 0.2872281323; d = −0.3 → En = −1.0444659357 (unsatisfactory)
   *   B: 0.02  + 0.015625 = 0.035625 → U = 0.3774917218; d = −0.1 → En = −0.2649064714
   *   C: as B                                              d = 0.1  → En = 0.2649064714
   *   D: 0.08  + 0.015625 = 0.095625 → U = 0.6184658438; d = 0.3  → En = 0.4850712501
   */
  const input: EvaluationInput = { method: 'arithmetic-mean', unit: 'kPa', results: [lab('A', 10.0, 0.2), lab('B', 10.2, 0.4), lab('C', 10.4, 0.6, 3), lab('D', 10.6, 0.8)] };

  it('computes X_ref = Σx_i/n and u_ref = sqrt(Σu_i²)/n with u_i = U_i/k_i, and En with cov = u_i²/n', () => {
    const evaluation = evaluateComparison(input);
    expect(evaluation.reference.value).toBeCloseTo(10.3, 12);
    expect(evaluation.reference.standardUncertainty).toBeCloseTo(0.125, 14);
    expect(evaluation.reference.expandedUncertainty).toBeCloseTo(0.25, 14);
    const results = byLab(evaluation);
    expect(results.C.standardUncertainty).toBeCloseTo(0.2, 15);
    expect(results.A.en).toBeCloseTo(-1.0444659357, 9);
    expect(results.B.en).toBeCloseTo(-0.2649064714, 9);
    expect(results.C.en).toBeCloseTo(0.2649064714, 9);
    expect(results.D.en).toBeCloseTo(0.4850712501, 9);
    expect(evaluation.results.map((r) => r.satisfactory)).toEqual([false, true, true, true]);
    expect(results.A.covariance).toBeCloseTo(0.01 / 4, 15);
    expect(results.A.differenceExpandedUncertainty).toBeCloseTo(0.2872281323, 9);
    expect(results.A.covarianceRule).toBe('in-arithmetic-mean');
    expect(results.A.formula).toBe('En = (x_i − X_ref) / (2·sqrt(u_i²·(1 − 2/n) + u_ref²)), n = 4; cov = u_i²/n: the lab is in the arithmetic-mean reference');
  });
});

describe('comparison evaluation: median (中位值)', () => {
  /*
   * Five labs (unit mV), each U = 0.2 (k = 2, u = 0.1): 10.0, 10.1, 10.3, 10.2, 11.0.
   * Sorted 10.0, 10.1, 10.2, 10.3, 11.0 → X_ref = 10.2 mV.
   * |x_i − 10.2| = 0.2, 0.1, 0.1, 0, 0.8 → sorted 0, 0.1, 0.1, 0.2, 0.8 → MAD = 0.1 mV; MADe = 1.4826·0.1 = 0.14826 mV.
   * u_ref = 1.2533·0.14826/sqrt(5) = 0.185814258/2.236067977 = 0.0830986624 mV; U_ref = 0.1661973248 mV.
   * cov = 0: U(x_i − X_ref) = 2·sqrt(0.01 + 0.0069053877) = 2·0.1300207203 = 0.2600414405 mV
   *   A: d = −0.2 → En = −0.7691081837; E: d = 0.8 → En = 3.0764327349 (unsatisfactory); D: d = 0 → En = 0
   */
  const input: EvaluationInput = { method: 'median', unit: 'mV', results: [lab('A', 10.0, 0.2), lab('B', 10.1, 0.2), lab('C', 10.3, 0.2), lab('D', 10.2, 0.2), lab('E', 11.0, 0.2)] };

  it('takes the median, u_ref = 1.2533·MADe/sqrt(n), and En with cov = 0', () => {
    const evaluation = evaluateComparison(input);
    expect(evaluation.reference.value).toBeCloseTo(10.2, 12);
    expect(evaluation.reference.medianAbsoluteDeviation).toBeCloseTo(0.1, 12);
    expect(evaluation.reference.scaledMedianAbsoluteDeviation).toBeCloseTo(0.14826, 12);
    expect(evaluation.reference.standardUncertainty).toBeCloseTo(0.0830986624, 9);
    expect(evaluation.reference.expandedUncertainty).toBeCloseTo(0.1661973248, 9);
    expect(evaluation.reference.formula).toContain('u_ref = 1.2533·MADe / sqrt(n), MADe = 1.4826·median(|x_i − X_ref|)');
    const results = byLab(evaluation);
    expect(results.A.en).toBeCloseTo(-0.7691081837, 9);
    expect(results.E.en).toBeCloseTo(3.0764327349, 9);
    expect(results.D.en).toBeCloseTo(0, 12);
    expect(results.E.satisfactory).toBe(false);
    expect(results.E).toMatchObject({ inReference: true, covariance: 0, covarianceRule: 'in-median' });
    expect(results.E.formula).toBe('En = (x_i − X_ref) / (2·sqrt(u_i² + u_ref²)); cov = 0: the median is used as a robust value');
  });

  it('takes the mean of the middle two of an even number of values, leaving out a lab marked outside', () => {
    // 10.0, 10.1, 10.3, 10.2 (E out): sorted 10.0, 10.1, 10.2, 10.3 → median (10.1 + 10.2)/2 = 10.15.
    // |x − 10.15| = 0.15, 0.05, 0.15, 0.05 → sorted 0.05, 0.05, 0.15, 0.15 → MAD = 0.1.
    const evaluation = evaluateComparison({ ...input, results: [...input.results.slice(0, 4), lab('E', 11.0, 0.2, 2, false)] });
    expect(evaluation.reference.value).toBeCloseTo(10.15, 12);
    expect(evaluation.reference.medianAbsoluteDeviation).toBeCloseTo(0.1, 12);
    expect(evaluation.reference.labs).toEqual(['A', 'B', 'C', 'D']);
    expect(byLab(evaluation).E).toMatchObject({ inReference: false, notInReferenceReason: 'declared', covarianceRule: 'not-in-reference' });
  });
});

describe('comparison evaluation: the pilot lab’s value (主导实验室)', () => {
  /*
   * Pilot P: 10.0 g, U = 0.05 with k = 1 → u_P = 0.05; X_ref = 10.0, u_ref = 0.05, U_ref = 2·0.05 = 0.1 g (k = 2).
   * Q 10.15, U 0.2 (u 0.1); R 9.7, U 0.2 (u 0.1); cov = 0: U(x_i − X_ref) = 2·sqrt(0.01 + 0.0025) = 0.2236067977
   *   Q: En = 0.15/0.2236067977 = 0.6708203932; R: En = −0.3/0.2236067977 = −1.3416407865 (unsatisfactory)
   */
  const input: EvaluationInput = { method: 'pilot', pilotLab: 'P', unit: 'g', results: [lab('Q', 10.15, 0.2), lab('P', 10.0, 0.05, 1), lab('R', 9.7, 0.2)] };

  it('takes the pilot’s value and standard uncertainty, re-expanded with k = 2', () => {
    const { reference } = evaluateComparison(input);
    expect(reference).toMatchObject({ method: 'pilot', value: 10.0, standardUncertainty: 0.05, expandedUncertainty: 0.1, coverageFactor: 2, unit: 'g', labs: ['P'], n: 1 });
  });

  it('gives the pilot no En, and the others En with cov = 0', () => {
    const evaluation = evaluateComparison(input);
    const results = byLab(evaluation);
    expect(results.P).toMatchObject({ en: null, satisfactory: null, inReference: true, covarianceRule: 'pilot-is-reference', differenceVariance: null, differenceExpandedUncertainty: null, difference: 0 });
    expect(results.P.enNotComputed?.code).toBe('comparison.pilot-is-reference');
    expect(results.P.formula).toBe('no En: the pilot lab’s value is the reference');
    expect(results.Q.en).toBeCloseTo(0.6708203932, 9);
    expect(results.R.en).toBeCloseTo(-1.3416407865, 9);
    expect([results.Q.satisfactory, results.R.satisfactory]).toEqual([true, false]);
    expect(results.Q).toMatchObject({ inReference: false, notInReferenceReason: 'pilot-method', covariance: 0 });
    expect(evaluation.pilotLab).toBe('P');
    expect(evaluation.formula).toContain('X_ref = x_pilot; u_ref = u_pilot');
    expect(evaluation.formula).toContain('the pilot lab’s own value is the reference and has no En');
  });
});

describe('comparison evaluation: Grubbs’ outlier screening (格拉布斯检验, α = 0.05)', () => {
  it('excludes an obvious outlier before the mean, and evaluates it with cov = 0', () => {
    /*
     * Five labs, each U = 0.2 (k = 2, u = 0.1): 10.0, 10.1, 10.2, 10.1, 12.0 (E).
     * Round 1: n = 5, x̄ = 52.4/5 = 10.48; deviations −0.48, −0.38, −0.28, −0.38, 1.52;
     *   Σd² = 0.2304 + 0.1444 + 0.0784 + 0.1444 + 2.3104 = 2.908; s = sqrt(2.908/4) = 0.8526429499;
     *   G = 1.52/0.8526429499 = 1.7826922749 > G_crit(5) = 1.7150 → E is an outlier.
     * Round 2: n = 4, x̄ = 10.1; deviations −0.1, 0, 0.1, 0; s = sqrt(0.02/3) = 0.0816496581;
     *   G = 0.1/0.0816496581 = 1.2247448714 ≤ G_crit(4) = 1.4812 → no outlier; stop.
     * Arithmetic mean of A to D: X_ref = 10.1; u_ref = sqrt(4·0.01)/4 = 0.05.
     *   E (cov = 0): U = 2·sqrt(0.01 + 0.0025) = 0.2236067977; En = 1.9/0.2236067977 = 8.4970583145
     *   A (cov = u²/4): U = 2·sqrt(0.01·(1 − 2/4) + 0.0025) = 0.1732050808; En = −0.1/0.1732050808 = −0.5773502692
     */
    const evaluation = evaluateComparison({
      method: 'arithmetic-mean',
      unit: 'mm',
      outlierScreening: 'grubbs',
      results: [lab('A', 10.0, 0.2), lab('B', 10.1, 0.2), lab('C', 10.2, 0.2), lab('D', 10.1, 0.2), lab('E', 12.0, 0.2)],
    });
    const screening = evaluation.outlierScreening!;
    expect(screening).toMatchObject({ test: 'grubbs', alpha: 0.05, twoSided: true, excluded: ['E'] });
    expect(screening.criticalValues).toContain('ISO 5725-2');
    expect(screening.steps).toHaveLength(2);
    expect(screening.steps[0]).toMatchObject({ n: 5, suspectLab: 'E', suspectValue: 12.0, gCritical: 1.715, outlier: true, unit: 'mm' });
    expect(screening.steps[0].mean).toBeCloseTo(10.48, 12);
    expect(screening.steps[0].standardDeviation).toBeCloseTo(0.8526429499, 9);
    expect(screening.steps[0].g).toBeCloseTo(1.7826922749, 9);
    expect(screening.steps[1]).toMatchObject({ n: 4, gCritical: 1.4812, outlier: false });
    expect(screening.steps[1].g).toBeCloseTo(1.2247448714, 9);
    expect(evaluation.reference.labs).toEqual(['A', 'B', 'C', 'D']);
    expect(evaluation.reference.value).toBeCloseTo(10.1, 12);
    expect(evaluation.reference.standardUncertainty).toBeCloseTo(0.05, 14);
    const results = byLab(evaluation);
    expect(results.E).toMatchObject({ inReference: false, notInReferenceReason: 'grubbs-outlier', covarianceRule: 'not-in-reference', covariance: 0, satisfactory: false });
    expect(results.E.en).toBeCloseTo(8.4970583145, 9);
    expect(results.A.en).toBeCloseTo(-0.5773502692, 9);
    expect(evaluation.formula).toContain('Grubbs’ test (two-sided, α = 0.05, repeated until no outlier) before the arithmetic mean');
  });

  it('excludes nothing from a clean set', () => {
    // 10.0 … 10.4: x̄ = 10.2, s = sqrt(0.1/4) = 0.1581138830; G = 0.2/0.1581138830 = 1.2649110641 ≤ 1.7150.
    const evaluation = evaluateComparison({
      method: 'weighted-mean',
      unit: 'mm',
      outlierScreening: 'grubbs',
      results: [lab('A', 10.0, 0.2), lab('B', 10.1, 0.2), lab('C', 10.2, 0.2), lab('D', 10.3, 0.2), lab('E', 10.4, 0.2)],
    });
    expect(evaluation.outlierScreening!.excluded).toEqual([]);
    expect(evaluation.outlierScreening!.steps).toHaveLength(1);
    expect(evaluation.outlierScreening!.steps[0].g).toBeCloseTo(1.2649110641, 9);
    expect(evaluation.reference.labs).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(evaluation.results.every((r) => r.inReference && r.covarianceRule === 'in-weighted-mean')).toBe(true);
  });

  it('screens only the labs in the reference, and finds no outlier among equal values', () => {
    const screened = grubbsScreen([{ lab: 'A', value: 1 }, { lab: 'B', value: 1 }, { lab: 'C', value: 1 }], 'V');
    expect(screened.excluded).toEqual([]);
    expect(screened.steps[0]).toMatchObject({ n: 3, standardDeviation: 0, g: 0, outlier: false });
  });

  it('has a table of two-sided critical values within 0.001 of the printed 3-decimal tables, growing with n below its bound (n−1)/√n', () => {
    // The 5 % column of the usual printed table (ISO 5725-2 Table 5; Harvey, Analytical Chemistry 2.1, appendix 7).
    const printed: Record<number, number> = { 3: 1.155, 4: 1.481, 5: 1.715, 6: 1.887, 8: 2.126, 9: 2.215, 10: 2.29, 11: 2.355, 12: 2.412, 13: 2.462, 14: 2.507, 15: 2.549 };
    for (const [n, value] of Object.entries(printed)) expect(Math.abs(GRUBBS_CRITICAL_VALUES[Number(n)] - value)).toBeLessThanOrEqual(0.001 + 1e-12);
    for (let n = 3; n <= 30; n++) {
      expect(GRUBBS_CRITICAL_VALUES[n]).toBeLessThan((n - 1) / Math.sqrt(n));
      if (n > 3) expect(GRUBBS_CRITICAL_VALUES[n]).toBeGreaterThan(GRUBBS_CRITICAL_VALUES[n - 1]);
    }
    expect(GRUBBS_CRITICAL_VALUES[2]).toBeUndefined();
    expect(GRUBBS_CRITICAL_VALUES[31]).toBeUndefined();
  });

  it('refuses the screening with the median or the pilot method, and outside 3 to 30 labs in the reference', () => {
    const three = [lab('A', 1, 0.1), lab('B', 1.1, 0.1), lab('C', 1.2, 0.1)];
    expect(refusalOf(() => evaluateComparison({ method: 'median', unit: 'V', outlierScreening: 'grubbs', results: three })).code).toBe('comparison.screening-not-applicable');
    expect(refusalOf(() => evaluateComparison({ method: 'pilot', pilotLab: 'A', unit: 'V', outlierScreening: 'grubbs', results: three })).code).toBe('comparison.screening-not-applicable');
    const two = refusalOf(() => evaluateComparison({ method: 'weighted-mean', unit: 'V', outlierScreening: 'grubbs', results: [...three.slice(0, 2), lab('C', 1.2, 0.1, 2, false)] }));
    expect(two.code).toBe('comparison.screening-range');
    expect(two.text.en).toBe("Grubbs' screening is tabulated for 3 to 30 labs in the reference; 2 are.");
    const many = Array.from({ length: 31 }, (_, i) => lab(`L${i}`, 1 + i / 100, 0.1));
    expect(refusalOf(() => evaluateComparison({ method: 'arithmetic-mean', unit: 'V', outlierScreening: 'grubbs', results: many })).code).toBe('comparison.screening-range');
    // 'none' is the default and screens nothing.
    expect(evaluateComparison({ method: 'median', unit: 'V', outlierScreening: 'none', results: three }).outlierScreening).toBeNull();
  });
});

describe('comparison evaluation: a lab that carries (almost) all the weight (the root that cancels)', () => {
  /*
   * In exact arithmetic a lab in a weighted-mean reference has u_i² − u_ref² = u_i²·u_ref²·Σ_{j≠i} 1/u_j² > 0. But A below
   * (u_A = 0.367) weighs 10^18 times more than B (u_B = 3.67·10^8): Σw = 1/0.367² + 10^-18/0.367² rounds to 1/0.367²,
   * and u_A² − u_ref² comes out as −2.78·10^-17 in IEEE doubles (computed below). Its En would be a square root of a
   * negative number, or a division by rounding noise: A gets no En, with the rule comparison.en-undefined.
   */
  const dominant: EvaluationInput = { method: 'weighted-mean', unit: 'mm', results: [lab('A', 5.0, 0.734), lab('B', 6.0, 734_000_000)] };

  it('gives no En when u_i² − u_ref² + u_tr² is negative in floating point, and evaluates the other labs', () => {
    // given the naive radicand of A is negative in IEEE doubles
    const uA = 0.734 / 2;
    const uB = 734_000_000 / 2;
    const uRef = 1 / Math.sqrt(1 / (uA * uA) + 1 / (uB * uB));
    expect(uA * uA - uRef * uRef).toBeLessThan(0);
    // when evaluated
    const results = byLab(evaluateComparison(dominant));
    // then A has en and satisfactory null, with the rule and the radicand recorded
    expect(results.A).toMatchObject({ en: null, satisfactory: null, differenceExpandedUncertainty: null, covarianceRule: 'in-weighted-mean' });
    expect(results.A.differenceVariance).toBeLessThan(0);
    expect(results.A.enNotComputed?.code).toBe('comparison.en-undefined');
    expect(results.A.enNotComputed?.reason.en).toContain('carries almost all the weight of the reference');
    expect(results.A.enNotComputed?.reason['zh-CN']).toContain('几乎占参考值的全部权重');
    // and B: X_ref = 5.0 (B's weight rounds away), En = 1/(2·sqrt(u_B² − u_ref²)) ≈ 1/734000000
    expect(results.B.en).toBeCloseTo(1 / 734_000_000, 15);
    expect(results.B.satisfactory).toBe(true);
  });

  it('gives no En either when the radicand is positive but only rounding (below 1e-12 of its terms)', () => {
    // u_A = 0.7, u_B = 7·10^7: u_A² − u_ref² = 1.67·10^-16 in doubles, where the exact value is 0.49·0.49·10^-16/0.49 ≈ 10^-17.
    const results = byLab(evaluateComparison({ method: 'weighted-mean', unit: 'mm', results: [lab('A', 5.0, 1.4), lab('B', 6.0, 140_000_000)] }));
    expect(results.A.differenceVariance).toBeGreaterThan(0);
    expect(results.A.en).toBeNull();
    expect(results.A.enNotComputed?.code).toBe('comparison.en-undefined');
  });

  it('evaluates the dominant lab once the transfer standard’s instability is declared', () => {
    // u_tr = 0.01: radicand ≈ 0.0001 − 2.8·10^-17; U ≈ 0.02; d ≈ 0 (X_ref = 5.0) → En = 0.
    const results = byLab(evaluateComparison({ ...dominant, transferStandardUncertainty: 0.01 }));
    expect(results.A.en).toBeCloseTo(0, 12);
    expect(results.A.differenceExpandedUncertainty).toBeCloseTo(0.02, 12);
    expect(results.A.enNotComputed).toBeNull();
  });
});

describe('comparison evaluation: refusals', () => {
  const two = [lab('A', 1, 0.1), lab('B', 1.1, 0.1)];
  const cases: [string, EvaluationInput, string][] = [
    ['one lab', { method: 'weighted-mean', unit: 'V', results: two.slice(0, 1) }, 'comparison.too-few-labs'],
    ['a zero expanded uncertainty', { method: 'weighted-mean', unit: 'V', results: [two[0], lab('B', 1.1, 0)] }, 'comparison.non-positive-uncertainty'],
    ['a negative coverage factor', { method: 'weighted-mean', unit: 'V', results: [two[0], lab('B', 1.1, 0.1, -2)] }, 'comparison.non-positive-coverage-factor'],
    ['an unknown method', { method: 'mode' as never, unit: 'V', results: two }, 'comparison.unknown-method'],
    ['the pilot method without a pilot', { method: 'pilot', unit: 'V', results: two }, 'comparison.pilot-lab-missing'],
    ['a pilot not among the results', { method: 'pilot', pilotLab: 'Z', unit: 'V', results: two }, 'comparison.pilot-lab-unknown'],
    ['the pilot marked outside its own reference', { method: 'pilot', pilotLab: 'A', unit: 'V', results: [lab('A', 1, 0.1, 2, false), two[1]] }, 'comparison.pilot-not-in-reference'],
    ['a duplicate lab', { method: 'median', unit: 'V', results: [...two, lab('A', 1.2, 0.1)] }, 'comparison.duplicate-lab'],
    ['a value that is not finite', { method: 'median', unit: 'V', results: [two[0], lab('B', Number.NaN, 0.1)] }, 'comparison.not-finite'],
    ['an infinite uncertainty', { method: 'median', unit: 'V', results: [two[0], lab('B', 1, Number.POSITIVE_INFINITY)] }, 'comparison.not-finite'],
    ['a negative u_tr', { method: 'median', unit: 'V', transferStandardUncertainty: -0.1, results: two }, 'comparison.negative-uncertainty'],
    ['a mean with one lab left in the reference', { method: 'arithmetic-mean', unit: 'V', results: [two[0], lab('B', 1.1, 0.1, 2, false)] }, 'comparison.too-few-in-reference'],
    ['uncertainties whose squares underflow', { method: 'weighted-mean', unit: 'V', results: [lab('A', 1, 1e-200), lab('B', 1, 1e-200)] }, 'comparison.out-of-range'],
    ['values whose weighted sum overflows', { method: 'weighted-mean', unit: 'V', results: [lab('A', 1e300, 1e-10), lab('B', 1e300, 1e-10)] }, 'comparison.out-of-range'],
  ];
  it.each(cases)('refuses %s with a named rule in both languages', (_label, input, code) => {
    const refusal = refusalOf(() => evaluateComparison(input));
    expect(refusal.code).toBe(code);
    expect(refusal.text.en.length).toBeGreaterThan(10);
    expect(refusal.text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says how many labs were given, in both languages', () => {
    const refusal = refusalOf(() => evaluateComparison({ method: 'weighted-mean', unit: 'V', results: two.slice(0, 1) }));
    expect(refusal.text).toEqual({ en: 'A comparison needs the results of at least 2 labs; 1 was given.', 'zh-CN': '比对至少需要 2 个实验室的结果，现有 1 个。' });
  });
});

describe('comparison evaluation: determinism (the record can be recomputed)', () => {
  const participant = fc.record({
    value: fc.double({ min: -1e3, max: 1e3, noNaN: true }),
    expandedUncertainty: fc.double({ min: 1e-3, max: 10, noNaN: true }),
    coverageFactor: fc.constantFrom(1, 1.96, 2, 2.5, 3),
    inReference: fc.option(fc.boolean(), { nil: undefined }),
  });
  const inputs: fc.Arbitrary<EvaluationInput> = fc
    .tuple(
      fc.array(participant, { minLength: 3, maxLength: 12 }),
      fc.constantFrom('weighted-mean' as const, 'arithmetic-mean' as const, 'median' as const, 'pilot' as const),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      fc.boolean(),
    )
    .map(([participants, method, transferStandardUncertainty, grubbs]) => {
      const results = participants.map((p, i) => ({
        lab: `lab-${i}`,
        value: p.value,
        expandedUncertainty: p.expandedUncertainty,
        coverageFactor: p.coverageFactor,
        // Keep at least two labs in the reference, and the pilot in its own.
        ...(p.inReference === undefined || i < 3 ? {} : { inReference: p.inReference }),
      }));
      return {
        method,
        unit: 'mm',
        results,
        ...(method === 'pilot' ? { pilotLab: 'lab-1' } : {}),
        ...(transferStandardUncertainty === undefined ? {} : { transferStandardUncertainty }),
        ...(grubbs && (method === 'weighted-mean' || method === 'arithmetic-mean') ? { outlierScreening: 'grubbs' as const } : {}),
      };
    });

  /** The input as the evaluation records it: everything needed to compute it again. */
  const recordedInput = (evaluation: ComparisonEvaluation): EvaluationInput => ({
    method: evaluation.reference.method,
    unit: evaluation.reference.unit,
    ...(evaluation.pilotLab === null ? {} : { pilotLab: evaluation.pilotLab }),
    ...(evaluation.transferStandardUncertainty === null ? {} : { transferStandardUncertainty: evaluation.transferStandardUncertainty.value }),
    ...(evaluation.outlierScreening === null ? {} : { outlierScreening: 'grubbs' as const }),
    results: evaluation.results.map((r) => ({
      lab: r.lab,
      value: r.value,
      expandedUncertainty: r.expandedUncertainty,
      coverageFactor: r.coverageFactor,
      ...(r.notInReferenceReason === 'declared' ? { inReference: false } : {}),
    })),
  });

  it('gives the same JSON for the same input, for a copy of it, and for the input read back from its own record; and leaves the input alone', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const before = JSON.stringify(input);
        const first = JSON.stringify(evaluateComparison(input));
        expect(JSON.stringify(input)).toBe(before);
        expect(JSON.stringify(evaluateComparison(JSON.parse(before) as EvaluationInput))).toBe(first);
        const replayed = evaluateComparison(recordedInput(JSON.parse(first) as ComparisonEvaluation));
        expect(JSON.stringify(replayed)).toBe(first);
        // Every figure is a finite number; En is either a number with its verdict, or null with the rule why.
        for (const r of (JSON.parse(first) as ComparisonEvaluation).results) {
          expect(r.en === null ? r.satisfactory === null && r.enNotComputed !== null : Number.isFinite(r.en) && r.satisfactory === Math.abs(r.en) <= 1).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20_260_601 },
    );
  });

  it('gives the same En whatever order the labs are listed in', () => {
    const shuffled = { ...weightedMeanInput, results: [...weightedMeanInput.results].reverse() };
    const a = byLab(evaluateComparison(weightedMeanInput));
    const b = byLab(evaluateComparison(shuffled));
    for (const name of ['A', 'B', 'C', 'D', 'E']) expect(b[name].en).toBeCloseTo(a[name].en!, 12);
  });
});
