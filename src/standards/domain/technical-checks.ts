import { InvalidDataError } from '../../shared/domain-error.js';

/**
 * The technical checks of a measurement-standard assessment (计量标准考核), computed from the data
 * the applicant submits: repeatability, stability, the uncertainty budget and the verification of
 * results (DOMAIN.md §1).
 *
 * Each check is a pure function: it validates its input, refuses invalid data with an
 * InvalidDataError (a DomainError that the HTTP edge answers with 422) that names the rule, and
 * otherwise returns a record of its inputs, the formula and the result that an event can carry as
 * it is (plain JSON: finite numbers, strings, booleans, arrays).
 *
 * Reproducibility: results are plain doubles, never rounded. The computations use only
 * +, −, ×, ÷ and Math.sqrt (all correctly rounded under IEEE 754) in a fixed order, so the same
 * inputs give the same record bit for bit on any engine; Math.hypot is avoided on purpose because
 * its rounding is implementation-defined. No clock, no randomness, no I/O.
 *
 * Units are compared as exact strings: no conversion is ever attempted. Where two quantities
 * meet in a formula they must carry the same unit string.
 */

/** 量值: a number with its unit. */
export interface Quantity {
  value: number;
  unit: string;
}

/** 测得值: repeated readings of one quantity, all in one unit. */
export interface Readings {
  values: number[];
  unit: string;
}

/** What a pass/fail check compared its result against, and how. */
export interface CheckLimit<PassWhen extends string> {
  value: number;
  unit: string;
  /** The comparison that decides the check, in words a reader of the record understands. */
  passWhen: PassWhen;
}

// ---------------------------------------------------------------------------------------------
// Repeatability
// ---------------------------------------------------------------------------------------------

/** The least number of readings a repeatability check accepts (JJF 1033: n ≥ 10). */
export const MIN_REPEATABILITY_READINGS = 10;

export const REPEATABILITY_FORMULA = 's = sqrt(Σ(x_i − x̄)² / (n − 1))';

/**
 * 重复性 (repeatability) check record: the experimental standard deviation s of n ≥ 10 readings,
 * compared with the repeatability component declared in the uncertainty budget. Passes when
 * s ≤ the declared component.
 */
export interface RepeatabilityRecord {
  check: 'repeatability';
  formula: typeof REPEATABILITY_FORMULA;
  inputs: { readings: Readings; declaredComponent: Quantity };
  result: { n: number; mean: number; s: number; unit: string };
  pass: boolean;
  limit: CheckLimit<'s <= declared repeatability component'>;
}

export interface RepeatabilityInput {
  readings: Readings;
  /** The repeatability component of the uncertainty budget, in the readings' unit. */
  declaredComponent: Quantity;
}

export function repeatability(input: RepeatabilityInput): RepeatabilityRecord {
  const { readings, declaredComponent } = input;
  requireFiniteValues(readings.values, { en: 'the repeatability readings', zh: '重复性测得值' });
  requireFinite(declaredComponent.value, { en: 'the declared repeatability component', zh: '申报的重复性分量' });
  requireNonNegativeUncertainty(declaredComponent.value, { en: 'The declared repeatability component', zh: '申报的重复性分量' });
  requireSameUnit(readings.unit, declaredComponent.unit, {
    en: `The declared repeatability component is in "${declaredComponent.unit}" but the readings are in "${readings.unit}"; express both in the same unit.`,
    zh: `申报的重复性分量单位为“${declaredComponent.unit}”，而测得值单位为“${readings.unit}”，请用同一单位表示。`,
  });
  const n = readings.values.length;
  if (n < MIN_REPEATABILITY_READINGS) {
    throw new InvalidDataError('technical.too-few-readings', {
      en: `Repeatability needs at least ${MIN_REPEATABILITY_READINGS} readings; ${n} were given.`,
      'zh-CN': `重复性检验至少需要 ${MIN_REPEATABILITY_READINGS} 个测得值，现有 ${n} 个。`,
    });
  }
  const mean = meanOf(readings.values);
  const s = Math.sqrt(sumOfSquaredDeviations(readings.values, mean) / (n - 1));
  requireFiniteResult([mean, s], { en: 'repeatability', zh: '重复性' });
  return {
    check: 'repeatability',
    formula: REPEATABILITY_FORMULA,
    inputs: { readings: copyReadings(readings), declaredComponent: copyQuantity(declaredComponent) },
    result: { n, mean, s, unit: readings.unit },
    pass: s <= declaredComponent.value,
    limit: { value: declaredComponent.value, unit: readings.unit, passWhen: 's <= declared repeatability component' },
  };
}

// ---------------------------------------------------------------------------------------------
// Stability
// ---------------------------------------------------------------------------------------------

/** The least number of groups a stability check accepts (JJF 1033: m ≥ 4). */
export const MIN_STABILITY_GROUPS = 4;

/**
 * The default least number of readings per stability group. JJF 1033 asks for "a group of n
 * repeated measurements" whose mean is the group's value, without fixing n. A single reading is
 * not a group of repeated measurements, and with one or two readings the group mean is little
 * better than a single reading, so one group's noise can decide the check; 3 is the floor this
 * engine applies by default. Practice often uses n = 10 (as for repeatability): a policy raises
 * the floor with the `minReadingsPerGroup` parameter.
 */
export const DEFAULT_MIN_READINGS_PER_STABILITY_GROUP = 3;

export const STABILITY_FORMULA = 'stability = max(ȳ_j) − min(ȳ_j), ȳ_j = Σ_k y_jk / n_j';

/** One group of stability readings, taken on one calendar day (YYYY-MM-DD). */
export interface StabilityGroup {
  takenOn: string;
  readings: number[];
}

/**
 * The pass criterion: |MPE| for a standard used by its accuracy class, or the expanded
 * uncertainty of the correction for a standard used with corrections. In the groups' unit.
 */
export type StabilityCriterion =
  | { kind: 'MPE'; value: number; unit: string }
  | { kind: 'EXPANDED_UNCERTAINTY'; value: number; unit: string };

/**
 * 稳定性 (stability) check record: m ≥ 4 groups of readings, consecutive groups more than one
 * calendar month apart; stability is the spread of the group means. Passes when it is strictly
 * below |MPE| or below the expanded uncertainty of the correction.
 */
export interface StabilityRecord {
  check: 'stability';
  formula: typeof STABILITY_FORMULA;
  inputs: {
    /** The groups in chronological order (the order the computation used). */
    groups: StabilityGroup[];
    unit: string;
    criterion: StabilityCriterion;
    minReadingsPerGroup: number;
  };
  result: {
    m: number;
    groupMeans: { takenOn: string; n: number; mean: number }[];
    max: number;
    min: number;
    stability: number;
    unit: string;
  };
  pass: boolean;
  limit: CheckLimit<'stability < |MPE|' | 'stability < expanded uncertainty of the correction'>;
}

export interface StabilityInput {
  groups: StabilityGroup[];
  unit: string;
  criterion: StabilityCriterion;
  /** Least readings per group; an integer ≥ 1; defaults to DEFAULT_MIN_READINGS_PER_STABILITY_GROUP. */
  minReadingsPerGroup?: number;
}

/**
 * "More than one month apart": consecutive groups (in date order) are far enough apart when the
 * later date is strictly after the earlier date moved one calendar month forward, keeping the
 * day of the month, or taking the last day of the next month when that day does not exist there.
 * So after 15 January the next group may be taken on 16 February at the earliest; after
 * 31 January, on 1 March (28 or 29 February is one month later, not more).
 * Groups may be given in any order; they are sorted by date (ties keep their given order and are
 * then refused as too close).
 */
export function stability(input: StabilityInput): StabilityRecord {
  const { unit, criterion } = input;
  const minReadingsPerGroup = input.minReadingsPerGroup ?? DEFAULT_MIN_READINGS_PER_STABILITY_GROUP;
  if (!Number.isInteger(minReadingsPerGroup) || minReadingsPerGroup < 1) {
    throw new RangeError(`minReadingsPerGroup must be an integer ≥ 1, got ${minReadingsPerGroup}`);
  }
  requireFinite(criterion.value, { en: 'the stability criterion', zh: '稳定性判据' });
  if (criterion.kind === 'EXPANDED_UNCERTAINTY') {
    requireNonNegativeUncertainty(criterion.value, { en: 'The expanded uncertainty of the correction', zh: '修正值的扩展不确定度' });
  }
  requireSameUnit(unit, criterion.unit, {
    en: `The stability criterion is in "${criterion.unit}" but the readings are in "${unit}"; express both in the same unit.`,
    zh: `稳定性判据单位为“${criterion.unit}”，而测得值单位为“${unit}”，请用同一单位表示。`,
  });
  const m = input.groups.length;
  if (m < MIN_STABILITY_GROUPS) {
    throw new InvalidDataError('technical.too-few-groups', {
      en: `Stability needs at least ${MIN_STABILITY_GROUPS} groups of readings; ${m} were given.`,
      'zh-CN': `稳定性考核至少需要 ${MIN_STABILITY_GROUPS} 组测得值，现有 ${m} 组。`,
    });
  }
  for (const group of input.groups) {
    parseCalendarDate(group.takenOn);
    requireFiniteValues(group.readings, { en: `the stability group of ${group.takenOn}`, zh: `${group.takenOn} 的稳定性测量组` });
    if (group.readings.length < minReadingsPerGroup) {
      throw new InvalidDataError('technical.too-few-readings', {
        en: `Each stability group needs at least ${minReadingsPerGroup} readings; the group of ${group.takenOn} has ${group.readings.length}.`,
        'zh-CN': `稳定性考核每组至少需要 ${minReadingsPerGroup} 个测得值，${group.takenOn} 的一组现有 ${group.readings.length} 个。`,
      });
    }
  }
  const groups = input.groups
    .map((group, index) => ({ group, index }))
    .sort((a, b) => (a.group.takenOn < b.group.takenOn ? -1 : a.group.takenOn > b.group.takenOn ? 1 : a.index - b.index))
    .map(({ group }) => ({ takenOn: group.takenOn, readings: [...group.readings] }));
  for (let j = 1; j < groups.length; j++) {
    const earlier = groups[j - 1].takenOn;
    const later = groups[j].takenOn;
    const oneMonthOn = formatCalendarDate(addOneCalendarMonth(parseCalendarDate(earlier)));
    if (later <= oneMonthOn) {
      throw new InvalidDataError('technical.groups-too-close', {
        en: `Stability groups must be taken more than one month apart: the group of ${later} follows the group of ${earlier}; take it after ${oneMonthOn}.`,
        'zh-CN': `稳定性考核各组测量的间隔应大于一个月：${later} 的一组紧接 ${earlier} 的一组，应在 ${oneMonthOn} 之后测量。`,
      });
    }
  }
  const groupMeans = groups.map((group) => ({ takenOn: group.takenOn, n: group.readings.length, mean: meanOf(group.readings) }));
  let max = groupMeans[0].mean;
  let min = groupMeans[0].mean;
  for (const { mean } of groupMeans) {
    if (mean > max) max = mean;
    if (mean < min) min = mean;
  }
  const spread = max - min;
  requireFiniteResult([max, min, spread], { en: 'stability', zh: '稳定性' });
  const limitValue = criterion.kind === 'MPE' ? Math.abs(criterion.value) : criterion.value;
  return {
    check: 'stability',
    formula: STABILITY_FORMULA,
    inputs: { groups, unit, criterion: { ...criterion }, minReadingsPerGroup },
    result: { m, groupMeans, max, min, stability: spread, unit },
    pass: spread < limitValue,
    limit: {
      value: limitValue,
      unit,
      passWhen: criterion.kind === 'MPE' ? 'stability < |MPE|' : 'stability < expanded uncertainty of the correction',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Uncertainty budget
// ---------------------------------------------------------------------------------------------

export const DEFAULT_COVERAGE_FACTOR = 2;

export const UNCERTAINTY_BUDGET_FORMULA = 'u_i(y) = |c_i|·u_i; u_c = sqrt(Σ (c_i·u_i)²); U = k·u_c';

/** One input of the budget: a standard uncertainty u_i and its sensitivity coefficient c_i. */
export interface UncertaintyComponent {
  name: string;
  /** Standard uncertainty of the input quantity, ≥ 0, in the input quantity's unit. */
  u: Quantity;
  /** Sensitivity coefficient; defaults to 1. It carries any change of unit: no conversion is done. */
  c?: number;
  /** The unit of c_i·u_i, the same for every component: the unit of the output quantity. */
  contributionUnit: string;
}

/**
 * 测量不确定度 (measurement uncertainty) budget record: each component's contribution
 * u_i(y) = |c_i|·u_i, the combined standard uncertainty u_c and the expanded uncertainty U = k·u_c.
 * A budget has no pass/fail of its own.
 */
export interface UncertaintyBudgetRecord {
  check: 'uncertainty-budget';
  formula: typeof UNCERTAINTY_BUDGET_FORMULA;
  inputs: { components: { name: string; u: Quantity; c: number; contributionUnit: string }[]; k: number };
  result: {
    contributions: { name: string; contribution: Quantity }[];
    combined: Quantity;
    k: number;
    expanded: Quantity;
  };
}

export interface UncertaintyBudgetInput {
  components: UncertaintyComponent[];
  /** Coverage factor, > 0; defaults to 2. */
  k?: number;
}

export function uncertaintyBudget(input: UncertaintyBudgetInput): UncertaintyBudgetRecord {
  const k = input.k ?? DEFAULT_COVERAGE_FACTOR;
  requireFinite(k, { en: 'the coverage factor k', zh: '包含因子 k' });
  if (k <= 0) {
    throw new InvalidDataError('technical.bad-coverage-factor', {
      en: `The coverage factor k must be greater than 0; ${k} was given (k = 2 is usual).`,
      'zh-CN': `包含因子 k 必须大于 0，现为 ${k}（通常取 k = 2）。`,
    });
  }
  if (input.components.length === 0) {
    throw new InvalidDataError('technical.empty-budget', {
      en: 'The uncertainty budget has no components; list at least one source of uncertainty.',
      'zh-CN': '不确定度预算没有任何分量，请至少列出一个不确定度来源。',
    });
  }
  const components = input.components.map((component) => ({
    name: component.name,
    u: copyQuantity(component.u),
    c: component.c ?? 1,
    contributionUnit: component.contributionUnit,
  }));
  const unit = components[0].contributionUnit;
  for (const component of components) {
    requireFinite(component.u.value, { en: `the standard uncertainty of "${component.name}"`, zh: `“${component.name}”的标准不确定度` });
    requireFinite(component.c, { en: `the sensitivity coefficient of "${component.name}"`, zh: `“${component.name}”的灵敏系数` });
    requireNonNegativeUncertainty(component.u.value, {
      en: `The standard uncertainty of "${component.name}"`,
      zh: `“${component.name}”的标准不确定度`,
    });
    requireSameUnit(unit, component.contributionUnit, {
      en: `The contribution of "${component.name}" is in "${component.contributionUnit}" but the budget is in "${unit}"; choose the sensitivity coefficient so that every contribution c·u is in the same unit.`,
      zh: `“${component.name}”的分量单位为“${component.contributionUnit}”，而预算单位为“${unit}”，请选取灵敏系数，使各分量 c·u 的单位一致。`,
    });
  }
  let sumOfSquares = 0;
  const contributions = components.map((component) => {
    const contribution = Math.abs(component.c) * component.u.value;
    sumOfSquares += contribution * contribution;
    return { name: component.name, contribution: { value: contribution, unit } };
  });
  const combined = Math.sqrt(sumOfSquares);
  const expanded = k * combined;
  requireFiniteResult([...contributions.map((entry) => entry.contribution.value), combined, expanded], {
    en: 'the uncertainty budget',
    zh: '不确定度预算',
  });
  return {
    check: 'uncertainty-budget',
    formula: UNCERTAINTY_BUDGET_FORMULA,
    inputs: { components, k },
    result: { contributions, combined: { value: combined, unit }, k, expanded: { value: expanded, unit } },
  };
}

// ---------------------------------------------------------------------------------------------
// Verification of results
// ---------------------------------------------------------------------------------------------

export const VERIFICATION_FORMULA = '|y_lab − y_ref| ≤ sqrt(U_lab² + U_ref²)';

/** A measured value with its expanded uncertainty, in the same unit. */
export interface ResultWithUncertainty {
  y: Quantity;
  U: Quantity;
}

/**
 * 测量结果的验证 (verification of results) record: the laboratory's result against a higher
 * standard's (transfer comparison). Passes when |y_lab − y_ref| ≤ sqrt(U_lab² + U_ref²).
 */
export interface VerificationOfResultsRecord {
  check: 'verification-of-results';
  formula: typeof VERIFICATION_FORMULA;
  inputs: { lab: ResultWithUncertainty; reference: ResultWithUncertainty };
  result: { difference: number; absoluteDifference: number; unit: string };
  pass: boolean;
  limit: CheckLimit<'|y_lab − y_ref| <= sqrt(U_lab² + U_ref²)'>;
}

export interface VerificationOfResultsInput {
  lab: ResultWithUncertainty;
  reference: ResultWithUncertainty;
}

export function verificationOfResults(input: VerificationOfResultsInput): VerificationOfResultsRecord {
  const { lab, reference } = input;
  const named: [Quantity, { en: string; zh: string }][] = [
    [lab.y, { en: "the laboratory's result y_lab", zh: '本实验室测得值 y_lab' }],
    [lab.U, { en: "the laboratory's expanded uncertainty U_lab", zh: '本实验室扩展不确定度 U_lab' }],
    [reference.y, { en: 'the reference result y_ref', zh: '参考测得值 y_ref' }],
    [reference.U, { en: 'the reference expanded uncertainty U_ref', zh: '参考扩展不确定度 U_ref' }],
  ];
  for (const [quantity, what] of named) requireFinite(quantity.value, what);
  requireNonNegativeUncertainty(lab.U.value, { en: "The laboratory's expanded uncertainty U_lab", zh: '本实验室扩展不确定度 U_lab' });
  requireNonNegativeUncertainty(reference.U.value, { en: 'The reference expanded uncertainty U_ref', zh: '参考扩展不确定度 U_ref' });
  const unit = lab.y.unit;
  for (const [quantity, what] of named.slice(1)) {
    requireSameUnit(unit, quantity.unit, {
      en: `${capitalise(what.en)} is in "${quantity.unit}" but the laboratory's result is in "${unit}"; express all four values in the same unit.`,
      zh: `${what.zh}的单位为“${quantity.unit}”，而本实验室测得值单位为“${unit}”，请将四个量值用同一单位表示。`,
    });
  }
  const difference = lab.y.value - reference.y.value;
  const absoluteDifference = Math.abs(difference);
  const limitValue = Math.sqrt(lab.U.value * lab.U.value + reference.U.value * reference.U.value);
  requireFiniteResult([difference, limitValue], { en: 'the verification of results', zh: '测量结果的验证' });
  return {
    check: 'verification-of-results',
    formula: VERIFICATION_FORMULA,
    inputs: {
      lab: { y: copyQuantity(lab.y), U: copyQuantity(lab.U) },
      reference: { y: copyQuantity(reference.y), U: copyQuantity(reference.U) },
    },
    result: { difference, absoluteDifference, unit },
    pass: absoluteDifference <= limitValue,
    limit: { value: limitValue, unit, passWhen: '|y_lab − y_ref| <= sqrt(U_lab² + U_ref²)' },
  };
}

/** Any technical check's record, as an event payload carries it; `check` tells them apart. */
export type TechnicalCheckRecord = RepeatabilityRecord | StabilityRecord | UncertaintyBudgetRecord | VerificationOfResultsRecord;

// ---------------------------------------------------------------------------------------------
// Shared rules
// ---------------------------------------------------------------------------------------------

interface Named {
  en: string;
  zh: string;
}

function requireFinite(value: number, what: Named): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidDataError('technical.not-finite', {
      en: `${capitalise(what.en)} is not a finite number (${String(value)}); give it as a finite number.`,
      'zh-CN': `${what.zh}不是有限数值（${String(value)}），请填写有限数值。`,
    });
  }
}

function requireFiniteValues(values: readonly number[], where: Named): void {
  values.forEach((value, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidDataError('technical.not-finite', {
        en: `Reading ${index + 1} of ${where.en} is not a finite number (${String(value)}); give every reading as a finite number.`,
        'zh-CN': `${where.zh}中第 ${index + 1} 个测得值不是有限数值（${String(value)}），请将每个测得值填写为有限数值。`,
      });
    }
  });
}

/** Finite inputs can still overflow (e.g. 1e308 + 1e308): a record never carries Infinity or NaN. */
function requireFiniteResult(values: number[], what: Named): void {
  if (values.some((value) => !Number.isFinite(value))) {
    throw new InvalidDataError('technical.not-finite', {
      en: `The values given for ${what.en} are too large to compute with; give them in a unit that keeps them within range.`,
      'zh-CN': `${what.zh}的数值过大，无法计算，请换用合适的单位使数值处于可计算范围内。`,
    });
  }
}

function requireNonNegativeUncertainty(value: number, what: Named): void {
  if (value < 0) {
    throw new InvalidDataError('technical.negative-uncertainty', {
      en: `${what.en} is ${value}; an uncertainty cannot be negative, give its magnitude.`,
      'zh-CN': `${what.zh}为 ${value}；不确定度不能为负，请填写其绝对值。`,
    });
  }
}

function requireSameUnit(expected: string, actual: string, text: Named): void {
  if (expected !== actual) {
    throw new InvalidDataError('technical.unit-mismatch', { en: text.en, 'zh-CN': text.zh });
  }
}

function meanOf(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function sumOfSquaredDeviations(values: readonly number[], mean: number): number {
  let sum = 0;
  for (const value of values) {
    const deviation = value - mean;
    sum += deviation * deviation;
  }
  return sum;
}

const copyQuantity = (quantity: Quantity): Quantity => ({ value: quantity.value, unit: quantity.unit });
const copyReadings = (readings: Readings): Readings => ({ values: [...readings.values], unit: readings.unit });
const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

function parseCalendarDate(text: string): CalendarDate {
  const match = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!date || date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) {
    throw new InvalidDataError('technical.invalid-date', {
      en: `"${String(text)}" is not a calendar date; give the day a group was taken as YYYY-MM-DD.`,
      'zh-CN': `“${String(text)}”不是有效日期，请按 YYYY-MM-DD 填写该组的测量日期。`,
    });
  }
  return date;
}

function addOneCalendarMonth({ year, month, day }: CalendarDate): CalendarDate {
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { ...next, day: Math.min(day, daysInMonth(next.year, next.month)) };
}

const formatCalendarDate = ({ year, month, day }: CalendarDate): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
