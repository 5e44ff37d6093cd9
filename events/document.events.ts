/**
 * Events of the documents an institution uploads (申报材料): the content itself lives in the
 * content-addressed document store (src/documents/), the log records who uploaded which content
 * under which name and kind, one stream per institution.
 *
 * The `type` strings are stable names stored in the log; never derive them from a
 * class name, since renaming a class would orphan stored history.
 */

export const DocumentEventTypes = {
  DocumentUploaded: 'documents.document-uploaded',
} as const;

/**
 * 材料类别: the closed list of kinds of document an assessment case asks for (JJF 1033-2023;
 * shared/DOMAIN.md §1). Titles in both languages: src/documents/document-kinds.ts.
 */
export type DocumentKind =
  | 'APPLICATION_FORM'
  | 'TECHNICAL_REPORT'
  | 'STANDARD_CERTIFICATES'
  | 'EQUIPMENT_CERTIFICATES'
  | 'ORIGINAL_RECORDS'
  | 'SAMPLE_CERTIFICATE'
  | 'STAFF_COMPETENCE'
  | 'PREVIOUS_CERTIFICATE'
  | 'CONTINUOUS_CERTIFICATES'
  | 'REPEATABILITY_STABILITY_RECORDS'
  | 'CHANGE_FORMS'
  | 'RECTIFICATION_EVIDENCE'
  | 'OTHER';
export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'APPLICATION_FORM',
  'TECHNICAL_REPORT',
  'STANDARD_CERTIFICATES',
  'EQUIPMENT_CERTIFICATES',
  'ORIGINAL_RECORDS',
  'SAMPLE_CERTIFICATE',
  'STAFF_COMPETENCE',
  'PREVIOUS_CERTIFICATE',
  'CONTINUOUS_CERTIFICATES',
  'REPEATABILITY_STABILITY_RECORDS',
  'CHANGE_FORMS',
  'RECTIFICATION_EVIDENCE',
  'OTHER',
];

/** One upload: content (by its SHA-256) filed by an institution under a name and a kind. */
export interface DocumentUploadedV1 {
  /** Lowercase hex SHA-256 of the content: the key of the document store. */
  sha256: string;
  /** The original file name, sanitised (no path, no control characters). */
  name: string;
  kind: DocumentKind;
  /** Bytes. */
  size: number;
  /** The media type the file was uploaded with, without parameters. */
  contentType: string;
  uploadedAt: string;
}

export type DocumentEvent = { type: typeof DocumentEventTypes.DocumentUploaded; data: DocumentUploadedV1 };
