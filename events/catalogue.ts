import { ASSESSMENT_KINDS, AssessmentEventTypes, DEADLINE_STEPS, EVALUATION_MODES, STANDARD_CATEGORIES } from './assessment.events.js';
import { CertificateEventTypes } from './certificate.events.js';
import { DOCUMENT_ATTACHMENT_PURPOSES } from './assessment.events.js';
import { DOCUMENT_KINDS, DocumentEventTypes } from './document.events.js';
import { CERTIFICATE_SIDE_STATE_SHAPES } from './certificate.shapes.js';
import { COMPARISON_EVENT_SHAPES } from './comparison.shapes.js';
import { SPECIFICATION_EVENT_SHAPES } from './specification.shapes.js';
import { INSTITUTION_KINDS, RegistryEventTypes } from './registry.events.js';
import { arr, instant, int, obj, shapeProblems, str, type Shape } from './schema.js';
import { technicalCheckRecordedShape } from './technical-check.shape.js';

/**
 * The event catalogue: every event type the log may hold, its current schema version,
 * the shape of its payload, and the upcasters that lift older stored versions to the
 * current one on read. Shared by src/ and workflows/ (this file imports nothing from Node).
 */
export interface EventDefinition {
  type: string;
  schemaVersion: number;
  shape: Shape;
  /** upcasters[v] turns a payload of version v into version v + 1. */
  upcasters?: Record<number, (data: unknown) => unknown>;
}

const deadline = obj({ dueAt: instant(), workingDays: int(0), calendar: str(), remindAt: instant() }, ['remindAt']);

const DEFINITIONS: EventDefinition[] = [
  {
    type: AssessmentEventTypes.ApplicationSubmitted,
    schemaVersion: 1,
    shape: obj({
      caseId: str(),
      kind: str({ oneOf: ASSESSMENT_KINDS }),
      institutionId: str(),
      standard: obj({ name: str(), category: str({ oneOf: STANDARD_CATEGORIES }), measurand: str() }),
      submittedAt: instant(),
      acceptanceDeadline: deadline,
      // A re-examination names the case that issued the certificate it renews.
      renewsCaseId: str(),
    }, ['renewsCaseId']),
  },
  {
    type: AssessmentEventTypes.ApplicationDeemedAccepted,
    schemaVersion: 1,
    shape: obj({ caseId: str(), acceptedAt: instant(), deadline }),
  },
  { type: AssessmentEventTypes.SupplementRequested, schemaVersion: 1, shape: obj({ caseId: str(), requestedAt: instant(), missing: arr(str(), 1, 100) }) },
  { type: AssessmentEventTypes.ApplicationResubmitted, schemaVersion: 1, shape: obj({ caseId: str(), resubmittedAt: instant(), acceptanceDeadline: deadline }) },
  { type: AssessmentEventTypes.ApplicationAccepted, schemaVersion: 1, shape: obj({ caseId: str(), acceptedAt: instant() }) },
  {
    type: AssessmentEventTypes.AssessorsAssigned,
    schemaVersion: 1,
    shape: obj({ caseId: str(), assignedAt: instant(), assessors: arr(obj({ expertId: str(), discipline: str() }), 1, 2) }),
  },
  { type: AssessmentEventTypes.EvaluationStarted, schemaVersion: 1, shape: obj({ caseId: str(), startedAt: instant(), mode: str({ oneOf: EVALUATION_MODES }) }) },
  {
    type: AssessmentEventTypes.RectificationRequested,
    schemaVersion: 1,
    shape: obj({ caseId: str(), requestedAt: instant(), nonconformities: arr(obj({ clause: str(), finding: str() }), 1, 200), deadline }),
  },
  { type: AssessmentEventTypes.RectificationSubmitted, schemaVersion: 1, shape: obj({ caseId: str(), submittedAt: instant(), evidence: arr(str(), 1, 100) }) },
  { type: AssessmentEventTypes.RectificationConfirmed, schemaVersion: 1, shape: obj({ caseId: str(), confirmedAt: instant() }) },
  { type: AssessmentEventTypes.RectificationDeadlineMissed, schemaVersion: 1, shape: obj({ caseId: str(), missedAt: instant(), deadline }) },
  {
    type: AssessmentEventTypes.EvaluationConcluded,
    schemaVersion: 1,
    shape: obj({ caseId: str(), concludedAt: instant(), outcome: str({ oneOf: ['PASS', 'FAIL'] }), summary: str(), decisionDeadline: deadline }, ['decisionDeadline']),
  },
  {
    type: AssessmentEventTypes.DecisionLimitExtended,
    schemaVersion: 1,
    shape: obj({ caseId: str(), extendedAt: instant(), reasons: arr(str(), 1, 20), deadline, previousDueAt: instant() }),
  },
  {
    type: AssessmentEventTypes.DeadlineReminderSent,
    schemaVersion: 1,
    shape: obj({ caseId: str(), step: str({ oneOf: DEADLINE_STEPS }), audience: str({ oneOf: ['APPLICANT', 'AUTHORITY'] }), dueAt: instant(), remindedAt: instant() }),
  },
  { type: AssessmentEventTypes.DecisionOverdue, schemaVersion: 1, shape: obj({ caseId: str(), dueAt: instant(), escalatedAt: instant() }) },
  {
    type: AssessmentEventTypes.CaseDecided,
    schemaVersion: 1,
    shape: obj(
      {
        caseId: str(),
        decidedAt: instant(),
        decision: str({ oneOf: ['APPROVED', 'REFUSED'] }),
        reasons: arr(str()),
        certificate: obj({ certificateNo: str(), validFrom: str(), validUntil: str() }),
      },
      ['certificate'],
    ),
  },
  { type: AssessmentEventTypes.TechnicalCheckRecorded, schemaVersion: 1, shape: technicalCheckRecordedShape },
  // Documents: the content is in the document store under its SHA-256; the log files who uploaded it as what.
  {
    type: AssessmentEventTypes.DocumentsAttached,
    schemaVersion: 1,
    shape: obj({
      caseId: str(),
      attachedAt: instant(),
      purpose: str({ oneOf: DOCUMENT_ATTACHMENT_PURPOSES }),
      documents: arr(obj({ sha256: str(), name: str(), kind: str({ oneOf: DOCUMENT_KINDS }), size: int(1) }), 1, 100),
    }),
  },
  {
    type: DocumentEventTypes.DocumentUploaded,
    schemaVersion: 1,
    shape: obj({ sha256: str(), name: str(), kind: str({ oneOf: DOCUMENT_KINDS }), size: int(1), contentType: str(), uploadedAt: instant() }),
  },
  // The registry's calendar dates (YYYY-MM-DD) are checked by its domain code; the shape checks strings.
  {
    type: RegistryEventTypes.InstitutionRegistered,
    schemaVersion: 1,
    shape: obj({ institutionId: str(), uscc: str(), name: str(), division: str(), kind: str({ oneOf: INSTITUTION_KINDS }), registeredAt: instant() }),
  },
  {
    type: RegistryEventTypes.InstitutionUpdated,
    schemaVersion: 1,
    shape: obj({ institutionId: str(), name: str(), division: str(), kind: str({ oneOf: INSTITUTION_KINDS }), updatedAt: instant() }, ['name', 'division', 'kind']),
  },
  {
    type: RegistryEventTypes.ExpertRegistered,
    schemaVersion: 1,
    shape: obj({ expertId: str(), name: str(), registeredAt: instant() }),
  },
  {
    type: RegistryEventTypes.ExpertQualificationGranted,
    schemaVersion: 1,
    shape: obj({ expertId: str(), discipline: str(), certificateNumber: str(), validFrom: str(), validUntil: str(), grantedAt: instant() }),
  },
  {
    type: RegistryEventTypes.ExpertQualificationRevoked,
    schemaVersion: 1,
    shape: obj({ expertId: str(), certificateNumber: str(), discipline: str(), reason: str(), revokedOn: str(), revokedAt: instant() }),
  },
  {
    type: RegistryEventTypes.ExpertAffiliationChanged,
    schemaVersion: 1,
    shape: obj({ expertId: str(), institutionId: str(), from: str(), previousInstitutionId: str(), changedAt: instant() }, ['previousInstitutionId']),
  },
  {
    type: RegistryEventTypes.ExpertInterestDeclared,
    schemaVersion: 1,
    shape: obj({ expertId: str(), institutionId: str(), caseId: str(), reason: str(), declaredAt: instant() }, ['institutionId', 'caseId']),
  },
  // Certificate dates (validUntil, dueOn) are YYYY-MM-DD, computed by the certificate's domain code.
  {
    type: CertificateEventTypes.RenewalDue,
    schemaVersion: 1,
    shape: obj({ certificateNo: str(), caseId: str(), institutionId: str(), validUntil: str(), dueOn: str(), notifiedAt: instant() }),
  },
  {
    type: CertificateEventTypes.Expired,
    schemaVersion: 1,
    shape: obj({ certificateNo: str(), caseId: str(), institutionId: str(), validUntil: str(), expiredAt: instant() }),
  },
  ...CERTIFICATE_SIDE_STATE_SHAPES,
  // Measurement comparisons (计量比对): events/comparison.shapes.ts.
  ...COMPARISON_EVENT_SHAPES,
  // Local technical specification projects (地方计量技术规范): events/specification.shapes.ts.
  ...SPECIFICATION_EVENT_SHAPES,
];

const BY_TYPE = new Map(DEFINITIONS.map((d) => [d.type, d]));

export function eventDefinition(type: string): EventDefinition | undefined {
  return BY_TYPE.get(type);
}

export function knownEventTypes(): string[] {
  return [...BY_TYPE.keys()];
}

/** Problems with an event about to be written; empty when it may be appended. */
export function eventProblems(type: string, schemaVersion: number, data: unknown): string[] {
  const definition = BY_TYPE.get(type);
  if (!definition) return [`unknown event type "${type}"`];
  if (schemaVersion !== definition.schemaVersion) {
    return [`event type "${type}" is written at schema version ${definition.schemaVersion}, not ${schemaVersion}`];
  }
  return shapeProblems(data, definition.shape);
}

/** Lifts a stored payload to the current schema version of its type. */
export function upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
  const definition = BY_TYPE.get(type);
  if (!definition) return { schemaVersion, data };
  let version = schemaVersion;
  let current = data;
  while (version < definition.schemaVersion) {
    const step = definition.upcasters?.[version];
    if (!step) throw new Error(`no upcaster for "${type}" from schema version ${version}`);
    current = step(current);
    version += 1;
  }
  return { schemaVersion: version, data: current };
}
