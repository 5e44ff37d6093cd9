import type { DocumentKind } from '../../events/document.events.js';
import type { LocalizedText } from '../shared/domain-error.js';

/** Each kind of document (材料类别) by the title the forms and the assessment code give it. */
export const DOCUMENT_KIND_TITLES: Readonly<Record<DocumentKind, LocalizedText>> = {
  APPLICATION_FORM: { en: 'Application form for assessment (re-examination)', 'zh-CN': '考核（复查）申请书' },
  TECHNICAL_REPORT: { en: 'Technical report of the measurement standard', 'zh-CN': '计量标准技术报告' },
  STANDARD_CERTIFICATES: { en: 'Verification/calibration certificates of the standard instruments', 'zh-CN': '计量标准器检定/校准证书' },
  EQUIPMENT_CERTIFICATES: { en: 'Verification/calibration certificates of the main supporting equipment', 'zh-CN': '主要配套设备检定/校准证书' },
  ORIGINAL_RECORDS: { en: 'Original records', 'zh-CN': '原始记录' },
  SAMPLE_CERTIFICATE: { en: 'Sample certificate issued in simulation', 'zh-CN': '模拟出具的证书' },
  STAFF_COMPETENCE: { en: 'Evidence of staff competence', 'zh-CN': '人员能力证明' },
  PREVIOUS_CERTIFICATE: { en: 'Previous measurement standard assessment certificate', 'zh-CN': '原计量标准考核证书' },
  CONTINUOUS_CERTIFICATES: { en: 'Continuous verification/calibration certificates', 'zh-CN': '连续的检定/校准证书' },
  REPEATABILITY_STABILITY_RECORDS: { en: 'Repeatability and stability test records', 'zh-CN': '重复性和稳定性考核记录' },
  CHANGE_FORMS: { en: 'Change, sealing or revocation forms', 'zh-CN': '变更/封存/撤销申报表' },
  RECTIFICATION_EVIDENCE: { en: 'Evidence of rectification', 'zh-CN': '整改证明材料' },
  OTHER: { en: 'Other', 'zh-CN': '其他' },
};

export function documentKindTitle(kind: DocumentKind): LocalizedText {
  return DOCUMENT_KIND_TITLES[kind];
}
