import { InvalidDataError, type LocalizedText } from '../../shared/domain-error.js';
import { GRUBBS_ALPHA, GRUBBS_CRITICAL_VALUES_SOURCE, GRUBBS_MAX_N, GRUBBS_MIN_N, grubbsScreen, type GrubbsStep } from './grubbs.js';

/**
 * The evaluation of a measurement comparison (计量比对, DOMAIN.md §2): the reference value by the
 * method the protocol fixes, and each participant's normalised error En against it.
 *
 * A pure function of its input: no clock, no randomness, no I/O. The same input gives the same
 * result, key for key and bit for bit, so a result recomputed from recorded events is the one
 * recorded: the computation uses only +, −, ×, ÷ and Math.sqrt (correctly rounded under IEEE 754)
 * in a fixed order (the order of the results as given; the median sorts a copy), and a table for
 * Grubbs' critical values. Numbers are never rounded.
 *
 * Every figure is recorded with its unit, and every expanded uncertainty with its coverage factor;
 * the formula used (the reference method's, and for each lab which covariance term) is recorded
 * as text beside the numbers, because public summaries of JJF 1117 disagree on the details.
 *
 * Invalid data is refused with an InvalidDataError that names the rule (code `comparison.*`).
 */

export const REFERENCE_METHODS = ['weighted-mean', 'arithmetic-mean', 'median', 'pilot'] as const;
/** 参考值的确定方法: how the protocol fixes the reference value. */
export type ReferenceMethod = (typeof REFERENCE_METHODS)[number];

export const OUTLIER_SCREENINGS = ['none', 'grubbs'] as const;
/** 离群值检验: the screening applied before a mean (none by default). */
export type OutlierScreening = (typeof OUTLIER_SCREENINGS)[number];

/** The coverage factor of the reference's expanded uncertainty and of U(x_i − X_ref). */
export const REFERENCE_COVERAGE_FACTOR = 2;

/** |En| ≤ 1 is satisfactory. */
export const SATISFACTORY_CRITERION = '|En| ≤ 1';

/**
 * The radicand of U(x_i − X_ref) is trusted only when it exceeds this fraction of the sum of the
 * magnitudes of its terms (u_i² + 2·|cov| + u_ref² + u_tr²). Each term and each sum is rounded
 * to about 1.1e-16 of its size, so a radicand below 1e-12 of the terms is mostly rounding: it
 * may come out negative or zero, or tiny and positive, and an En divided by it means nothing.
 * Above it, the radicand is right to better than 0.1 %. See EN_NOT_COMPUTED_DOMINANT.
 */
export const RADICAND_RELATIVE_FLOOR = 1e-12;

/** 参比实验室的测量结果: one participant's reported value, its expanded uncertainty and coverage factor. */
export interface ParticipantResult {
  lab: string;
  value: number;
  /** Expanded uncertainty U_i > 0, in the evaluation's unit. */
  expandedUncertainty: number;
  /** Coverage factor k_i > 0 of U_i; the standard uncertainty is u_i = U_i / k_i. */
  coverageFactor: number;
  /** Whether the lab's value may enter the reference value; true when absent. */
  inReference?: boolean;
}

/** 比对结果评价的输入: the protocol's reference method and every participant's result, in one unit. */
export interface EvaluationInput {
  method: ReferenceMethod;
  /** 主导实验室: required for method `pilot`; when given, it must be one of the results. */
  pilotLab?: string;
  /** The unit of every value and uncertainty; compared as written, never converted. */
  unit: string;
  /** 传递标准的不稳定性 u_tr: a standard uncertainty (k = 1) ≥ 0, added under the root of every En. */
  transferStandardUncertainty?: number;
  outlierScreening?: OutlierScreening;
  results: ParticipantResult[];
}

/** 参考值: the agreed value of the comparison, its uncertainty, and the labs it was computed from. */
export interface ReferenceValue {
  method: ReferenceMethod;
  value: number;
  standardUncertainty: number;
  expandedUncertainty: number;
  coverageFactor: typeof REFERENCE_COVERAGE_FACTOR;
  unit: string;
  /** The labs whose values entered the reference, in the order given; n is their number. */
  labs: string[];
  n: number;
  formula: string;
  /** Only for the median: the median absolute deviation and its normal-consistent scaling. */
  medianAbsoluteDeviation?: number;
  scaledMedianAbsoluteDeviation?: number;
}

/** 协方差项: which covariance term cov(x_i, X_ref) the lab's En used. */
export type CovarianceRule =
  /** cov = u_ref²: the lab is in a weighted-mean reference. */
  | 'in-weighted-mean'
  /** cov = u_i²/n: the lab is in an arithmetic-mean reference. */
  | 'in-arithmetic-mean'
  /** cov = 0: the median is used as a robust value, its correlation with each lab neglected. */
  | 'in-median'
  /** cov = 0: the lab's value is not in the reference (declared, outlier, or the pilot method). */
  | 'not-in-reference'
  /** The lab is the pilot whose value is the reference: no En. */
  | 'pilot-is-reference';

/** 不参与参考值计算的原因: why a lab's value is not in the reference. */
export type NotInReferenceReason = 'declared' | 'grubbs-outlier' | 'pilot-method';

/** 不计算 En 值的原因: why no En was computed for a lab, a named rule with a reason in both languages. */
export interface EnNotComputed {
  code: 'comparison.pilot-is-reference' | 'comparison.en-undefined';
  reason: LocalizedText;
}

/** 归一化偏差 En: one lab's degree of agreement with the reference value, with every figure it used. */
export interface LabEvaluation {
  lab: string;
  en: number | null;
  satisfactory: boolean | null;
  value: number;
  expandedUncertainty: number;
  coverageFactor: number;
  standardUncertainty: number;
  unit: string;
  inReference: boolean;
  notInReferenceReason: NotInReferenceReason | null;
  covarianceRule: CovarianceRule;
  /** cov(x_i, X_ref), in the square of the unit (covarianceUnit). */
  covariance: number;
  covarianceUnit: string;
  /** x_i − X_ref, in the unit. */
  difference: number;
  /** u_i² − 2·cov + u_ref² + u_tr² as computed (the variant's form), in the square of the unit; null for the pilot's own value. */
  differenceVariance: number | null;
  /** U(x_i − X_ref) = 2·sqrt(differenceVariance), in the unit; null when no En was computed. */
  differenceExpandedUncertainty: number | null;
  differenceCoverageFactor: typeof REFERENCE_COVERAGE_FACTOR;
  /** The En formula this lab's figures used, with its covariance term. */
  formula: string;
  enNotComputed: EnNotComputed | null;
}

/** 格拉布斯检验 as recorded: the test, its level, where its critical values come from, and each round. */
export interface OutlierScreeningRecord {
  test: 'grubbs';
  alpha: typeof GRUBBS_ALPHA;
  twoSided: true;
  criticalValues: string;
  steps: GrubbsStep[];
  excluded: string[];
}

/** 比对结果评价: the reference value, each lab's En, and the formulas used. */
export interface ComparisonEvaluation {
  reference: ReferenceValue;
  results: LabEvaluation[];
  formula: string;
  satisfactoryCriterion: typeof SATISFACTORY_CRITERION;
  /** u_tr as declared, a standard uncertainty (coverage factor 1); null when the protocol declares none. */
  transferStandardUncertainty: { value: number; unit: string; coverageFactor: 1 } | null;
  outlierScreening: OutlierScreeningRecord | null;
  pilotLab: string | null;
}

// ---------------------------------------------------------------------------------------------
// Formula texts
// ---------------------------------------------------------------------------------------------

/** The median's standard uncertainty, the estimate of the CCQM guidance note on consensus KCRVs. */
export const MEDIAN_UNCERTAINTY_FACTOR = 1.2533;
/** MAD scaled to estimate a normal standard deviation: 1/Φ⁻¹(3/4). */
export const MAD_SCALE = 1.4826;

export const REFERENCE_FORMULAS: Readonly<Record<ReferenceMethod, string>> = {
  'weighted-mean': 'X_ref = Σ(x_i/u_i²) / Σ(1/u_i²); u_ref = (Σ 1/u_i²)^(-1/2); sums over the n labs in the reference',
  'arithmetic-mean': 'X_ref = Σx_i / n; u_ref = sqrt(Σu_i²) / n; sums over the n labs in the reference',
  median:
    'X_ref = median(x_i); u_ref = 1.2533·MADe / sqrt(n), MADe = 1.4826·median(|x_i − X_ref|) ' +
    '(CCQM guidance note: estimation of a consensus KCRV and associated degrees of equivalence, 2013; 1.2533 = sqrt(π/2)); over the n labs in the reference',
  pilot: 'X_ref = x_pilot; u_ref = u_pilot (the pilot lab’s value and standard uncertainty)',
};

export const EN_FORMULA = 'En = (x_i − X_ref) / U(x_i − X_ref); U(x_i − X_ref) = 2·sqrt(u_i² − 2·cov(x_i, X_ref) + u_ref² + u_tr²)';

const withTransfer = (root: string, transfer: boolean) => (transfer ? `${root} + u_tr²` : root);

function labFormula(rule: CovarianceRule, transfer: boolean, n: number): string {
  switch (rule) {
    case 'in-weighted-mean':
      return `En = (x_i − X_ref) / (2·sqrt(${withTransfer('u_i² − u_ref²', transfer)})); cov = u_ref²: the lab is in the weighted-mean reference`;
    case 'in-arithmetic-mean':
      return `En = (x_i − X_ref) / (2·sqrt(${withTransfer('u_i²·(1 − 2/n) + u_ref²', transfer)})), n = ${n}; cov = u_i²/n: the lab is in the arithmetic-mean reference`;
    case 'in-median':
      return `En = (x_i − X_ref) / (2·sqrt(${withTransfer('u_i² + u_ref²', transfer)})); cov = 0: the median is used as a robust value`;
    case 'not-in-reference':
      return `En = (x_i − X_ref) / (2·sqrt(${withTransfer('u_i² + u_ref²', transfer)})); cov = 0: the lab is not in the reference`;
    case 'pilot-is-reference':
      return 'no En: the pilot lab’s value is the reference';
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The evaluation
// ---------------------------------------------------------------------------------------------

/**
 * Computes the reference value and each lab's En.
 *
 * Standard uncertainties u_i = U_i / k_i; the reference's expanded uncertainty U_ref = 2·u_ref.
 * The labs in the reference are those not declared out (inReference false) and not excluded by
 * the Grubbs screening; for method `pilot`, the pilot lab alone. For the means, n is their number.
 *
 * En = (x_i − X_ref) / U(x_i − X_ref), U(x_i − X_ref) = 2·sqrt(u_i² − 2·cov + u_ref² + u_tr²), with
 * cov = u_ref² for a lab in a weighted-mean reference, u_i²/n in an arithmetic-mean reference, and
 * 0 for a lab not in the reference or with the median. The pilot's own value, as the reference,
 * has no En. |En| ≤ 1 is satisfactory.
 *
 * The root of a lab in a weighted-mean reference, u_i² − u_ref² + u_tr², is positive in exact
 * arithmetic (u_ref² = 1/Σ_j(1/u_j²) < u_i²), but when one lab carries nearly all the weight the
 * subtraction cancels and rounding can leave it negative, zero or meaningless. Such a radicand
 * (≤ RADICAND_RELATIVE_FLOOR of its terms) gives no En: the lab's en and satisfactory are null and
 * enNotComputed names the rule `comparison.en-undefined`; the other labs are evaluated as usual.
 */
export function evaluateComparison(input: EvaluationInput): ComparisonEvaluation {
  validate(input);
  const unit = input.unit;
  const transfer = input.transferStandardUncertainty;
  const uTr = transfer ?? 0;
  const screening: OutlierScreening = input.outlierScreening ?? 'none';
  const labs = input.results.map((result) => ({
    lab: result.lab,
    value: result.value,
    expandedUncertainty: result.expandedUncertainty,
    coverageFactor: result.coverageFactor,
    u: result.expandedUncertainty / result.coverageFactor,
    declaredIn: result.inReference !== false,
  }));
  // u_i² must neither underflow to 0 nor overflow: every weight 1/u_i² is then a finite number.
  requireFiniteResults(labs.map((lab) => 1 / (lab.u * lab.u)));

  // Which labs enter the reference, and why the others do not.
  const reasons = new Map<string, NotInReferenceReason>();
  let outlierScreening: OutlierScreeningRecord | null = null;
  if (input.method === 'pilot') {
    for (const lab of labs) if (lab.lab !== input.pilotLab) reasons.set(lab.lab, 'pilot-method');
  } else {
    for (const lab of labs) if (!lab.declaredIn) reasons.set(lab.lab, 'declared');
    const declared = labs.filter((lab) => lab.declaredIn);
    if (declared.length < 2) {
      throw new InvalidDataError('comparison.too-few-in-reference', {
        en: `The ${input.method} reference needs at least 2 labs in it; ${declared.length} ${declared.length === 1 ? 'is' : 'are'} (the others are marked inReference false).`,
        'zh-CN': `以${METHOD_NAMES_ZH[input.method]}确定参考值至少需要 2 个参与计算的实验室，现有 ${declared.length} 个（其余标记为 inReference false）。`,
      });
    }
    if (screening === 'grubbs') {
      const screened = grubbsScreen(
        declared.map((lab) => ({ lab: lab.lab, value: lab.value })),
        unit,
      );
      for (const lab of screened.excluded) reasons.set(lab, 'grubbs-outlier');
      outlierScreening = { test: 'grubbs', alpha: GRUBBS_ALPHA, twoSided: true, criticalValues: GRUBBS_CRITICAL_VALUES_SOURCE, steps: screened.steps, excluded: screened.excluded };
    }
  }
  const inReference = labs.filter((lab) => !reasons.has(lab.lab));
  const n = inReference.length;

  // The reference value.
  let value: number;
  let uRef: number;
  let medianDetails: Pick<ReferenceValue, 'medianAbsoluteDeviation' | 'scaledMedianAbsoluteDeviation'> = {};
  switch (input.method) {
    case 'weighted-mean': {
      let sumOfWeights = 0;
      let sumOfWeightedValues = 0;
      for (const lab of inReference) {
        const weight = 1 / (lab.u * lab.u);
        sumOfWeights += weight;
        sumOfWeightedValues += lab.value * weight;
      }
      value = sumOfWeightedValues / sumOfWeights;
      uRef = 1 / Math.sqrt(sumOfWeights);
      break;
    }
    case 'arithmetic-mean': {
      let sum = 0;
      let sumOfSquares = 0;
      for (const lab of inReference) {
        sum += lab.value;
        sumOfSquares += lab.u * lab.u;
      }
      value = sum / n;
      uRef = Math.sqrt(sumOfSquares) / n;
      break;
    }
    case 'median': {
      value = medianOf(inReference.map((lab) => lab.value));
      const mad = medianOf(inReference.map((lab) => Math.abs(lab.value - value)));
      const scaled = MAD_SCALE * mad;
      uRef = (MEDIAN_UNCERTAINTY_FACTOR * scaled) / Math.sqrt(n);
      medianDetails = { medianAbsoluteDeviation: mad, scaledMedianAbsoluteDeviation: scaled };
      break;
    }
    case 'pilot': {
      const pilot = inReference[0];
      value = pilot.value;
      uRef = pilot.u;
      break;
    }
    default: {
      const unreachable: never = input.method;
      throw new Error(`unknown method ${String(unreachable)}`);
    }
  }
  const uRef2 = uRef * uRef;
  const reference: ReferenceValue = {
    method: input.method,
    value,
    standardUncertainty: uRef,
    expandedUncertainty: REFERENCE_COVERAGE_FACTOR * uRef,
    coverageFactor: REFERENCE_COVERAGE_FACTOR,
    unit,
    labs: inReference.map((lab) => lab.lab),
    n,
    formula: REFERENCE_FORMULAS[input.method],
    ...medianDetails,
  };
  requireFiniteResults([reference.value, reference.standardUncertainty, reference.expandedUncertainty, uRef2, ...Object.values(medianDetails)]);

  // Each lab's En.
  const uTr2 = uTr * uTr;
  const results = labs.map((lab): LabEvaluation => {
    const reason = reasons.get(lab.lab) ?? null;
    const u2 = lab.u * lab.u;
    const rule: CovarianceRule =
      input.method === 'pilot' && reason === null
        ? 'pilot-is-reference'
        : reason !== null
          ? 'not-in-reference'
          : input.method === 'weighted-mean'
            ? 'in-weighted-mean'
            : input.method === 'arithmetic-mean'
              ? 'in-arithmetic-mean'
              : 'in-median';
    let covariance: number;
    let radicand: number | null;
    switch (rule) {
      case 'in-weighted-mean':
        covariance = uRef2;
        radicand = u2 - uRef2 + uTr2;
        break;
      case 'in-arithmetic-mean':
        covariance = u2 / n;
        radicand = u2 * ((n - 2) / n) + uRef2 + uTr2;
        break;
      case 'pilot-is-reference':
        covariance = uRef2;
        radicand = null;
        break;
      default:
        covariance = 0;
        radicand = u2 + uRef2 + uTr2;
    }
    const difference = lab.value - value;
    requireFiniteResults([covariance, difference, ...(radicand === null ? [] : [radicand])]);
    // En, or the rule why there is none: the pilot's own value, or a radicand lost in rounding.
    let en: number | null = null;
    let differenceExpandedUncertainty: number | null = null;
    let enNotComputed: EnNotComputed | null = EN_NOT_COMPUTED_PILOT;
    if (radicand !== null) {
      const terms = u2 + 2 * Math.abs(covariance) + uRef2 + uTr2;
      const expanded = REFERENCE_COVERAGE_FACTOR * Math.sqrt(radicand);
      const quotient = radicand > RADICAND_RELATIVE_FLOOR * terms ? difference / expanded : Number.NaN;
      if (Number.isFinite(quotient)) {
        en = quotient;
        differenceExpandedUncertainty = expanded;
        enNotComputed = null;
      } else {
        enNotComputed = EN_NOT_COMPUTED_DOMINANT(lab.lab, radicand, unit);
      }
    }
    return {
      lab: lab.lab,
      en,
      satisfactory: en === null ? null : Math.abs(en) <= 1,
      value: lab.value,
      expandedUncertainty: lab.expandedUncertainty,
      coverageFactor: lab.coverageFactor,
      standardUncertainty: lab.u,
      unit,
      inReference: reason === null,
      notInReferenceReason: reason,
      covarianceRule: rule,
      covariance,
      covarianceUnit: `(${unit})²`,
      difference,
      differenceVariance: radicand,
      differenceExpandedUncertainty,
      differenceCoverageFactor: REFERENCE_COVERAGE_FACTOR,
      formula: labFormula(rule, transfer !== undefined, n),
      enNotComputed,
    };
  });

  return {
    reference,
    results,
    formula: overallFormula(input.method, transfer !== undefined, outlierScreening !== null),
    satisfactoryCriterion: SATISFACTORY_CRITERION,
    transferStandardUncertainty: transfer === undefined ? null : { value: transfer, unit, coverageFactor: 1 },
    outlierScreening,
    pilotLab: input.pilotLab ?? null,
  };
}

function overallFormula(method: ReferenceMethod, transfer: boolean, screened: boolean): string {
  const parts = [
    'u_i = U_i / k_i',
    ...(screened ? [`Grubbs’ test (two-sided, α = 0.05, repeated until no outlier) before the ${method === 'weighted-mean' ? 'weighted' : 'arithmetic'} mean; an outlier is not in the reference`] : []),
    REFERENCE_FORMULAS[method],
    'U_ref = 2·u_ref',
    transfer ? EN_FORMULA : EN_FORMULA.replace(' + u_tr²', ''),
    'cov = u_ref² for a lab in a weighted-mean reference, u_i²/n in an arithmetic-mean reference, 0 for a lab not in the reference and with the median',
    ...(method === 'pilot' ? ['the pilot lab’s own value is the reference and has no En'] : []),
    `${SATISFACTORY_CRITERION} satisfactory`,
  ];
  return parts.join('; ');
}

const EN_NOT_COMPUTED_PILOT: EnNotComputed = {
  code: 'comparison.pilot-is-reference',
  reason: {
    en: 'The pilot lab’s value is the reference value, so it has no En.',
    'zh-CN': '主导实验室的测得值即参考值，不计算其 En 值。',
  },
};

/**
 * A lab that carries (almost) all the weight of a weighted-mean reference: u_i² − u_ref² cancels
 * to rounding, and an En divided by what is left means nothing.
 */
const EN_NOT_COMPUTED_DOMINANT = (lab: string, radicand: number, unit: string): EnNotComputed => ({
  code: 'comparison.en-undefined',
  reason: {
    en:
      `No En for ${lab}: u_i² − 2·cov + u_ref² + u_tr² = ${radicand} (${unit})² is not positive beyond rounding, because the lab carries almost all the weight of the reference; ` +
      'its difference from the reference has no uncertainty left to normalise by. Evaluate it against an independent reference (inReference false) or declare the transfer standard’s instability.',
    'zh-CN':
      `不计算 ${lab} 的 En 值：u_i² − 2·cov + u_ref² + u_tr² = ${radicand} (${unit})²，在舍入误差范围内不为正，因为该实验室几乎占参考值的全部权重，其与参考值之差已无不确定度可用于归一化。` +
      '请将其作为不参与参考值计算的实验室（inReference false）评价，或申报传递标准的不稳定性。',
  },
});

const METHOD_NAMES_ZH: Readonly<Record<ReferenceMethod, string>> = {
  'weighted-mean': '加权平均值',
  'arithmetic-mean': '算术平均值',
  median: '中位值',
  pilot: '主导实验室的测得值',
};

/** The median of a non-empty list; the mean of the middle two when the length is even. */
function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Rules on the input
// ---------------------------------------------------------------------------------------------

/** The fewest participants an evaluation accepts. */
export const MIN_PARTICIPANTS = 2;

function validate(input: EvaluationInput): void {
  if (!(REFERENCE_METHODS as readonly string[]).includes(input.method)) {
    throw new InvalidDataError('comparison.unknown-method', {
      en: `"${String(input.method)}" is not a reference method; use one of ${REFERENCE_METHODS.join(', ')}.`,
      'zh-CN': `“${String(input.method)}”不是参考值的确定方法，请使用 ${REFERENCE_METHODS.join('、')} 之一。`,
    });
  }
  if (input.outlierScreening !== undefined && !(OUTLIER_SCREENINGS as readonly string[]).includes(input.outlierScreening)) {
    throw new InvalidDataError('comparison.unknown-screening', {
      en: `"${String(input.outlierScreening)}" is not an outlier screening; use one of ${OUTLIER_SCREENINGS.join(', ')}.`,
      'zh-CN': `“${String(input.outlierScreening)}”不是离群值检验方法，请使用 ${OUTLIER_SCREENINGS.join('、')} 之一。`,
    });
  }
  if (typeof input.unit !== 'string' || input.unit.trim() === '') {
    throw new InvalidDataError('comparison.unit-missing', {
      en: 'Give the unit of the values and uncertainties.',
      'zh-CN': '请填写测得值和不确定度的单位。',
    });
  }
  const results = input.results;
  if (!Array.isArray(results) || results.length < MIN_PARTICIPANTS) {
    const count = Array.isArray(results) ? results.length : 0;
    throw new InvalidDataError('comparison.too-few-labs', {
      en: `A comparison needs the results of at least ${MIN_PARTICIPANTS} labs; ${count} ${count === 1 ? 'was' : 'were'} given.`,
      'zh-CN': `比对至少需要 ${MIN_PARTICIPANTS} 个实验室的结果，现有 ${count} 个。`,
    });
  }
  const seen = new Set<string>();
  for (const result of results) {
    if (typeof result.lab !== 'string' || result.lab.trim() === '') {
      throw new InvalidDataError('comparison.lab-missing', { en: 'Every result names its lab.', 'zh-CN': '每个结果都应注明实验室名称。' });
    }
    if (seen.has(result.lab)) {
      throw new InvalidDataError('comparison.duplicate-lab', {
        en: `The lab "${result.lab}" is listed more than once; give each lab's result once.`,
        'zh-CN': `实验室“${result.lab}”出现了不止一次，每个实验室只能提交一个结果。`,
      });
    }
    seen.add(result.lab);
    requireFinite(result.value, { en: `the value of ${result.lab}`, zh: `${result.lab} 的测得值` });
    requireFinite(result.expandedUncertainty, { en: `the expanded uncertainty of ${result.lab}`, zh: `${result.lab} 的扩展不确定度` });
    requireFinite(result.coverageFactor, { en: `the coverage factor of ${result.lab}`, zh: `${result.lab} 的包含因子` });
    if (result.expandedUncertainty <= 0) {
      throw new InvalidDataError('comparison.non-positive-uncertainty', {
        en: `The expanded uncertainty of ${result.lab} is ${result.expandedUncertainty}; it must be greater than 0.`,
        'zh-CN': `${result.lab} 的扩展不确定度为 ${result.expandedUncertainty}，应大于 0。`,
      });
    }
    if (result.coverageFactor <= 0) {
      throw new InvalidDataError('comparison.non-positive-coverage-factor', {
        en: `The coverage factor of ${result.lab} is ${result.coverageFactor}; it must be greater than 0 (k = 2 is usual).`,
        'zh-CN': `${result.lab} 的包含因子为 ${result.coverageFactor}，应大于 0（通常取 k = 2）。`,
      });
    }
  }
  if (input.transferStandardUncertainty !== undefined) {
    requireFinite(input.transferStandardUncertainty, { en: "the transfer standard's instability u_tr", zh: '传递标准的不稳定性 u_tr' });
    if (input.transferStandardUncertainty < 0) {
      throw new InvalidDataError('comparison.negative-uncertainty', {
        en: `The transfer standard's instability u_tr is ${input.transferStandardUncertainty}; an uncertainty cannot be negative.`,
        'zh-CN': `传递标准的不稳定性 u_tr 为 ${input.transferStandardUncertainty}，不确定度不能为负。`,
      });
    }
  }
  if (input.method === 'pilot' && input.pilotLab === undefined) {
    throw new InvalidDataError('comparison.pilot-lab-missing', {
      en: 'The pilot method takes the pilot lab’s value as the reference: name the pilot lab (pilotLab).',
      'zh-CN': '以主导实验室的测得值作参考值时，请注明主导实验室（pilotLab）。',
    });
  }
  if (input.pilotLab !== undefined && !seen.has(input.pilotLab)) {
    throw new InvalidDataError('comparison.pilot-lab-unknown', {
      en: `The pilot lab "${String(input.pilotLab)}" has no result among the results; give its result or name another lab.`,
      'zh-CN': `主导实验室“${String(input.pilotLab)}”不在结果之中，请提交其结果或注明其他实验室。`,
    });
  }
  if (input.method === 'pilot' && results.some((result) => result.lab === input.pilotLab && result.inReference === false)) {
    throw new InvalidDataError('comparison.pilot-not-in-reference', {
      en: `The pilot method takes the value of ${String(input.pilotLab)} as the reference; it cannot be marked inReference false.`,
      'zh-CN': `以主导实验室的测得值作参考值时，${String(input.pilotLab)} 不能标记为 inReference false。`,
    });
  }
  if (input.outlierScreening === 'grubbs') {
    if (input.method !== 'weighted-mean' && input.method !== 'arithmetic-mean') {
      throw new InvalidDataError('comparison.screening-not-applicable', {
        en: `Grubbs' screening applies before a mean; the ${input.method} method does not take it.`,
        'zh-CN': `格拉布斯检验用于求平均值之前，${METHOD_NAMES_ZH[input.method]}方法不适用。`,
      });
    }
    const n = results.filter((result) => result.inReference !== false).length;
    if (n < GRUBBS_MIN_N || n > GRUBBS_MAX_N) {
      throw new InvalidDataError('comparison.screening-range', {
        en: `Grubbs' screening is tabulated for ${GRUBBS_MIN_N} to ${GRUBBS_MAX_N} labs in the reference; ${n} are.`,
        'zh-CN': `格拉布斯检验的临界值表适用于 ${GRUBBS_MIN_N} 至 ${GRUBBS_MAX_N} 个参与参考值计算的实验室，现有 ${n} 个。`,
      });
    }
  }
}

interface Named {
  en: string;
  zh: string;
}

function requireFinite(value: unknown, what: Named): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidDataError('comparison.not-finite', {
      en: `${what.en.charAt(0).toUpperCase()}${what.en.slice(1)} is not a finite number (${String(value)}).`,
      'zh-CN': `${what.zh}不是有限数值（${String(value)}）。`,
    });
  }
}

/** Finite inputs can still overflow or underflow into a division by zero: a result never carries Infinity or NaN. */
function requireFiniteResults(values: readonly number[]): void {
  if (values.some((value) => !Number.isFinite(value))) {
    throw new InvalidDataError('comparison.out-of-range', {
      en: 'The values or uncertainties are too large or too small to compute with; give them in a unit that keeps them within range.',
      'zh-CN': '测得值或不确定度过大或过小，无法计算，请换用合适的单位使数值处于可计算范围内。',
    });
  }
}
