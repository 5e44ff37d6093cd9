import type { TechnicalCheckKind } from '../../../events/assessment.events.js';
import {
  repeatability,
  stability,
  uncertaintyBudget,
  verificationOfResults,
  type RepeatabilityInput,
  type StabilityInput,
  type TechnicalCheckRecord,
  type UncertaintyBudgetInput,
  type VerificationOfResultsInput,
} from './technical-checks.js';

/**
 * 技术考核数据: the data submitted for one technical check of a case, tagged with the check it is
 * for. The decider computes the check from it (technical-checks.ts) and records the whole record.
 */
export type TechnicalCheckData =
  | { check: 'REPEATABILITY'; input: RepeatabilityInput }
  | { check: 'STABILITY'; input: StabilityInput }
  | { check: 'UNCERTAINTY_BUDGET'; input: UncertaintyBudgetInput }
  | { check: 'VERIFICATION_OF_RESULTS'; input: VerificationOfResultsInput };

/** Runs the check the data is for; invalid data is refused with an InvalidDataError naming the rule. */
export function computeTechnicalCheck(data: TechnicalCheckData): TechnicalCheckRecord {
  switch (data.check) {
    case 'REPEATABILITY':
      return repeatability(data.input);
    case 'STABILITY':
      return stability(data.input);
    case 'UNCERTAINTY_BUDGET':
      return uncertaintyBudget(data.input);
    case 'VERIFICATION_OF_RESULTS':
      return verificationOfResults(data.input);
    default: {
      const never: never = data;
      throw new Error(`unknown technical check ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The latest result of one check as the case view shows it: pass or fail (null for the
 * uncertainty budget, which has none) and the headline numbers, without the inputs.
 */
export interface TechnicalCheckSummary {
  check: TechnicalCheckKind;
  pass: boolean | null;
  result: Record<string, number | string>;
  recordedAt: string;
}

export function summariseTechnicalCheck(check: TechnicalCheckKind, record: TechnicalCheckRecord, recordedAt: string): TechnicalCheckSummary {
  switch (record.check) {
    case 'repeatability':
      return { check, pass: record.pass, result: { n: record.result.n, mean: record.result.mean, s: record.result.s, limit: record.limit.value, unit: record.result.unit }, recordedAt };
    case 'stability':
      return { check, pass: record.pass, result: { m: record.result.m, stability: record.result.stability, limit: record.limit.value, unit: record.result.unit }, recordedAt };
    case 'uncertainty-budget':
      return {
        check,
        pass: null,
        result: { combined: record.result.combined.value, k: record.result.k, expanded: record.result.expanded.value, unit: record.result.expanded.unit },
        recordedAt,
      };
    case 'verification-of-results':
      return {
        check,
        pass: record.pass,
        result: { difference: record.result.difference, absoluteDifference: record.result.absoluteDifference, limit: record.limit.value, unit: record.result.unit },
        recordedAt,
      };
    default: {
      const never: never = record;
      throw new Error(`unknown technical check record ${JSON.stringify(never)}`);
    }
  }
}
