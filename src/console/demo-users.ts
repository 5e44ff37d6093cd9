import type { Role } from '../identity/roles.js';

/**
 * 演示用户: the demo users that `npm run demo` seeds (src/demo/) and that the console's
 * development sign-in lists. The ids are stable: an institution user's `institutionId` is the
 * unified social credit code its institution is registered under, and an expert's `sub` is the
 * registry's `expertId`. Development only: the console refuses this sign-in in production.
 */
export interface DemoUser {
  /** The token's `sub`: the actor id recorded on every event the user causes. */
  sub: string;
  role: Role;
  /** For institution staff: the institution the token names (its unified social credit code). */
  institutionId?: string;
  name: { 'zh-CN': string; en: string };
  /** What the user does in the demo scenario. */
  description: { 'zh-CN': string; en: string };
}

/** The demo institutions of Jinhua (金华市) by short key: unified social credit code and division. */
export const DEMO_INSTITUTIONS = {
  jinhua: { institutionId: '123307004700001012', division: '330700', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '金华市计量质量科学研究院', en: 'Jinhua Institute of Metrology and Quality Science' } },
  lanxi: { institutionId: '12330781470000102F', division: '330781', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '兰溪市计量检定测试所', en: 'Lanxi Metrology Verification and Testing Institute' } },
  yiwu: { institutionId: '123307824700001031', division: '330782', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '义乌市计量检定测试所', en: 'Yiwu Metrology Verification and Testing Institute' } },
  dongyang: { institutionId: '12330783470000104J', division: '330783', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '东阳市计量检定测试所', en: 'Dongyang Metrology Verification and Testing Institute' } },
  yongkang: { institutionId: '123307844700001054', division: '330784', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '永康市计量检定测试所', en: 'Yongkang Metrology Verification and Testing Institute' } },
  wuyi: { institutionId: '12330723470000106U', division: '330723', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '武义县计量检定测试所', en: 'Wuyi County Metrology Verification and Testing Institute' } },
  pujiang: { institutionId: '12330726470000107A', division: '330726', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '浦江县计量检定测试所', en: 'Pujiang County Metrology Verification and Testing Institute' } },
  panan: { institutionId: '12330727470000108U', division: '330727', kind: 'LEGAL_METROLOGY_INSTITUTE', name: { 'zh-CN': '磐安县计量检定测试所', en: "Pan'an County Metrology Verification and Testing Institute" } },
  jindongAuto: { institutionId: '91330703MA2D001096', division: '330703', kind: 'ENTERPRISE', name: { 'zh-CN': '金华金东新能源汽车部件有限公司', en: 'Jinhua Jindong New Energy Auto Parts Co., Ltd.' } },
} as const;

export type DemoInstitutionKey = keyof typeof DEMO_INSTITUTIONS;

const staff = (key: DemoInstitutionKey, sub: string, zh: string, en: string, what: { 'zh-CN': string; en: string }): DemoUser => ({
  sub,
  role: 'institution',
  institutionId: DEMO_INSTITUTIONS[key].institutionId,
  name: { 'zh-CN': `${zh}（${DEMO_INSTITUTIONS[key].name['zh-CN']}）`, en: `${en} (${DEMO_INSTITUTIONS[key].name.en})` },
  description: what,
});

export const DEMO_USERS: readonly DemoUser[] = [
  { sub: 'demo-secretariat', role: 'secretariat', name: { 'zh-CN': '王敏（金华市市场监督管理局计量处）', en: 'Wang Min (Metrology Division, Jinhua Administration for Market Regulation)' }, description: { 'zh-CN': '受理、指派考评员、审批发证、组织比对与地方技术规范', en: 'accepts cases, assigns assessors, decides and issues certificates, runs comparisons and specifications' } },
  { sub: 'demo-auditor', role: 'auditor', name: { 'zh-CN': '赵磊（审计）', en: 'Zhao Lei (auditor)' }, description: { 'zh-CN': '查看案件时间线、验证完整性、导出证据', en: 'reads case timelines, verifies integrity, exports evidence' } },
  { sub: 'demo-admin', role: 'admin', name: { 'zh-CN': '系统管理员', en: 'System administrator' }, description: { 'zh-CN': '登记机构与专家', en: 'registers institutions and experts' } },
  staff('jinhua', 'demo-inst-jinhua', '刘洋', 'Liu Yang', { 'zh-CN': '市院：比对主导实验室、地方技术规范起草单位', en: 'city institute: comparison pilot lab, drafts the local specification' }),
  staff('yiwu', 'demo-inst-yiwu', '陈静', 'Chen Jing', { 'zh-CN': '有一项考核正在评审中，另一项待整改', en: 'one case under assessment, another in rectification' }),
  staff('dongyang', 'demo-inst-dongyang', '吴涛', 'Wu Tao', { 'zh-CN': '持有计量标准考核证书', en: 'holds a certificate' }),
  staff('yongkang', 'demo-inst-yongkang', '何芳', 'He Fang', { 'zh-CN': '比对中结果不满意（|En| > 1）', en: 'unsatisfactory in the comparison (|En| > 1)' }),
  staff('lanxi', 'demo-inst-lanxi', '徐明', 'Xu Ming', { 'zh-CN': '申请已提交，待受理', en: 'application submitted, awaiting acceptance' }),
  staff('wuyi', 'demo-inst-wuyi', '朱丽', 'Zhu Li', { 'zh-CN': '申请已受理', en: 'application accepted' }),
  staff('pujiang', 'demo-inst-pujiang', '马强', 'Ma Qiang', { 'zh-CN': '申请被退回', en: 'application returned' }),
  staff('panan', 'demo-inst-panan', '郑洁', 'Zheng Jie', { 'zh-CN': '比对参加实验室', en: 'comparison participant' }),
  staff('jindongAuto', 'demo-inst-jindong-auto', '孙斌', 'Sun Bin', { 'zh-CN': '企业最高计量标准，持证', en: "enterprise's highest standard, certified" }),
  { sub: 'expert-chen-hua', role: 'expert', name: { 'zh-CN': '陈华（考评员，压力、质量）', en: 'Chen Hua (assessor: pressure, mass)' }, description: { 'zh-CN': '被指派考评多个案件', en: 'assigned assessor on several cases' } },
  { sub: 'expert-li-na', role: 'expert', name: { 'zh-CN': '李娜（考评员，温度、电学）', en: 'Li Na (assessor: temperature, electrical)' }, description: { 'zh-CN': '考评员；地方技术规范起草组成员', en: 'assessor; member of the specification drafting group' } },
  { sub: 'expert-zhou-jian', role: 'expert', name: { 'zh-CN': '周健（考评员，压力；任职义乌所）', en: 'Zhou Jian (assessor: pressure; works at the Yiwu institute)' }, description: { 'zh-CN': '任职义乌所：指派其考评义乌案件会因利益冲突被拒绝', en: 'works at the Yiwu institute: assigning him to a Yiwu case is refused for a conflict of interest' } },
  { sub: 'expert-huang-wei', role: 'expert', name: { 'zh-CN': '黄伟（起草组）', en: 'Huang Wei (drafting group)' }, description: { 'zh-CN': '地方技术规范起草组组长', en: 'leads the specification drafting group' } },
];
