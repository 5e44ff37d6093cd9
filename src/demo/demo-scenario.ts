import type { StandardCategory } from '../../events/assessment.events.js';
import { DEMO_INSTITUTIONS, DEMO_USERS, type DemoInstitutionKey, type DemoUser } from '../console/demo-users.js';

/**
 * 演示场景: the realistic scenario that `npm run demo` loads into a running system, after the
 * Jinhua city plan (金华市推进计量强基工作实施方案): the city institute and the county institutes
 * building the basic public standards the plan names (utility meters, non-automatic weighing
 * instruments, sphygmomanometers, multi-parameter monitors, lensmeters, pressure gauges), an
 * enterprise's highest standard for the new-energy vehicle industry, a city comparison and a
 * local technical specification. Data only: the loader (demo-loader.ts) plays it through the API.
 */

export const userBySub = (sub: string): DemoUser => {
  const user = DEMO_USERS.find((u) => u.sub === sub);
  if (!user) throw new Error(`no demo user ${sub}`);
  return user;
};

/** The staff user of a demo institution (one per institution). */
export const staffOf = (key: DemoInstitutionKey): DemoUser => {
  const user = DEMO_USERS.find((u) => u.role === 'institution' && u.institutionId === DEMO_INSTITUTIONS[key].institutionId);
  if (!user) throw new Error(`no demo user for institution ${key}`);
  return user;
};

export interface DemoExpert {
  expertId: string;
  name: string;
  disciplines: string[];
  /** The institution the expert works at (a conflict of interest for its cases), from a day. */
  affiliation?: { institution: DemoInstitutionKey; from: string };
}

export const DEMO_EXPERTS: readonly DemoExpert[] = [
  { expertId: 'expert-chen-hua', name: '陈华', disciplines: ['pressure', 'mass', 'torque'], affiliation: { institution: 'jinhua', from: '2012-07-01' } },
  { expertId: 'expert-li-na', name: '李娜', disciplines: ['temperature', 'electrical', 'optics', 'medical'], affiliation: { institution: 'jinhua', from: '2015-09-01' } },
  { expertId: 'expert-zhou-jian', name: '周健', disciplines: ['pressure', 'temperature'], affiliation: { institution: 'yiwu', from: '2019-03-01' } },
  { expertId: 'expert-huang-wei', name: '黄伟', disciplines: ['mass', 'temperature'], affiliation: { institution: 'jinhua', from: '2010-08-01' } },
];

/** The state a demo case is taken to. `SUPPLEMENT_REQUESTED` is the case returned for supplement (退回补正). */
export type DemoCaseTarget = 'SUBMITTED' | 'ACCEPTED' | 'SUPPLEMENT_REQUESTED' | 'UNDER_EVALUATION' | 'RECTIFICATION' | 'APPROVED';

export interface DemoCase {
  /** Stable key: names the Idempotency-Key of the submission and the standard in the output. */
  key: string;
  institution: DemoInstitutionKey;
  standard: { name: string; category: StandardCategory; measurand: string };
  target: DemoCaseTarget;
  /** The assessor and the discipline he is assigned in. */
  assessor?: { expertId: string; discipline: string };
  /** An assessor tried first, whom the conflict-of-interest rule refuses. */
  refusedAssessor?: string;
  /** The certificate number of an approved case. */
  certificateSerial?: number;
}

export const DEMO_CASES: readonly DemoCase[] = [
  { key: 'lanxi-water-meter', institution: 'lanxi', standard: { name: '水表检定装置', category: 'PUBLIC', measurand: 'flow' }, target: 'SUBMITTED' },
  { key: 'wuyi-energy-meter', institution: 'wuyi', standard: { name: '交流电能表检定装置', category: 'PUBLIC', measurand: 'electrical' }, target: 'ACCEPTED' },
  { key: 'pujiang-pressure-gauge', institution: 'pujiang', standard: { name: '弹簧管式一般压力表检定装置', category: 'PUBLIC', measurand: 'pressure' }, target: 'SUPPLEMENT_REQUESTED' },
  {
    key: 'yiwu-sphygmomanometer',
    institution: 'yiwu',
    standard: { name: '无创自动测量血压计检定装置', category: 'PUBLIC', measurand: 'pressure' },
    target: 'UNDER_EVALUATION',
    refusedAssessor: 'expert-zhou-jian',
    assessor: { expertId: 'expert-chen-hua', discipline: 'pressure' },
  },
  { key: 'yiwu-lensmeter', institution: 'yiwu', standard: { name: '焦度计检定装置', category: 'PUBLIC', measurand: 'optics' }, target: 'RECTIFICATION', assessor: { expertId: 'expert-li-na', discipline: 'optics' } },
  {
    key: 'dongyang-patient-monitor',
    institution: 'dongyang',
    standard: { name: '多参数监护仪检定装置', category: 'PUBLIC', measurand: 'medical' },
    target: 'APPROVED',
    assessor: { expertId: 'expert-li-na', discipline: 'medical' },
    certificateSerial: 1,
  },
  {
    key: 'yongkang-pressure-gauge',
    institution: 'yongkang',
    standard: { name: '精密压力表标准装置', category: 'PUBLIC', measurand: 'pressure' },
    target: 'APPROVED',
    assessor: { expertId: 'expert-zhou-jian', discipline: 'pressure' },
    certificateSerial: 2,
  },
  {
    key: 'jinhua-thermometer',
    institution: 'jinhua',
    standard: { name: '二等铂电阻温度计标准装置', category: 'PUBLIC', measurand: 'temperature' },
    target: 'APPROVED',
    assessor: { expertId: 'expert-zhou-jian', discipline: 'temperature' },
    certificateSerial: 3,
  },
  {
    key: 'jindong-torque-wrench',
    institution: 'jindongAuto',
    standard: { name: '扭矩扳子检定装置', category: 'ENTERPRISE_HIGHEST', measurand: 'torque' },
    target: 'APPROVED',
    assessor: { expertId: 'expert-chen-hua', discipline: 'torque' },
    certificateSerial: 4,
  },
];

/** The comparison: the city institute pilots, four county institutes take part, Yongkang is off (|En| > 1). */
export const DEMO_COMPARISON = {
  title: '2026 年金华市 1 kg 砝码量值比对',
  measurand: 'mass',
  unit: 'mg',
  pilot: 'jinhua' as DemoInstitutionKey,
  participants: ['dongyang', 'lanxi', 'panan', 'yongkang'] as DemoInstitutionKey[],
  transferStandard: { name: '1 kg F1 等级不锈钢砝码', id: 'JH-TS-M-2026-01' },
  /** Deviations from nominal, mg, with expanded uncertainties (k = 2). */
  results: {
    jinhua: { value: 0.0, expandedUncertainty: 0.1 },
    dongyang: { value: 0.02, expandedUncertainty: 0.1 },
    lanxi: { value: -0.03, expandedUncertainty: 0.12 },
    panan: { value: 0.05, expandedUncertainty: 0.15 },
    yongkang: { value: 0.6, expandedUncertainty: 0.2 },
  } as Partial<Record<DemoInstitutionKey, { value: number; expandedUncertainty: number }>>,
  unsatisfactory: 'yongkang' as DemoInstitutionKey,
};

/** The local technical specification (地方计量技术规范) the city institute drafts. */
export const DEMO_SPECIFICATION = {
  title: '电动汽车非车载充电机（充电桩）现场校准规范',
  proposer: 'jinhua' as DemoInstitutionKey,
  appraisers: ['expert-chen-hua', 'expert-zhou-jian'],
  drafters: ['expert-huang-wei', 'expert-li-na'],
  draftText:
    '1 范围\n本规范适用于电动汽车非车载充电机（充电桩）的现场校准。\n2 引用文件\nJJG 1149 电动汽车非车载充电机\n3 术语\n4 概述\n5 计量特性\n5.1 电能示值误差\n5.2 时钟示值误差\n6 校准条件\n7 校准项目和校准方法\n',
  comments: [
    { from: 'yiwu' as DemoInstitutionKey, clause: '5.1', text: '建议补充直流电能示值误差在 10% 额定电流下的校准点。' },
    { from: 'dongyang' as DemoInstitutionKey, clause: '6', text: '现场环境温度范围建议放宽至 -10 ℃～40 ℃，以适应冬季户外充电站。' },
    { from: 'public' as const, clause: '3', text: '“充电桩”一词建议与国家标准术语保持一致。', commenterName: '王先生' },
  ],
};
