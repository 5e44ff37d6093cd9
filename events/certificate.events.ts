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
} as const;

/** The re-examination is due: the holder (and the authority) are reminded as of `notifiedAt`. */
export interface CertificateRenewalDueV1 {
  certificateNo: string;
  caseId: string;
  institutionId: string;
  /** Last day of validity (YYYY-MM-DD). */
  validUntil: string;
  /** The day the renewal fell due: validUntil minus the policy's lead months (YYYY-MM-DD). */
  dueOn: string;
  notifiedAt: string;
}

/** The validity ran out with no renewal: the certificate is no longer valid. */
export interface CertificateExpiredV1 {
  certificateNo: string;
  caseId: string;
  institutionId: string;
  validUntil: string;
  expiredAt: string;
}

export type CertificateEvent =
  | { type: typeof CertificateEventTypes.RenewalDue; data: CertificateRenewalDueV1 }
  | { type: typeof CertificateEventTypes.Expired; data: CertificateExpiredV1 };
