import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** The console's languages: Chinese first, English on request. */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Text in both languages, as the API gives titles and summaries. */
export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

/** The dictionary: each entry [zh-CN, en]; `{name}` is replaced by vars.name. */
const DICT = {
  'app.title': ['计量标准考核与技术规范工作台', 'Legal metrology console'],
  'app.skip': ['跳到主要内容', 'Skip to main content'],
  'app.language': ['语言', 'Language'],
  'app.signOut': ['退出登录', 'Sign out'],
  'app.signedInAs': ['当前用户：{name}（{role}）', 'Signed in as {name} ({role})'],
  'app.nav': ['主导航', 'Main navigation'],
  'app.loading': ['加载中…', 'Loading…'],
  'app.empty': ['暂无记录。', 'Nothing here yet.'],
  'app.refresh': ['刷新', 'Refresh'],
  'app.notFound': ['页面不存在。', 'There is no such page.'],
  'app.forbidden': ['您的角色无权查看此页面。', 'Your role may not see this page.'],
  'app.sessionExpired': ['登录已过期，请重新登录。', 'Your session has expired; please sign in again.'],

  'role.institution': ['申请机构', 'institution'],
  'role.expert': ['考评员', 'assessor'],
  'role.secretariat': ['秘书处', 'secretariat'],
  'role.auditor': ['审计', 'auditor'],
  'role.admin': ['管理员', 'administrator'],

  'signIn.title': ['登录', 'Sign in'],
  'signIn.devBanner': ['开发环境登录：未配置身份提供方（OIDC），以下为演示用户。生产环境不提供此登录方式。', 'Development sign-in: no identity provider (OIDC) is configured; these are the demo users. Production offers no such sign-in.'],
  'signIn.as': ['以此身份登录', 'Sign in as this user'],
  'signIn.oidc': ['通过统一身份认证登录', 'Sign in with the identity provider'],
  'signIn.oidcAt': ['身份提供方：{issuer}', 'Identity provider: {issuer}'],
  'signIn.none': ['未配置任何登录方式：请设置 OIDC_ISSUER 与 OIDC_CLIENT_ID。', 'No way to sign in is configured: set OIDC_ISSUER and OIDC_CLIENT_ID.'],
  'signIn.callback': ['正在完成登录…', 'Completing the sign-in…'],
  'signIn.failed': ['登录失败：{reason}', 'Sign-in failed: {reason}'],
  'signIn.users': ['演示用户', 'Demo users'],

  'nav.cases': ['我的案件', 'My cases'],
  'nav.apply': ['提交申请', 'Apply'],
  'nav.certificates': ['我的证书', 'My certificates'],
  'nav.inbox': ['待办事项', 'Inbox'],
  'nav.allCases': ['全部案件', 'All cases'],
  'nav.specifications': ['地方技术规范', 'Specifications'],
  'nav.assignments': ['我的考评任务', 'My assignments'],
  'nav.audit': ['案件审计', 'Case audit'],
  'nav.plan': ['规划进度', 'Plan progress'],

  'status.SUBMITTED': ['已提交，待受理', 'submitted, awaiting acceptance'],
  'status.SUPPLEMENT_REQUESTED': ['已退回补正', 'returned for supplements'],
  'status.ACCEPTED': ['已受理', 'accepted'],
  'status.ASSESSORS_ASSIGNED': ['已指派考评员', 'assessors assigned'],
  'status.UNDER_EVALUATION': ['考评中', 'under evaluation'],
  'status.RECTIFICATION': ['整改中', 'in rectification'],
  'status.FAILED': ['未通过（整改逾期）', 'failed (rectification missed)'],
  'status.EVALUATED_PASS': ['考评合格，待审批', 'evaluated: pass, awaiting decision'],
  'status.EVALUATED_FAIL': ['考评不合格，待审批', 'evaluated: fail, awaiting decision'],
  'status.APPROVED': ['已批准发证', 'approved, certificate issued'],
  'status.REFUSED': ['不予批准', 'refused'],
  'cert.VALID': ['有效', 'valid'],
  'cert.RENEWAL_DUE': ['应申请复查', 'renewal due'],
  'cert.SEALED': ['已封存', 'sealed'],
  'cert.REVOKED': ['已撤销', 'revoked'],
  'cert.CANCELLED': ['已注销', 'cancelled'],
  'cert.EXPIRED': ['已过期', 'expired'],
  'kind.NEW': ['新建', 'new'],
  'kind.RE_EXAMINATION': ['复查', 're-examination'],
  'kind.UPGRADE': ['提升改造', 'upgrade'],
  'kind.CHANGE': ['更换', 'change'],
  'category.PUBLIC': ['社会公用计量标准', 'public standard'],
  'category.DEPARTMENT_HIGHEST': ['部门最高计量标准', "department's highest standard"],
  'category.ENTERPRISE_HIGHEST': ['企事业单位最高计量标准', "enterprise's highest standard"],

  'case.standard': ['计量标准', 'Standard'],
  'case.kind': ['考核类型', 'Kind'],
  'case.status': ['状态', 'Status'],
  'case.next': ['下一步', 'Next step'],
  'case.due': ['期限', 'Due'],
  'case.overdue': ['已逾期', 'overdue'],
  'case.submittedAt': ['提交时间', 'Submitted'],
  'case.institution': ['申请机构', 'Institution'],
  'case.open': ['查看', 'Open'],
  'case.title': ['考核案件', 'Assessment case'],
  'case.heading': ['考核案件：{name}', 'Assessment case: {name}'],
  'case.missingList': ['尚缺材料：{list}', 'Documents missing: {list}'],
  'case.assessors': ['考评员', 'Assessors'],
  'case.documents': ['已附材料', 'Documents attached'],
  'case.certificate': ['证书', 'Certificate'],
  'case.timeline': ['时间线', 'Timeline'],
  'case.waiting': ['等待：{what}', 'Waiting for: {what}'],
  'next.SUBMITTED': ['秘书处受理或发出补正通知', 'the secretariat accepts or sends a supplement notice'],
  'next.SUPPLEMENT_REQUESTED': ['申请机构补齐材料并重新提交', 'the institution supplies what is missing and resubmits'],
  'next.ACCEPTED': ['秘书处指派考评员', 'the secretariat assigns assessors'],
  'next.ASSESSORS_ASSIGNED': ['秘书处组织考评', 'the secretariat starts the evaluation'],
  'next.UNDER_EVALUATION': ['考评员开展考评', 'the assessor evaluates'],
  'next.RECTIFICATION': ['申请机构整改并提交整改材料', 'the institution rectifies and submits evidence'],
  'next.EVALUATED_PASS': ['秘书处作出审批决定', 'the secretariat decides'],
  'next.EVALUATED_FAIL': ['秘书处作出审批决定', 'the secretariat decides'],
  'next.APPROVED': ['—', '—'],
  'next.REFUSED': ['—', '—'],
  'next.FAILED': ['—', '—'],

  'apply.title': ['提交计量标准考核申请', 'Apply for the assessment of a measurement standard'],
  'apply.name': ['计量标准名称', 'Name of the standard'],
  'apply.measurand': ['被测量', 'Measurand'],
  'apply.category': ['类别', 'Category'],
  'apply.kind': ['考核类型', 'Kind of assessment'],
  'apply.checklist': ['所需材料清单', 'Required documents'],
  'apply.upload': ['上传：{title}', 'Upload: {title}'],
  'apply.uploaded': ['已上传 {name}（{size}）', 'Uploaded {name} ({size})'],
  'apply.uploading': ['正在上传 {name}…', 'Uploading {name}…'],
  'apply.missingCount': ['尚缺 {n} 项材料', '{n} documents still missing'],
  'apply.complete': ['材料齐全', 'All documents are there'],
  'apply.submit': ['提交申请', 'Submit the application'],
  'apply.submitted': ['申请已提交。受理期限：{due}', 'Application submitted. Acceptance due: {due}'],

  'certs.title': ['我的计量标准与证书', 'My standards and certificates'],
  'certs.number': ['证书编号', 'Certificate number'],
  'certs.validUntil': ['有效期至', 'Valid until'],
  'certs.expiresSoon': ['即将到期（{days} 天）', 'expires in {days} days'],
  'certs.expired': ['已过期', 'expired'],

  'inbox.title': ['待办事项', 'Inbox'],
  'inbox.what': ['事项', 'Task'],

  'work.accept': ['受理申请', 'Accept the application'],
  'work.return': ['退回补正', 'Return for supplements'],
  'work.returnWhat': ['需补正的内容（每行一项）', 'What is missing (one per line)'],
  'work.assign': ['指派考评员', 'Assign an assessor'],
  'work.expert': ['考评员', 'Assessor'],
  'work.discipline': ['专业', 'Discipline'],
  'work.startEvaluation': ['组织考评', 'Start the evaluation'],
  'work.mode': ['考评方式', 'Mode'],
  'mode.ON_SITE': ['现场考评', 'on-site evaluation'],
  'mode.DOCUMENT_REVIEW': ['书面审查', 'document review'],
  'work.decide': ['审批决定', 'Decision'],
  'work.approve': ['批准并发证', 'Approve and issue'],
  'work.refuse': ['不予批准', 'Refuse'],
  'work.certificateNo': ['证书编号', 'Certificate number'],
  'work.reasons': ['理由（每行一条）', 'Reasons (one per line)'],
  'work.findings': ['记录考评发现（不符合项）', 'Record findings (nonconformities)'],
  'work.clause': ['条款', 'Clause'],
  'work.finding': ['发现', 'Finding'],
  'work.requestRectification': ['提出整改要求', 'Request rectification'],
  'work.conclude': ['考评结论', 'Conclusion'],
  'work.outcome': ['结论', 'Outcome'],
  'work.PASS': ['合格', 'pass'],
  'work.FAIL': ['不合格', 'fail'],
  'work.summary': ['结论摘要', 'Summary'],
  'work.confirmRectification': ['确认整改', 'Confirm the rectification'],
  'work.rectify': ['提交整改材料', 'Submit rectification evidence'],
  'work.resubmit': ['重新提交', 'Resubmit'],
  'work.evidence': ['整改证明文件', 'Evidence file'],
  'work.file': ['文件', 'File'],
  'work.done': ['已记录。', 'Recorded.'],

  'spec.title': ['地方技术规范项目', 'Specification projects'],
  'spec.project': ['项目', 'Project'],
  'spec.comments': ['意见汇总处理表', 'Comment disposition table'],
  'spec.clause': ['条款', 'Clause'],
  'spec.comment': ['意见', 'Comment'],
  'spec.source': ['提出单位', 'From'],
  'spec.disposition': ['处理意见', 'Disposition'],
  'spec.reasons': ['理由', 'Reasons'],
  'spec.open': ['未处理', 'open'],
  'spec.meetings': ['审定会议记录', 'Review meeting records'],
  'spec.quorum': ['出席 {present}/{members}，法定人数 {required}', '{present} of {members} present, quorum {required}'],
  'spec.votes': ['赞成 {yes}，反对 {no}，弃权 {abstain}（需赞成 {required}）', '{yes} yes, {no} no, {abstain} abstain ({required} yes needed)'],
  'spec.PROPOSED': ['已立项申请', 'proposed'],
  'spec.EXPERT_APPRAISED': ['已专家评估', 'appraised by experts'],
  'spec.APPRAISAL_REJECTED': ['评估未通过', 'appraisal rejected'],
  'spec.PUBLIC_NOTICE': ['公示中', 'in public notice'],
  'spec.PLANNED': ['已列入计划', 'planned'],
  'spec.DRAFTING': ['起草中', 'drafting'],
  'spec.CONSULTATION': ['征求意见中', 'in consultation'],
  'spec.DISPOSITION': ['意见处理中', 'answering comments'],
  'spec.REVIEW_SCHEDULED': ['待审定', 'review scheduled'],
  'spec.REVIEWED': ['已审定', 'reviewed'],
  'spec.SUBMITTED_FOR_APPROVAL': ['已报批', 'submitted for approval'],
  'spec.PUBLISHED': ['已发布', 'published'],
  'spec.FILED': ['已备案', 'filed'],
  'spec.IN_FORCE': ['已实施', 'in force'],
  'spec.PERIODIC_REVIEW': ['复审中', 'in periodic review'],
  'spec.EFFECT_EVALUATION': ['实施效果评估中', 'effect evaluation'],
  'spec.REVISION': ['修订', 'revision'],
  'spec.WITHDRAWN': ['已废止', 'withdrawn'],
  'spec.CANCELLED': ['已撤销', 'cancelled'],
  'outcome.PASSED': ['审定通过', 'passed'],
  'outcome.NO_QUORUM': ['不足法定人数', 'no quorum'],
  'outcome.NOT_PASSED': ['未通过', 'not passed'],
  'disposition.ADOPTED': ['采纳', 'adopted'],
  'disposition.PARTLY_ADOPTED': ['部分采纳', 'partly adopted'],
  'disposition.NOT_ADOPTED': ['不采纳', 'not adopted'],

  'meet.title': ['记录审定会', 'Record the review meeting'],
  'meet.members': ['技术委员会委员（每行一人）', 'Committee members (one per line)'],
  'meet.invited': ['特邀专家（每行一人，不参加表决）', 'Invited experts (one per line; they do not vote)'],
  'meet.attendance': ['出席与表决', 'Attendance and votes'],
  'meet.present': ['{id} 出席', '{id} present'],
  'meet.vote': ['{id} 的表决', 'Vote of {id}'],
  'meet.noVote': ['未表决', 'no vote'],
  'vote.YES': ['赞成', 'yes'],
  'vote.NO': ['反对', 'no'],
  'vote.ABSTAIN': ['弃权', 'abstain'],
  'meet.reasons': ['{id} 的反对理由（每行一条）', 'Reasons of {id} for voting no (one per line)'],
  'meet.reasonsNeeded': ['反对票须附理由：{list}', 'A no vote needs its reasons: {list}'],
  'meet.drafter': ['起草组成员：计入出席，不参加表决', 'drafting group: counts for the quorum, does not vote'],
  'meet.live': ['实时计票', 'Live count'],
  'meet.presentCount': ['出席 {present}/{members} 人，法定人数 {required} 人（全体委员的 {fraction}，向上取整）', '{present} of {members} members present; quorum {required} ({fraction} of the members, rounded up)'],
  'meet.entitled': ['有表决权的出席委员 {n} 人（出席 {present} 人，减去起草组成员 {drafters} 人）', '{n} present members entitled to vote ({present} present less {drafters} of the drafting group)'],
  'meet.yesCount': ['赞成 {yes} 票（需 {required} 票，即有表决权出席委员的 {fraction}，向上取整），反对 {no}，弃权 {abstain}', '{yes} yes ({required} needed: {fraction} of the members entitled to vote, rounded up), {no} no, {abstain} abstain'],
  'meet.outcome': ['按当前勾选，结果为', 'As ticked, the outcome would be'],
  'meet.policy': ['按政策 {version}', 'per policy {version}'],
  'meet.serverDecides': ['有利益冲突的委员由系统在记录时回避并拒绝其表决。', 'A member with a conflict of interest is recused, and their vote refused, when the meeting is recorded.'],
  'meet.record': ['记录审定会结果', 'Record the meeting'],

  'nav.comparisons': ['计量比对', 'Comparisons'],
  'cmp.title': ['计量比对', 'Comparisons'],
  'cmp.name': ['比对名称', 'Comparison'],
  'cmp.measurand': ['被测量', 'Measurand'],
  'cmp.status': ['状态', 'Status'],
  'cmp.pilot': ['主导实验室', 'Pilot laboratory'],
  'cmp.participants': ['参比实验室', 'Participants'],
  'cmp.board': ['传递看板', 'Circulation board'],
  'cmp.transferStandard': ['传递标准', 'Transfer standard'],
  'cmp.scheme': ['传递方式', 'Scheme'],
  'cmp.scheme.RING': ['环式', 'ring'],
  'cmp.scheme.STAR': ['星式', 'star'],
  'cmp.where': ['传递标准所在', 'Where the transfer standard is'],
  'cmp.inTransit': ['运输途中', 'in transit'],
  'cmp.since': ['自 {at}', 'since {at}'],
  'cmp.notCirculating': ['尚未开始传递', 'the circulation has not started'],
  'cmp.noLegs': ['实施方案尚未确定传递路线。', 'The protocol has not set the circulation legs yet.'],
  'cmp.lab': ['实验室', 'Laboratory'],
  'cmp.dueDate': ['应完成日期', 'Due'],
  'cmp.receivedAt': ['接收', 'Received'],
  'cmp.handedOverAt': ['移交', 'Handed on'],
  'cmp.legState': ['进度', 'Progress'],
  'leg.WAITING': ['待接收', 'waiting'],
  'leg.AT_LAB': ['测量中', 'at the lab'],
  'leg.DONE': ['已完成', 'done'],
  'cmp.late': ['逾期 {days} 天', '{days} days late'],
  'cmp.lateLegs': ['逾期的传递段：{n} 个', 'Late legs: {n}'],
  'cmp.today': ['按 {date}（北京时间）判断是否逾期', 'Lateness judged on {date} (China time)'],
  'cmp.results': ['比对结果', 'Results'],
  'cmp.resultsLater': ['结果在 B 稿报送后向组织方公开、报告发布后向全体公开。', 'The results are shown to the organiser from Draft B and to everyone once the report is published.'],
  'cmp.reference': ['参考值 {value} {unit}，U = {u} {unit}（k = {k}，{method}）', 'Reference value {value} {unit}, U = {u} {unit} (k = {k}, {method})'],
  'cmp.value': ['测得值', 'Value'],
  'cmp.uncertainty': ['扩展不确定度 U', 'Expanded uncertainty U'],
  'cmp.en': ['En 值', 'En'],
  'cmp.verdict': ['评价', 'Verdict'],
  'cmp.satisfactory': ['满意', 'satisfactory'],
  'cmp.unsatisfactory': ['不满意', 'unsatisfactory'],
  'cmp.followUps': ['后续处理', 'Follow-ups'],
  'cmp.causeAnalysis': ['原因分析', 'Cause analysis'],
  'cmp.correctiveAction': ['纠正措施', 'Corrective action'],
  'cmp.closed': ['关闭', 'Closed'],
  'cmp.PROPOSED': ['已提出', 'proposed'],
  'cmp.APPROVED': ['已批准', 'approved'],
  'cmp.PROTOCOL_DRAFTED': ['实施方案已起草', 'protocol drafted'],
  'cmp.PROTOCOL_AGREED': ['实施方案已确认', 'protocol agreed'],
  'cmp.PRE_TESTED': ['已完成预实验', 'pre-tested'],
  'cmp.CIRCULATING': ['传递中', 'circulating'],
  'cmp.RESULTS_LOCKED': ['结果已锁定', 'results locked'],
  'cmp.DRAFT_A': ['已发出 A 稿', 'Draft A issued'],
  'cmp.DRAFT_B': ['已报送 B 稿', 'Draft B issued'],
  'cmp.REPORT_APPROVED': ['报告已批准', 'report approved'],
  'cmp.PUBLISHED': ['报告已发布', 'report published'],
  'cmp.FOLLOW_UP': ['后续处理中', 'follow-up'],
  'cmp.CLOSED': ['已结束', 'closed'],

  'audit.title': ['案件审计', 'Case audit'],
  'audit.choose': ['选择案件', 'Choose a case'],
  'audit.history': ['案件时间线', 'Case timeline'],
  'audit.when': ['时间', 'When'],
  'audit.actor': ['操作人', 'Actor'],
  'audit.event': ['事项', 'What'],
  'audit.deadlines': ['期限', 'Time limits'],
  'audit.limit': ['期限事项', 'Limit'],
  'audit.dueAt': ['截止', 'Due'],
  'audit.limitStatus': ['结果', 'Result'],
  'deadline.KEPT': ['按期', 'kept'],
  'deadline.MISSED': ['逾期', 'missed'],
  'deadline.OPEN': ['未到期', 'open'],
  'deadline.OVERDUE': ['已逾期未办', 'overdue'],
  'deadline.CANCELLED': ['已取消', 'cancelled'],
  'audit.replay': ['回放到某一时刻', 'Replay to a moment'],
  'audit.at': ['时刻', 'Moment'],
  'audit.replayButton': ['回放', 'Replay'],
  'audit.replayResult': ['截至 {at}：已应用 {n} 个事件，状态为“{status}”', 'At {at}: {n} events applied, status “{status}”'],
  'audit.verify': ['完整性校验', 'Verify integrity'],
  'audit.verifying': ['正在校验…', 'Verifying…'],
  'audit.verifyOk': ['校验通过：{events} 个事件、{streams} 条事件流，哈希链完整（用时 {ms} 毫秒）。', 'Verified: {events} events in {streams} streams, hash chains intact ({ms} ms).'],
  'audit.verifyBroken': ['校验失败：事件流 {stream} 第 {revision} 个事件处链条断开（{reason}）。', 'Verification failed: the chain of stream {stream} breaks at revision {revision} ({reason}).'],
  'audit.export': ['导出证据', 'Export evidence'],
  'audit.exporting': ['正在导出… {kb} KB', 'Exporting… {kb} KB'],
  'audit.exported': ['已导出 {name}（{kb} KB）', 'Exported {name} ({kb} KB)'],

  'plan.title': ['规划目标进度', "Progress against the plan's targets"],
  'plan.target': ['目标', 'Target'],
  'plan.actual': ['实际', 'Actual'],
  'plan.gap': ['差距', 'Gap'],
  'plan.indicator': ['指标', 'Indicator'],
  'plan.notRecorded': ['本系统未记录', 'not recorded here'],
  'plan.byCounty': ['各县（市、区）计量标准建立与提升', 'Standards established and upgraded by county'],
  'plan.established': ['新建', 'established'],
  'plan.upgraded': ['提升', 'upgraded'],
  'plan.expiring': ['6 个月内到期的证书', 'Certificates expiring within 6 months'],
  'plan.asOf': ['统计截至 {date}', 'As of {date}'],
} as const satisfies Record<string, readonly [string, string]>;

export type MessageKey = keyof typeof DICT;

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const entry = DICT[key] as readonly [string, string] | undefined;
  const text = entry ? entry[locale === 'zh-CN' ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A key of the dictionary when it exists (statuses and kinds come from the API). */
export function hasKey(key: string): key is MessageKey {
  return key in DICT;
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** Text the API gave in both languages. */
  pick(text: LocalizedText | undefined): string;
  dateTime(iso: string | undefined): string;
  date(iso: string | undefined): string;
  number(n: number | null | undefined, digits?: number): string;
  bytes(n: number): string;
  /** A list joined as the language joins one (、 in Chinese). */
  list(items: string[]): string;
}

const STORAGE_KEY = 'console.locale';
const I18nContext = createContext<I18n | undefined>(undefined);

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN';
}

/** Dates in China time, whatever the browser's zone: the limits are China's working days. */
const ZONE = 'Asia/Shanghai';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo<I18n>(() => {
    const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE });
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: ZONE });
    return {
      locale,
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next);
        document.documentElement.lang = next;
        setLocaleState(next);
      },
      t: (key, vars) => translate(locale, key, vars),
      pick: (text) => (text ? text[locale] : ''),
      dateTime: (iso) => (iso ? dateTimeFormat.format(new Date(iso)) : '—'),
      date: (iso) => (iso ? dateFormat.format(new Date(iso.length === 10 ? `${iso}T00:00:00+08:00` : iso)) : '—'),
      number: (n, digits) => (n === null || n === undefined ? '—' : new Intl.NumberFormat(locale, digits === undefined ? {} : { maximumFractionDigits: digits }).format(n)),
      bytes: (n) => {
        const [unit, value] = n >= 1024 * 1024 ? ['megabyte', n / 1024 / 1024] : n >= 1024 ? ['kilobyte', n / 1024] : ['byte', n];
        return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
      },
      list: (items) => new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(items),
    };
  }, [locale]);
  document.documentElement.lang = locale;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
