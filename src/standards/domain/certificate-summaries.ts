import {
  CertificateEventTypes,
  type CertificateCancelledV1,
  type CertificateChangeFiledV1,
  type CertificateRenewalEscalatedV1,
  type CertificateRenewedV1,
  type CertificateRevokedV1,
  type CertificateSealedV1,
} from '../../../events/certificate.events.js';
import type { LocalizedText } from '../../shared/domain-error.js';

/** One-line summaries, in both languages, of the certificate's side states and renewal (for the case timeline). */
export const CERTIFICATE_LIFE_SUMMARIES: Record<string, (data: never) => LocalizedText> = {
  [CertificateEventTypes.RenewalEscalated]: (d: CertificateRenewalEscalatedV1) => ({
    en: `No re-examination of certificate ${d.certificateNo} was filed by ${d.escalationDueOn}; the authority was told.`,
    'zh-CN': `证书 ${d.certificateNo} 至 ${d.escalationDueOn} 仍未申请复查，已告知考核机关督办。`,
  }),
  [CertificateEventTypes.Sealed]: (d: CertificateSealedV1) => ({
    en: `Certificate ${d.certificateNo} sealed on the holder's application: ${d.reason}.`,
    'zh-CN': `证书 ${d.certificateNo} 经持证单位申请封存：${d.reason}。`,
  }),
  [CertificateEventTypes.Revoked]: (d: CertificateRevokedV1) => ({
    en: `Certificate ${d.certificateNo} revoked: ${d.reasons.join('; ')}.`,
    'zh-CN': `证书 ${d.certificateNo} 已撤销：${d.reasons.join('；')}。`,
  }),
  [CertificateEventTypes.Cancelled]: (d: CertificateCancelledV1) => ({
    en: `Certificate ${d.certificateNo} cancelled: ${d.reasons.join('; ')}.`,
    'zh-CN': `证书 ${d.certificateNo} 已注销：${d.reasons.join('；')}。`,
  }),
  [CertificateEventTypes.ChangeFiled]: (d: CertificateChangeFiledV1) => ({
    en: `Change of the standard filed for record (equal or better uncertainty, same range): ${d.description}.`,
    'zh-CN': `计量标准变更已备案（不确定度不变或更优，测量范围不变）：${d.description}。`,
  }),
  [CertificateEventTypes.Renewed]: (d: CertificateRenewedV1) => ({
    en: `Certificate ${d.certificateNo} renewed by re-examination case ${d.renewedByCaseId}: new certificate ${d.newCertificateNo} valid from ${d.newValidFrom} to ${d.newValidUntil}.`,
    'zh-CN': `证书 ${d.certificateNo} 经复查考核案件 ${d.renewedByCaseId} 换发新证 ${d.newCertificateNo}，有效期 ${d.newValidFrom} 至 ${d.newValidUntil}。`,
  }),
};
