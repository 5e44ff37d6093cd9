import type { AssessmentKind } from '../../../events/assessment.events.js';
import type { DocumentKind } from '../../../events/document.events.js';
import { documentKindTitle } from '../../documents/document-kinds.js';
import type { LocalizedText } from '../../shared/domain-error.js';

/**
 * 材料完整性检查: the completeness check of an application's documents, as pure code.
 *
 * What each kind of assessment needs (shared/DOMAIN.md §1, JJF 1033-2023): a new standard, an
 * upgrade and a change need the application form, the technical report, the certificates of the
 * standard and of the main equipment, original records with a sample certificate, and evidence of
 * staff competence; a re-examination adds the previous certificate, the continuous certificates and
 * the repeatability and stability records over the validity period. Change, sealing or revocation
 * forms are filed only when there were such changes, so the check cannot require them.
 */
const BASE: readonly DocumentKind[] = [
  'APPLICATION_FORM',
  'TECHNICAL_REPORT',
  'STANDARD_CERTIFICATES',
  'EQUIPMENT_CERTIFICATES',
  'ORIGINAL_RECORDS',
  'SAMPLE_CERTIFICATE',
  'STAFF_COMPETENCE',
];

export const REQUIRED_DOCUMENTS: Readonly<Record<AssessmentKind, readonly DocumentKind[]>> = {
  NEW: BASE,
  UPGRADE: BASE,
  CHANGE: BASE,
  RE_EXAMINATION: [...BASE, 'PREVIOUS_CERTIFICATE', 'CONTINUOUS_CERTIFICATES', 'REPEATABILITY_STABILITY_RECORDS'],
};

/** A kind of document the case still lacks, with its title in both languages. */
export interface MissingDocument {
  kind: DocumentKind;
  title: LocalizedText;
}

export function requiredDocuments(kind: AssessmentKind): readonly DocumentKind[] {
  return REQUIRED_DOCUMENTS[kind];
}

/** The required kinds of `kind` that none of the attached documents is, in the order of the list. */
export function missingDocuments(kind: AssessmentKind, attachedKinds: Iterable<DocumentKind>): MissingDocument[] {
  const attached = new Set(attachedKinds);
  return requiredDocuments(kind)
    .filter((k) => !attached.has(k))
    .map((k) => ({ kind: k, title: documentKindTitle(k) }));
}

export interface CompletenessReport {
  /** Nothing missing, and every reference names a document of the applicant. */
  complete: boolean;
  missing: MissingDocument[];
  /** References that name no document the applicant uploaded. */
  unknown: string[];
}

/** The completeness of a set of documents (already resolved, plus the references that resolved to none). */
export function checkCompleteness(kind: AssessmentKind, documents: readonly { kind: DocumentKind }[], unknown: readonly string[] = []): CompletenessReport {
  const missing = missingDocuments(
    kind,
    documents.map((d) => d.kind),
  );
  return { complete: missing.length === 0 && unknown.length === 0, missing, unknown: [...unknown] };
}
