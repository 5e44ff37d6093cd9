/**
 * 格拉布斯检验: Grubbs' test for a single outlier, two-sided, at the significance level α = 0.05,
 * used to screen the participants' values before a mean reference value (DOMAIN.md §2).
 *
 * Pure and deterministic: the test uses +, −, ×, ÷ and Math.sqrt in a fixed order, and critical
 * values from a table, never a quantile computed at run time (Math.log, Math.exp and Math.pow
 * round differently across engines; a table does not).
 */

/** The significance level of the screening. */
export const GRUBBS_ALPHA = 0.05;

/** The fewest and most values the table covers (n = 3 … 30). */
export const GRUBBS_MIN_N = 3;
export const GRUBBS_MAX_N = 30;

export const GRUBBS_CRITICAL_VALUES_SOURCE =
  'G_crit(n) = ((n − 1)/√n)·sqrt(t²/(n − 2 + t²)), t the upper α/(2n) quantile of Student’s t with n − 2 degrees of freedom, α = 0.05 two-sided ' +
  '(Grubbs 1969; NIST/SEMATECH e-Handbook §1.3.5.17), computed to 4 decimals; they agree within 0.001 with the 5 % column of ISO 5725-2 Table 5 (GB/T 6379.2), which prints 3 decimals';

/**
 * Two-sided critical values G_crit(n) at α = 0.05, n = 3 … 30, computed from the formula in
 * GRUBBS_CRITICAL_VALUES_SOURCE with 40-digit arithmetic (mpmath) and rounded to 4 decimals.
 * ISO 5725-2 prints them to 3 decimals (1.155, 1.481, 1.715, …, 2.908); for n = 3 it prints 1.155
 * where the formula gives 1.15430 (the largest possible G at n = 3 is 2/√3 = 1.15470).
 */
export const GRUBBS_CRITICAL_VALUES: Readonly<Record<number, number>> = Object.freeze({
  3: 1.1543, 4: 1.4812, 5: 1.715, 6: 1.8871, 7: 2.02, 8: 2.1266, 9: 2.215, 10: 2.29,
  11: 2.3547, 12: 2.4116, 13: 2.462, 14: 2.5073, 15: 2.5483, 16: 2.5857, 17: 2.62, 18: 2.6516, 19: 2.6809, 20: 2.7082,
  21: 2.7338, 22: 2.7577, 23: 2.7803, 24: 2.8016, 25: 2.8217, 26: 2.8408, 27: 2.8589, 28: 2.8762, 29: 2.8927, 30: 2.9085,
});

/** One value to screen: the lab that reported it, and the value. */
export interface GrubbsCandidate {
  lab: string;
  value: number;
}

/**
 * 格拉布斯检验的一轮: one round of the test: the most extreme value of the n still in, its statistic
 * G = |x − x̄| / s (s with n − 1 in the denominator) and the critical value; the value is an
 * outlier when G > G_crit(n).
 */
export interface GrubbsStep {
  n: number;
  mean: number;
  standardDeviation: number;
  suspectLab: string;
  suspectValue: number;
  g: number;
  gCritical: number;
  outlier: boolean;
  unit: string;
}

export interface GrubbsScreening {
  steps: GrubbsStep[];
  /** The labs found to be outliers, in the order they were excluded. */
  excluded: string[];
}

/**
 * Screens the values by the single-outlier Grubbs test, repeated: while at least GRUBBS_MIN_N
 * values remain, the most extreme one (the first in the given order on a tie) is tested, and
 * excluded when G > G_crit(n); the screening stops at the first round that finds no outlier, or
 * when fewer than GRUBBS_MIN_N values remain. Values that are all equal (s = 0) have no outlier.
 * The caller checks that 3 ≤ n ≤ 30 at the start.
 */
export function grubbsScreen(candidates: readonly GrubbsCandidate[], unit: string): GrubbsScreening {
  let remaining = [...candidates];
  const steps: GrubbsStep[] = [];
  const excluded: string[] = [];
  while (remaining.length >= GRUBBS_MIN_N) {
    const n = remaining.length;
    const gCritical = GRUBBS_CRITICAL_VALUES[n];
    if (gCritical === undefined) throw new RangeError(`no Grubbs critical value for n = ${n}`);
    let sum = 0;
    for (const { value } of remaining) sum += value;
    const mean = sum / n;
    let squares = 0;
    let suspect = remaining[0];
    let largest = -1;
    for (const candidate of remaining) {
      const deviation = candidate.value - mean;
      squares += deviation * deviation;
      const distance = Math.abs(deviation);
      if (distance > largest) {
        largest = distance;
        suspect = candidate;
      }
    }
    const standardDeviation = Math.sqrt(squares / (n - 1));
    const g = standardDeviation > 0 ? largest / standardDeviation : 0;
    const outlier = g > gCritical;
    steps.push({ n, mean, standardDeviation, suspectLab: suspect.lab, suspectValue: suspect.value, g, gCritical, outlier, unit });
    if (!outlier) break;
    excluded.push(suspect.lab);
    remaining = remaining.filter((candidate) => candidate !== suspect);
  }
  return { steps, excluded };
}
