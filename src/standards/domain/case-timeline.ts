import {
  AssessmentEventTypes,
  type ApplicationDeemedAcceptedV1,
  type ApplicationResubmittedV1,
  type ApplicationSubmittedV1,
  type AssessorsAssignedV1,
  type CaseDecidedV1,
  type DeadlineReminderSentV1,
  type DecisionLimitExtendedV1,
  type DecisionOverdueV1,
  type DocumentsAttachedV1,
  type EvaluationConcludedV1,
  type EvaluationStartedV1,
  type RecordedDeadline,
  type RectificationDeadlineMissedV1,
  type RectificationRequestedV1,
  type RectificationSubmittedV1,
  type SupplementRequestedV1,
  type TechnicalCheckRecordedV1,
} from '../../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateExpiredV1, type CertificateRenewalDueV1 } from '../../../events/certificate.events.js';
import { CERTIFICATE_LIFE_SUMMARIES } from './certificate-summaries.js';
import type { EventMetadata } from '../../../events/metadata.js';
import type { LocalizedText } from '../../shared/domain-error.js';

/**
 * 案件时间线: the case timeline, computed from the recorded events alone (pure: no clock, no I/O).
 * Every event of the case's stream and of its certificate's stream, in global order, with who
 * took the step and a short summary in both languages; and every time limit that applied to the
 * case, with whether it was kept.
 *
 * A time limit is kept when the step that answers it was taken before its `dueAt` (the end of its
 * last working day, China time), as the deciders count it:
 *   ACCEPTANCE     opened by the submission and each resubmission; answered by the supplement
 *                  notice or the acceptance. Deemed acceptance means it ran out unanswered: missed.
 *   RECTIFICATION  opened by the rectification request; answered by the submission; missed when
 *                  the miss was recorded.
 *   DECISION       opened by the conclusion's `decisionDeadline` where the event carries one;
 *                  replaced by an extension's new limit (the old one kept if extended in time);
 *                  answered by the decision; missed as soon as it was recorded overdue.
 * Any other deadline-shaped field (`…Deadline: { dueAt, workingDays, calendar }`) on an event this
 * module does not know is listed too, as open: nothing here knows what answers it.
 */

/** What the timeline reads of a recorded event (a RecordedEvent has all of it). */
export interface TimelineSourceEvent {
  streamId: string;
  revision: number;
  globalPosition: number;
  type: string;
  data: unknown;
  recordedAt: string;
  metadata: EventMetadata;
  hash: string;
}

export interface TimelineEntry {
  streamId: string;
  revision: number;
  globalPosition: number;
  type: string;
  recordedAt: string;
  actor: { id: string; role: string; institutionId?: string };
  correlationId: string;
  causationId?: string;
  workflowId?: string;
  policyVersion?: string;
  hash: string;
  summary: LocalizedText;
}

export interface TimelineDeadline {
  step: string;
  dueAt: string;
  calendar: string;
  workingDays: number;
  /** true: answered before dueAt; false: answered late, ran out, or recorded missed; 'open': not answered yet. */
  kept: boolean | 'open';
  /** When the step that answered (or replaced) the limit was taken. */
  closedAt?: string;
  /** The event that set the limit, and the one that closed it. */
  openedBy: { type: string; globalPosition: number };
  closedBy?: { type: string; globalPosition: number };
}

export interface CaseTimeline {
  caseId: string;
  events: TimelineEntry[];
  deadlines: TimelineDeadline[];
}

export function caseTimeline(caseId: string, events: readonly TimelineSourceEvent[]): CaseTimeline {
  const ordered = [...events].sort((a, b) => a.globalPosition - b.globalPosition);
  return { caseId, events: ordered.map(timelineEntry), deadlines: caseDeadlines(ordered) };
}

function timelineEntry(event: TimelineSourceEvent): TimelineEntry {
  const m = event.metadata;
  return {
    streamId: event.streamId,
    revision: event.revision,
    globalPosition: event.globalPosition,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: { id: m.actorId, role: m.role, ...(m.institutionId ? { institutionId: m.institutionId } : {}) },
    correlationId: m.correlationId,
    ...(m.causationId ? { causationId: m.causationId } : {}),
    ...(m.workflowId ? { workflowId: m.workflowId } : {}),
    ...(m.policyVersion ? { policyVersion: m.policyVersion } : {}),
    hash: event.hash,
    summary: summaryOf(event),
  };
}

// ---------------------------------------------------------------------------------------------
// Deadlines

const isRecordedDeadline = (value: unknown): value is RecordedDeadline =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RecordedDeadline).dueAt === 'string' &&
  typeof (value as RecordedDeadline).workingDays === 'number' &&
  typeof (value as RecordedDeadline).calendar === 'string';

/** The instant the event's own data gives for its step, or when it was recorded. */
function stepTime(event: TimelineSourceEvent, field: string): string {
  const value = (event.data as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' ? value : event.recordedAt;
}

/** Event types whose deadline fields this module interprets (or that restate a limit rather than set one). */
const INTERPRETED = new Set<string>([
  AssessmentEventTypes.ApplicationSubmitted,
  AssessmentEventTypes.ApplicationResubmitted,
  AssessmentEventTypes.ApplicationDeemedAccepted,
  AssessmentEventTypes.RectificationRequested,
  AssessmentEventTypes.RectificationDeadlineMissed,
  AssessmentEventTypes.EvaluationConcluded,
  AssessmentEventTypes.DecisionLimitExtended,
]);

export function caseDeadlines(events: readonly TimelineSourceEvent[]): TimelineDeadline[] {
  const all: TimelineDeadline[] = [];
  const open = new Map<string, TimelineDeadline>();
  const ref = (event: TimelineSourceEvent) => ({ type: event.type, globalPosition: event.globalPosition });

  const close = (step: string, event: TimelineSourceEvent, at: string, kept?: boolean) => {
    const deadline = open.get(step);
    if (!deadline) return;
    open.delete(step);
    deadline.closedAt = at;
    deadline.closedBy = ref(event);
    // Once recorded missed, a limit stays missed whatever answers it later.
    deadline.kept = deadline.kept === false ? false : (kept ?? Date.parse(at) < Date.parse(deadline.dueAt));
  };
  const start = (step: string, limit: RecordedDeadline, event: TimelineSourceEvent, at: string) => {
    close(step, event, at); // a new limit of the same step replaces the open one
    const deadline: TimelineDeadline = {
      step,
      dueAt: limit.dueAt,
      calendar: limit.calendar,
      workingDays: limit.workingDays,
      kept: 'open',
      openedBy: ref(event),
    };
    all.push(deadline);
    open.set(step, deadline);
  };

  for (const event of events) {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case AssessmentEventTypes.ApplicationSubmitted:
        start('ACCEPTANCE', (data as unknown as ApplicationSubmittedV1).acceptanceDeadline, event, stepTime(event, 'submittedAt'));
        break;
      case AssessmentEventTypes.ApplicationResubmitted:
        start('ACCEPTANCE', (data as unknown as ApplicationResubmittedV1).acceptanceDeadline, event, stepTime(event, 'resubmittedAt'));
        break;
      case AssessmentEventTypes.SupplementRequested:
        close('ACCEPTANCE', event, stepTime(event, 'requestedAt'));
        break;
      case AssessmentEventTypes.ApplicationAccepted:
        close('ACCEPTANCE', event, stepTime(event, 'acceptedAt'));
        break;
      case AssessmentEventTypes.ApplicationDeemedAccepted:
        close('ACCEPTANCE', event, stepTime(event, 'acceptedAt'), false); // the window ran out with no answer
        break;
      case AssessmentEventTypes.RectificationRequested:
        start('RECTIFICATION', (data as unknown as RectificationRequestedV1).deadline, event, stepTime(event, 'requestedAt'));
        break;
      case AssessmentEventTypes.RectificationSubmitted:
        close('RECTIFICATION', event, stepTime(event, 'submittedAt'));
        break;
      case AssessmentEventTypes.RectificationDeadlineMissed:
        close('RECTIFICATION', event, stepTime(event, 'missedAt'), false);
        break;
      case AssessmentEventTypes.EvaluationConcluded: {
        // Conclusions recorded before the decision limit was kept carry none.
        const limit = (data as unknown as EvaluationConcludedV1).decisionDeadline;
        if (isRecordedDeadline(limit)) start('DECISION', limit, event, stepTime(event, 'concludedAt'));
        break;
      }
      case AssessmentEventTypes.DecisionLimitExtended:
        start('DECISION', (data as unknown as DecisionLimitExtendedV1).deadline, event, stepTime(event, 'extendedAt'));
        break;
      case AssessmentEventTypes.DecisionOverdue: {
        const deadline = open.get('DECISION');
        if (deadline) deadline.kept = false; // missed; it stays open until the decision closes it
        break;
      }
      case AssessmentEventTypes.CaseDecided:
        close('DECISION', event, stepTime(event, 'decidedAt'));
        break;
      default:
        break;
    }
    if (!INTERPRETED.has(event.type) && typeof data === 'object' && data !== null) {
      for (const [field, value] of Object.entries(data)) {
        if (/(^d|D)eadline$/.test(field) && isRecordedDeadline(value)) start(otherStep(event.type, field), value, event, event.recordedAt);
      }
    }
  }
  return all;
}

/** `reviewDeadline` → REVIEW; a bare `deadline` is named by its event (…/site-visit-scheduled → SITE_VISIT_SCHEDULED). */
function otherStep(type: string, field: string): string {
  const name = field === 'deadline' ? (type.split('.').pop() ?? type) : field.slice(0, -'Deadline'.length);
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Summaries

const KIND: Record<string, LocalizedText> = {
  NEW: { en: 'a new standard', 'zh-CN': '新建' },
  RE_EXAMINATION: { en: 're-examination', 'zh-CN': '复查' },
  UPGRADE: { en: 'an upgrade', 'zh-CN': '提升改造' },
  CHANGE: { en: 'a change', 'zh-CN': '更换' },
};
const MODE: Record<string, LocalizedText> = {
  ON_SITE: { en: 'on site', 'zh-CN': '现场考评' },
  DOCUMENT_REVIEW: { en: 'by document review', 'zh-CN': '书面审查' },
};
const STEP: Record<string, LocalizedText> = {
  ACCEPTANCE: { en: 'acceptance', 'zh-CN': '受理' },
  RECTIFICATION: { en: 'rectification', 'zh-CN': '整改' },
  DECISION: { en: 'decision', 'zh-CN': '审批决定' },
};
const CHECK: Record<string, LocalizedText> = {
  REPEATABILITY: { en: 'Repeatability check', 'zh-CN': '重复性考核' },
  STABILITY: { en: 'Stability check', 'zh-CN': '稳定性考核' },
  UNCERTAINTY_BUDGET: { en: 'Uncertainty budget', 'zh-CN': '测量不确定度评定' },
  VERIFICATION_OF_RESULTS: { en: 'Verification of results', 'zh-CN': '测量结果的验证' },
};
const PURPOSE: Record<string, LocalizedText> = {
  APPLICATION: { en: 'to the application', 'zh-CN': '申请' },
  SUPPLEMENT: { en: 'as a supplement', 'zh-CN': '补正' },
  RECTIFICATION: { en: 'as rectification evidence', 'zh-CN': '整改' },
};
const text = (table: Record<string, LocalizedText>, key: unknown): LocalizedText => table[String(key)] ?? { en: String(key), 'zh-CN': String(key) };

type Summariser = (data: never) => LocalizedText;

const SUMMARIES: Record<string, Summariser> = {
  [AssessmentEventTypes.ApplicationSubmitted]: (d: ApplicationSubmittedV1) => ({
    en: `Application submitted for ${text(KIND, d.kind).en}: "${d.standard.name}" (${d.standard.category}); acceptance due by ${d.acceptanceDeadline.dueAt}.`,
    'zh-CN': `提交${text(KIND, d.kind)['zh-CN']}考核申请：“${d.standard.name}”（${d.standard.category}）；受理期限至 ${d.acceptanceDeadline.dueAt}。`,
  }),
  [AssessmentEventTypes.ApplicationDeemedAccepted]: (d: ApplicationDeemedAcceptedV1) => ({
    en: `Application deemed accepted: no supplement notice within ${d.deadline.workingDays} working days.`,
    'zh-CN': `${d.deadline.workingDays} 个工作日内未发出补正通知，申请视为受理。`,
  }),
  [AssessmentEventTypes.SupplementRequested]: (d: SupplementRequestedV1) => ({
    en: `Supplement notice: ${d.missing.length} item(s) missing (${d.missing.join('; ')}).`,
    'zh-CN': `发出补正通知：缺少 ${d.missing.length} 项材料（${d.missing.join('；')}）。`,
  }),
  [AssessmentEventTypes.ApplicationResubmitted]: (d: ApplicationResubmittedV1) => ({
    en: `Application resubmitted; acceptance due by ${d.acceptanceDeadline.dueAt}.`,
    'zh-CN': `重新提交申请；受理期限至 ${d.acceptanceDeadline.dueAt}。`,
  }),
  [AssessmentEventTypes.ApplicationAccepted]: () => ({ en: 'Application accepted.', 'zh-CN': '申请已受理。' }),
  [AssessmentEventTypes.AssessorsAssigned]: (d: AssessorsAssignedV1) => ({
    en: `Assessors assigned: ${d.assessors.map((a) => `${a.expertId} (${a.discipline})`).join(', ')}.`,
    'zh-CN': `指派考评员：${d.assessors.map((a) => `${a.expertId}（${a.discipline}）`).join('、')}。`,
  }),
  [AssessmentEventTypes.EvaluationStarted]: (d: EvaluationStartedV1) => ({
    en: `Evaluation started ${text(MODE, d.mode).en}.`,
    'zh-CN': `开始考评：${text(MODE, d.mode)['zh-CN']}。`,
  }),
  [AssessmentEventTypes.RectificationRequested]: (d: RectificationRequestedV1) => ({
    en: `Rectification requested: ${d.nonconformities.length} nonconformity(ies); due by ${d.deadline.dueAt}.`,
    'zh-CN': `提出整改要求：${d.nonconformities.length} 项不符合项；整改期限至 ${d.deadline.dueAt}。`,
  }),
  [AssessmentEventTypes.RectificationSubmitted]: (d: RectificationSubmittedV1) => ({
    en: `Rectification submitted with ${d.evidence.length} piece(s) of evidence.`,
    'zh-CN': `提交整改材料 ${d.evidence.length} 份。`,
  }),
  [AssessmentEventTypes.RectificationConfirmed]: () => ({ en: 'Rectification confirmed; the evaluation resumes.', 'zh-CN': '整改已确认，继续考评。' }),
  [AssessmentEventTypes.RectificationDeadlineMissed]: (d: RectificationDeadlineMissedV1) => ({
    en: `Rectification deadline ${d.deadline.dueAt} passed with nothing submitted; the case failed.`,
    'zh-CN': `整改期限 ${d.deadline.dueAt} 届满未提交整改，案件不通过。`,
  }),
  [AssessmentEventTypes.EvaluationConcluded]: (d: EvaluationConcludedV1) => {
    const due = d.decisionDeadline?.dueAt;
    return {
      en: `Evaluation concluded: ${d.outcome === 'PASS' ? 'pass' : 'fail'}.${due ? ` Decision due by ${due}.` : ''}`,
      'zh-CN': `考评结论：${d.outcome === 'PASS' ? '合格' : '不合格'}。${due ? `审批期限至 ${due}。` : ''}`,
    };
  },
  [AssessmentEventTypes.DecisionLimitExtended]: (d: DecisionLimitExtendedV1) => ({
    en: `Decision limit extended from ${d.previousDueAt} to ${d.deadline.dueAt}: ${d.reasons.join('; ')}.`,
    'zh-CN': `审批期限由 ${d.previousDueAt} 延长至 ${d.deadline.dueAt}：${d.reasons.join('；')}。`,
  }),
  [AssessmentEventTypes.DeadlineReminderSent]: (d: DeadlineReminderSentV1) => ({
    en: `Reminder of the ${text(STEP, d.step).en} limit (due ${d.dueAt}) sent to the ${d.audience === 'APPLICANT' ? 'applicant' : 'authority'}.`,
    'zh-CN': `已向${d.audience === 'APPLICANT' ? '申请单位' : '主管部门'}发送${text(STEP, d.step)['zh-CN']}时限提醒（期限至 ${d.dueAt}）。`,
  }),
  [AssessmentEventTypes.DecisionOverdue]: (d: DecisionOverdueV1) => ({
    en: `Decision limit ${d.dueAt} passed with no decision; escalated.`,
    'zh-CN': `审批期限 ${d.dueAt} 已过仍未作出决定，已督办。`,
  }),
  [AssessmentEventTypes.CaseDecided]: (d: CaseDecidedV1) =>
    d.decision === 'APPROVED'
      ? {
          en: `Approved${d.certificate ? `; certificate ${d.certificate.certificateNo} valid from ${d.certificate.validFrom} to ${d.certificate.validUntil}` : ''}.`,
          'zh-CN': `批准${d.certificate ? `；签发证书 ${d.certificate.certificateNo}，有效期 ${d.certificate.validFrom} 至 ${d.certificate.validUntil}` : ''}。`,
        }
      : { en: `Refused: ${d.reasons.join('; ')}.`, 'zh-CN': `不予批准：${d.reasons.join('；')}。` },
  [AssessmentEventTypes.DocumentsAttached]: (d: DocumentsAttachedV1) => ({
    en: `${d.documents.length} document(s) attached ${text(PURPOSE, d.purpose).en}: ${d.documents.map((doc) => doc.name).join(', ')}.`,
    'zh-CN': `${text(PURPOSE, d.purpose)['zh-CN']}附材料 ${d.documents.length} 份：${d.documents.map((doc) => doc.name).join('、')}。`,
  }),
  [AssessmentEventTypes.TechnicalCheckRecorded]: (d: TechnicalCheckRecordedV1) => {
    const name = text(CHECK, d.check);
    const record = d.record;
    if (record.check === 'uncertainty-budget') {
      const { expanded, k } = record.result;
      return { en: `${name.en} recorded: U = ${expanded.value} ${expanded.unit} (k = ${k}).`, 'zh-CN': `录入${name['zh-CN']}：U = ${expanded.value} ${expanded.unit}（k = ${k}）。` };
    }
    return { en: `${name.en} recorded: ${record.pass ? 'pass' : 'fail'}.`, 'zh-CN': `录入${name['zh-CN']}结果：${record.pass ? '合格' : '不合格'}。` };
  },
  [CertificateEventTypes.RenewalDue]: (d: CertificateRenewalDueV1) => ({
    en: `Certificate ${d.certificateNo} falls due for re-examination (valid until ${d.validUntil}).`,
    'zh-CN': `证书 ${d.certificateNo} 到期待复查（有效期至 ${d.validUntil}）。`,
  }),
  [CertificateEventTypes.Expired]: (d: CertificateExpiredV1) => ({
    en: `Certificate ${d.certificateNo} expired at the end of ${d.validUntil}.`,
    'zh-CN': `证书 ${d.certificateNo} 已于 ${d.validUntil} 有效期届满失效。`,
  }),
  ...CERTIFICATE_LIFE_SUMMARIES,
};

/** A short summary of the event in both languages; an event type this module does not know is named as it is. */
export function summaryOf(event: { type: string; data: unknown }): LocalizedText {
  const summarise = SUMMARIES[event.type] as ((data: unknown) => LocalizedText) | undefined;
  if (summarise) {
    try {
      return summarise(event.data);
    } catch {
      // A payload of an older shape than the summary expects: fall back to the type's name.
    }
  }
  return { en: `${event.type} recorded.`, 'zh-CN': `记录事件 ${event.type}。` };
}
