/**
 * Events of a measurement standard's certificate (计量标准考核证书) after it was issued by an
 * approved assessment case. The certificate's stream is `certificate-<caseId>`: one certificate
 * per approved case, and certificate numbers ([2026]浙量标…证字第…号) are not valid stream ids.
 *
 * The `type` strings are stable names stored in the log; never derive them from a class name.
 */

export const CertificateEventTypes = {
  RenewalDue: 'standards.certificate.renewal-due',
  Expired: 'standards.certificate.expired',
  RenewalEscalated: 'standards.certificate.renewal-escalated',
  Sealed: 'standards.certificate.sealed',
  Revoked: 'standards.certificate.revoked',
  Cancelled: 'standards.certificate.cancelled',
  ChangeFiled: 'standards.certificate.change-filed',
  Renewed: 'standards.certificate.renewed',
} as const;

/** What every certificate event names: the certificate, the case that issued it, its holder and last valid day. */
export interface IssuedCertificateRef {
  certificateNo: string;
  caseId: string;
  institutionId: string;
  /** Last day of validity (YYYY-MM-DD). */
  validUntil: string;
}

/** The re-examination is due: the holder (and the authority) are reminded as of `notifiedAt`. */
export interface CertificateRenewalDueV1 extends IssuedCertificateRef {
  /** The day the renewal fell due: validUntil minus the policy's lead months (YYYY-MM-DD). */
  dueOn: string;
  notifiedAt: string;
}

/** The validity ran out with no renewal: the certificate is no longer valid. */
export interface CertificateExpiredV1 extends IssuedCertificateRef {
  expiredAt: string;
}

/**
 * 复查督办: no re-examination case was filed by the escalation day (validUntil minus the policy's
 * escalation lead months): the authority is told, so that it can follow the holder up.
 */
export interface CertificateRenewalEscalatedV1 extends IssuedCertificateRef {
  /** The escalation day (YYYY-MM-DD). */
  escalationDueOn: string;
  escalatedAt: string;
}

/** 封存: the holder applied to take the standard out of use; the authority recorded it. Unsealing takes a re-examination. */
export interface CertificateSealedV1 extends IssuedCertificateRef {
  reason: string;
  sealedAt: string;
}

/** 撤销: the authority withdrew the certificate, with its reasons. */
export interface CertificateRevokedV1 extends IssuedCertificateRef {
  reasons: string[];
  revokedAt: string;
}

/** 注销: the authority cancelled the certificate after a failed supervision check and a failed rectification. */
export interface CertificateCancelledV1 extends IssuedCertificateRef {
  reasons: string[];
  cancelledAt: string;
}

/** How a changed standard's uncertainty compares with the certified one. */
export type UncertaintyChange = 'EQUAL_OR_BETTER' | 'WORSE';
export const UNCERTAINTY_CHANGES: readonly UncertaintyChange[] = ['EQUAL_OR_BETTER', 'WORSE'];

/**
 * 变更备案: a change of the standard (an instrument replaced) filed for record. Only a change with
 * equal or better uncertainty and an unchanged range is filed; anything else needs a new assessment.
 */
export interface CertificateChangeFiledV1 extends IssuedCertificateRef {
  description: string;
  uncertainty: 'EQUAL_OR_BETTER';
  rangeChanged: false;
  filedAt: string;
}

/** 复查换证: an approved re-examination case renewed the certificate; it is superseded by the new one. */
export interface CertificateRenewedV1 extends IssuedCertificateRef {
  /** The re-examination case that issued the new certificate (its stream: certificate-<renewedByCaseId>). */
  renewedByCaseId: string;
  newCertificateNo: string;
  newValidFrom: string;
  newValidUntil: string;
  renewedAt: string;
}

export type CertificateEvent =
  | { type: typeof CertificateEventTypes.RenewalDue; data: CertificateRenewalDueV1 }
  | { type: typeof CertificateEventTypes.Expired; data: CertificateExpiredV1 }
  | { type: typeof CertificateEventTypes.RenewalEscalated; data: CertificateRenewalEscalatedV1 }
  | { type: typeof CertificateEventTypes.Sealed; data: CertificateSealedV1 }
  | { type: typeof CertificateEventTypes.Revoked; data: CertificateRevokedV1 }
  | { type: typeof CertificateEventTypes.Cancelled; data: CertificateCancelledV1 }
  | { type: typeof CertificateEventTypes.ChangeFiled; data: CertificateChangeFiledV1 }
  | { type: typeof CertificateEventTypes.Renewed; data: CertificateRenewedV1 };
