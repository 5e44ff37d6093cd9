import type { AssessmentKind } from '../../../events/assessment.events.js';
import { DomainError } from '../../shared/domain-error.js';
import { RENEWABLE_STATUSES, type CertificateStatus } from './certificate.js';

/**
 * 复查考核: a re-examination application renews a certificate, and names it by the case that
 * issued it. The submission handler loads that certificate; this rule, part of the submission's
 * decision, says whether the application may name it.
 */
export interface RenewedCertificateFacts {
  /** The case that issued the certificate (its stream: certificate-<caseId>). */
  caseId: string;
  status: CertificateStatus;
  institutionId?: string;
  certificateNo?: string;
}

const refuse = (code: string, en: string, zh: string): never => {
  throw new DomainError(code, { en, 'zh-CN': zh });
};

/**
 * Refuses a submission whose renewal link is wrong: a re-examination must name a certificate, other
 * kinds must not; the certificate must be the applicant's own (another's answers like an unknown one,
 * so that its existence does not leak) and still renewable (valid, due for renewal, or sealed).
 */
export function checkRenewalLink(
  kind: AssessmentKind,
  applicantInstitutionId: string,
  renewsCaseId: string | undefined,
  certificate: RenewedCertificateFacts | undefined,
): void {
  if (kind !== 'RE_EXAMINATION') {
    if (renewsCaseId !== undefined) {
      refuse(
        'assessment.only-re-examination-renews',
        `Only a re-examination (RE_EXAMINATION) renews a certificate; a ${kind} application names none.`,
        `只有复查考核（RE_EXAMINATION）才换发证书；${kind} 类申请不得指定所复查的证书。`,
      );
    }
    return;
  }
  if (!renewsCaseId) {
    refuse(
      'assessment.re-examination-names-certificate',
      'A re-examination names the certificate it renews: give renewsCaseId, the case that issued it.',
      '复查考核申请须指明所复查的证书：请给出签发该证书的案件编号 renewsCaseId。',
    );
  }
  if (!certificate || certificate.status === 'NONE' || certificate.institutionId !== applicantInstitutionId) {
    refuse(
      'assessment.renewed-certificate-not-held',
      `Case ${renewsCaseId} issued no certificate held by institution ${applicantInstitutionId}.`,
      `案件 ${renewsCaseId} 未向单位 ${applicantInstitutionId} 签发证书。`,
    );
  }
  if (!RENEWABLE_STATUSES.includes(certificate!.status)) {
    refuse(
      'assessment.certificate-not-renewable',
      certificate!.status === 'RENEWED'
        ? `Certificate ${certificate!.certificateNo} was already renewed; a re-examination renews the current certificate.`
        : `Certificate ${certificate!.certificateNo} is ${certificate!.status}; it can no longer be renewed by re-examination, the standard needs a new assessment.`,
      certificate!.status === 'RENEWED'
        ? `证书 ${certificate!.certificateNo} 已换发新证；复查考核应针对现行有效的证书。`
        : `证书 ${certificate!.certificateNo} 当前状态为 ${certificate!.status}，不能再通过复查换证，须重新申请考核。`,
    );
  }
}
