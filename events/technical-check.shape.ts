import { TECHNICAL_CHECK_KINDS } from './assessment.events.js';
import { arr, bool, instant, int, num, obj, str, variant, type Shape } from './schema.js';

/**
 * The stored shape of `standards.assessment.technical-check-recorded`: the event names the check
 * and carries the computation's whole record, each kind of record with its own fields (tagged by
 * the record's `check`). Formulas and pass criteria are checked as text: the computation in
 * src/standards/domain/technical-checks.ts writes them, and a stored record keeps the text it was
 * computed with even if a later version words it differently.
 */
const quantity = obj({ value: num(), unit: str() });
const limit = obj({ value: num(), unit: str(), passWhen: str() });

const repeatability = obj({
  check: str({ oneOf: ['repeatability'] }),
  formula: str(),
  inputs: obj({ readings: obj({ values: arr(num()), unit: str() }), declaredComponent: quantity }),
  result: obj({ n: int(0), mean: num(), s: num(), unit: str() }),
  pass: bool(),
  limit,
});

const stability = obj({
  check: str({ oneOf: ['stability'] }),
  formula: str(),
  inputs: obj({
    groups: arr(obj({ takenOn: str(), readings: arr(num()) })),
    unit: str(),
    criterion: obj({ kind: str({ oneOf: ['MPE', 'EXPANDED_UNCERTAINTY'] }), value: num(), unit: str() }),
    minReadingsPerGroup: int(1),
  }),
  result: obj({
    m: int(0),
    groupMeans: arr(obj({ takenOn: str(), n: int(0), mean: num() })),
    max: num(),
    min: num(),
    stability: num(),
    unit: str(),
  }),
  pass: bool(),
  limit,
});

const uncertaintyBudget = obj({
  check: str({ oneOf: ['uncertainty-budget'] }),
  formula: str(),
  inputs: obj({ components: arr(obj({ name: str(), u: quantity, c: num(), contributionUnit: str() }), 1), k: num() }),
  result: obj({ contributions: arr(obj({ name: str(), contribution: quantity }), 1), combined: quantity, k: num(), expanded: quantity }),
});

const resultWithUncertainty = obj({ y: quantity, U: quantity });
const verificationOfResults = obj({
  check: str({ oneOf: ['verification-of-results'] }),
  formula: str(),
  inputs: obj({ lab: resultWithUncertainty, reference: resultWithUncertainty }),
  result: obj({ difference: num(), absoluteDifference: num(), unit: str() }),
  pass: bool(),
  limit,
});

export const technicalCheckRecordedShape: Shape = obj({
  caseId: str(),
  recordedAt: instant(),
  check: str({ oneOf: TECHNICAL_CHECK_KINDS }),
  record: variant('check', {
    repeatability,
    stability,
    'uncertainty-budget': uncertaintyBudget,
    'verification-of-results': verificationOfResults,
  }),
});
