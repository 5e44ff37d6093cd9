import { CIRCULATION_SCHEMES, ComparisonEventTypes, STABILITY_CHECK_STAGES } from './comparison.events.js';
import type { EventDefinition } from './catalogue.js';
import { arr, bool, instant, int, nullable, num, obj, str, type Shape } from './schema.js';

/**
 * Shapes of the measurement comparison (计量比对) events, for the catalogue. Calendar dates
 * (YYYY-MM-DD) and the protocol's rules are checked by the decider; the shapes check structure.
 * The lists below repeat those of src/comparisons/domain/evaluation.ts so that events/ imports
 * nothing from src/ at run time; test/unit/comparison.unit.spec.ts checks they agree.
 */
export const SHAPE_REFERENCE_METHODS = ['weighted-mean', 'arithmetic-mean', 'median', 'pilot'] as const;
export const SHAPE_OUTLIER_SCREENINGS = ['none', 'grubbs'] as const;

const reported = obj({ value: num(), expandedUncertainty: num(), coverageFactor: num(), unit: str() });

const protocol = obj(
  {
    measurand: str(),
    unit: str(),
    transferStandard: obj({ name: str(), id: str() }),
    scheme: str({ oneOf: CIRCULATION_SCHEMES }),
    legs: arr(obj({ participant: str(), dueDate: str() }), 2, 200),
    referenceMethod: str({ oneOf: SHAPE_REFERENCE_METHODS }),
    outlierScreening: str({ oneOf: SHAPE_OUTLIER_SCREENINGS }),
    transferStandardUncertainty: num(),
  },
  ['outlierScreening', 'transferStandardUncertainty'],
);

const evaluationInput = obj(
  {
    method: str({ oneOf: SHAPE_REFERENCE_METHODS }),
    pilotLab: str(),
    unit: str(),
    transferStandardUncertainty: num(),
    outlierScreening: str({ oneOf: SHAPE_OUTLIER_SCREENINGS }),
    results: arr(obj({ lab: str(), value: num(), expandedUncertainty: num(), coverageFactor: num() }), 2, 201),
  },
  ['pilotLab', 'transferStandardUncertainty', 'outlierScreening'],
);

/** ComparisonEvaluation of src/comparisons/domain/evaluation.ts, as recorded with Draft A. */
const evaluation: Shape = obj({
  reference: obj(
    {
      method: str({ oneOf: SHAPE_REFERENCE_METHODS }),
      value: num(),
      standardUncertainty: num(),
      expandedUncertainty: num(),
      coverageFactor: num(),
      unit: str(),
      labs: arr(str(), 1),
      n: int(1),
      formula: str(),
      medianAbsoluteDeviation: num(),
      scaledMedianAbsoluteDeviation: num(),
    },
    ['medianAbsoluteDeviation', 'scaledMedianAbsoluteDeviation'],
  ),
  results: arr(
    obj({
      lab: str(),
      en: nullable(num()),
      satisfactory: nullable(bool()),
      value: num(),
      expandedUncertainty: num(),
      coverageFactor: num(),
      standardUncertainty: num(),
      unit: str(),
      inReference: bool(),
      notInReferenceReason: nullable(str({ oneOf: ['declared', 'grubbs-outlier', 'pilot-method'] })),
      covarianceRule: str({ oneOf: ['in-weighted-mean', 'in-arithmetic-mean', 'in-median', 'not-in-reference', 'pilot-is-reference'] }),
      covariance: num(),
      covarianceUnit: str(),
      difference: num(),
      differenceVariance: nullable(num()),
      differenceExpandedUncertainty: nullable(num()),
      differenceCoverageFactor: num(),
      formula: str(),
      enNotComputed: nullable(obj({ code: str(), reason: obj({ en: str(), 'zh-CN': str() }) })),
    }),
    2,
  ),
  formula: str(),
  satisfactoryCriterion: str(),
  transferStandardUncertainty: nullable(obj({ value: num(), unit: str(), coverageFactor: num() })),
  outlierScreening: nullable(
    obj({
      test: str({ oneOf: ['grubbs'] }),
      alpha: num(),
      twoSided: bool(),
      criticalValues: str(),
      steps: arr(
        obj({
          n: int(1),
          mean: num(),
          standardDeviation: num(),
          suspectLab: str(),
          suspectValue: num(),
          g: num(),
          gCritical: num(),
          outlier: bool(),
          unit: str(),
        }),
      ),
      excluded: arr(str()),
    }),
  ),
  pilotLab: nullable(str()),
});

export const COMPARISON_EVENT_SHAPES: EventDefinition[] = [
  {
    type: ComparisonEventTypes.Proposed,
    schemaVersion: 1,
    shape: obj(
      {
        comparisonId: str(),
        title: str(),
        measurand: str(),
        pilotInstitutionId: str(),
        participants: arr(str(), 2, 200),
        standards: arr(obj({ institutionId: str(), standardId: str() }), 1, 201),
        proposedAt: instant(),
      },
      ['standards'],
    ),
  },
  { type: ComparisonEventTypes.Approved, schemaVersion: 1, shape: obj({ comparisonId: str(), approvedAt: instant() }) },
  { type: ComparisonEventTypes.ProtocolDrafted, schemaVersion: 1, shape: obj({ comparisonId: str(), version: int(1), protocol, draftedAt: instant() }) },
  {
    type: ComparisonEventTypes.ProtocolConsulted,
    schemaVersion: 1,
    shape: obj({ comparisonId: str(), participant: str(), protocolVersion: int(1), agreed: bool(), objections: arr(str(), 1, 100), consultedAt: instant() }, ['objections']),
  },
  { type: ComparisonEventTypes.ProtocolAgreed, schemaVersion: 1, shape: obj({ comparisonId: str(), protocolVersion: int(1), agreedAt: instant() }) },
  {
    type: ComparisonEventTypes.StabilityChecked,
    schemaVersion: 1,
    shape: obj({ comparisonId: str(), stage: str({ oneOf: STABILITY_CHECK_STAGES }), afterLeg: str(), stable: bool(), summary: str(), checkedAt: instant() }, ['afterLeg']),
  },
  { type: ComparisonEventTypes.CirculationStarted, schemaVersion: 1, shape: obj({ comparisonId: str(), startedAt: instant() }) },
  { type: ComparisonEventTypes.TransferStandardHandedOver, schemaVersion: 1, shape: obj({ comparisonId: str(), from: str(), to: str(), handedOverAt: instant() }) },
  { type: ComparisonEventTypes.TransferStandardReceived, schemaVersion: 1, shape: obj({ comparisonId: str(), by: str(), from: str(), receivedAt: instant() }) },
  { type: ComparisonEventTypes.ResultSubmitted, schemaVersion: 1, shape: obj({ comparisonId: str(), lab: str(), result: reported, submittedAt: instant() }) },
  { type: ComparisonEventTypes.ResultsLocked, schemaVersion: 1, shape: obj({ comparisonId: str(), labs: arr(str(), 2), lockedAt: instant() }) },
  {
    type: ComparisonEventTypes.CorrectionRequested,
    schemaVersion: 1,
    shape: obj({ comparisonId: str(), lab: str(), requestNo: int(1), reasons: str(), corrected: reported, requestedAt: instant() }),
  },
  {
    type: ComparisonEventTypes.CorrectionDecided,
    schemaVersion: 1,
    shape: obj({ comparisonId: str(), lab: str(), requestNo: int(1), decision: str({ oneOf: ['ACCEPTED', 'REJECTED'] }), reasons: str(), decidedAt: instant() }),
  },
  { type: ComparisonEventTypes.DraftAIssued, schemaVersion: 1, shape: obj({ comparisonId: str(), input: evaluationInput, evaluation, issuedAt: instant() }) },
  { type: ComparisonEventTypes.DraftBIssued, schemaVersion: 1, shape: obj({ comparisonId: str(), summary: str(), issuedAt: instant() }) },
  { type: ComparisonEventTypes.ReportApproved, schemaVersion: 1, shape: obj({ comparisonId: str(), approvedAt: instant() }) },
  { type: ComparisonEventTypes.Published, schemaVersion: 1, shape: obj({ comparisonId: str(), unsatisfactoryLabs: arr(str()), publishedAt: instant() }) },
  { type: ComparisonEventTypes.CauseAnalysisRecorded, schemaVersion: 1, shape: obj({ comparisonId: str(), lab: str(), analysis: str(), recordedAt: instant() }) },
  {
    type: ComparisonEventTypes.CorrectiveActionRecorded,
    schemaVersion: 1,
    shape: obj({ comparisonId: str(), lab: str(), action: str(), reComparison: bool(), recordedAt: instant() }),
  },
  { type: ComparisonEventTypes.FollowUpClosed, schemaVersion: 1, shape: obj({ comparisonId: str(), lab: str(), summary: str(), closedAt: instant() }) },
  { type: ComparisonEventTypes.LegReminderSent, schemaVersion: 1, shape: obj({ comparisonId: str(), participant: str(), dueDate: str(), dueAt: instant(), remindedAt: instant() }) },
  {
    type: ComparisonEventTypes.LegOverdue,
    schemaVersion: 1,
    shape: obj({
      comparisonId: str(),
      participant: str(),
      dueDate: str(),
      dueAt: instant(),
      escalatedTo: obj({ pilotInstitutionId: str(), organiser: bool() }),
      escalatedAt: instant(),
    }),
  },
  { type: ComparisonEventTypes.StabilityCheckReminderSent, schemaVersion: 1, shape: obj({ comparisonId: str(), afterLeg: str(), dueAt: instant(), remindedAt: instant() }) },
  { type: ComparisonEventTypes.DraftAReviewClosed, schemaVersion: 1, shape: obj({ comparisonId: str(), reviewEndsAt: instant(), closedAt: instant() }) },
  {
    type: ComparisonEventTypes.FollowUpOverdue,
    schemaVersion: 1,
    shape: obj({ comparisonId: str(), lab: str(), dueAt: instant(), missing: arr(str({ oneOf: ['CAUSE_ANALYSIS', 'CORRECTIVE_ACTION'] }), 1, 2), escalatedAt: instant() }),
  },
];
