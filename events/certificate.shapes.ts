import { CertificateEventTypes } from './certificate.events.js';
import { arr, bool, instant, obj, str, type Shape } from './schema.js';

/**
 * Payload shapes of the certificate's side states and renewal (registered in catalogue.ts).
 * Certificate dates (validUntil, validFrom, dueOn) are YYYY-MM-DD, computed by the certificate's
 * domain code; the shapes check strings.
 */
const issued = { certificateNo: str(), caseId: str(), institutionId: str(), validUntil: str() };

export const CERTIFICATE_SIDE_STATE_SHAPES: { type: string; schemaVersion: number; shape: Shape }[] = [
  { type: CertificateEventTypes.RenewalEscalated, schemaVersion: 1, shape: obj({ ...issued, escalationDueOn: str(), escalatedAt: instant() }) },
  { type: CertificateEventTypes.Sealed, schemaVersion: 1, shape: obj({ ...issued, reason: str(), sealedAt: instant() }) },
  { type: CertificateEventTypes.Revoked, schemaVersion: 1, shape: obj({ ...issued, reasons: arr(str(), 1, 50), revokedAt: instant() }) },
  { type: CertificateEventTypes.Cancelled, schemaVersion: 1, shape: obj({ ...issued, reasons: arr(str(), 1, 50), cancelledAt: instant() }) },
  {
    type: CertificateEventTypes.ChangeFiled,
    schemaVersion: 1,
    // Only a change with equal or better uncertainty and the same range is filed; the shape says so.
    shape: obj({ ...issued, description: str(), uncertainty: str({ oneOf: ['EQUAL_OR_BETTER'] }), rangeChanged: bool(), filedAt: instant() }),
  },
  {
    type: CertificateEventTypes.Renewed,
    schemaVersion: 1,
    shape: obj({ ...issued, renewedByCaseId: str(), newCertificateNo: str(), newValidFrom: str(), newValidUntil: str(), renewedAt: instant() }),
  },
];
