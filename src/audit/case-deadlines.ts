import {
  ComparisonEventTypes,
  type ComparisonPublishedV1,
  type LegOverdueV1,
  type ProtocolDraftedV1,
  type TransferStandardHandedOverV1,
} from '../../events/comparison.events.js';
import {
  SpecificationEventTypes,
  type CommentPeriodClosedV1,
  type ConsultationDraftIssuedV1,
  type EvaluationConcludedV1,
  type PeriodicReviewStartedV1,
  type PlanAdjustedV1,
  type PlannedV1,
  type PublicNoticeStartedV1,
  type PublishedV1,
} from '../../events/specification.events.js';
import { endOfChinaDay } from '../calendar/working-days.js';
import { COMPARISON_DEADLINES, followUpDueAt, legDueAt } from '../comparisons/domain/comparison-deadlines.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { LocalizedText } from '../shared/domain-error.js';

/**
 * 时限 (the time limits) a comparison's or a specification project's events set, and what
 * answered each, computed from the recorded events alone (pure: no clock; the caller judges the
 * limits still open against its own `now`). The assessment's limits are the case timeline's
 * (src/standards/domain/case-timeline.ts).
 *
 * Comparison (calendar days, src/comparisons/domain/comparison-deadlines.ts):
 *   LEG:<lab>        each leg of the agreed protocol, due at the end of its due date (China time);
 *                    answered when the lab hands the transfer standard on; missed when recorded overdue.
 *   FOLLOW_UP:<lab>  each unsatisfactory lab of the publication, due FOLLOW_UP_DAYS later; answered
 *                    when both its cause analysis and its corrective action are recorded.
 * Specification (calendar dates, China time):
 *   PUBLIC_NOTICE, CONSULTATION_PERIOD  minimum periods: kept when the next step came after their end.
 *   COMPLETION       the plan's limit for the project; answered by the publication.
 *   PERIODIC_REVIEW  due on the publication's (or a confirmation's) review date; answered when it starts.
 *   REVIEW_CONCLUSION  the review's own due date; answered by its conclusion.
 */
export interface DeadlineRecord {
  streamId: string;
  step: string;
  what: LocalizedText;
  dueAt: string;
  kind: 'LIMIT' | 'MINIMUM';
  rule: { workingDays?: number; calendarDays?: number; calendar?: string; policyVersion?: string; basis?: string };
  kept: boolean | 'open' | 'cancelled';
  setBy: { type: string; globalPosition: number };
  closedBy?: { type: string; globalPosition: number };
  closedAt?: string;
}

const ref = (e: RecordedEvent) => ({ type: e.type, globalPosition: e.globalPosition });
const field = (e: RecordedEvent, name: string): string => {
  const value = (e.data as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' ? value : e.recordedAt;
};

/** Opens and closes limits by step name; a new limit of the same step replaces an open one. */
class Ledger {
  readonly all: DeadlineRecord[] = [];
  private readonly open = new Map<string, DeadlineRecord>();

  start(record: Omit<DeadlineRecord, 'kept'>): void {
    this.open.delete(record.step);
    const opened: DeadlineRecord = { ...record, kept: 'open' };
    this.all.push(opened);
    this.open.set(record.step, opened);
  }

  /** Closes the step's open limit: a LIMIT is kept when `at` is before it, a MINIMUM when `at` is not. */
  close(step: string, event: RecordedEvent, at: string, kept?: boolean | 'cancelled'): void {
    const d = this.open.get(step);
    if (!d) return;
    this.open.delete(step);
    d.closedBy = ref(event);
    d.closedAt = at;
    const inTime = d.kind === 'MINIMUM' ? Date.parse(at) >= Date.parse(d.dueAt) : Date.parse(at) <= Date.parse(d.dueAt);
    d.kept = d.kept === false ? false : (kept ?? inTime);
  }

  miss(step: string): void {
    const d = this.open.get(step);
    if (d) d.kept = false; // stays open until answered, but stays missed
  }

  closeAll(prefix: string, event: RecordedEvent, at: string, kept: 'cancelled'): void {
    for (const step of [...this.open.keys()]) if (step.startsWith(prefix)) this.close(step, event, at, kept);
  }
}

export function comparisonDeadlines(events: readonly RecordedEvent[]): DeadlineRecord[] {
  const ledger = new Ledger();
  let protocol: ProtocolDraftedV1['protocol'] | undefined;
  const followUps = new Map<string, { cause?: string; action?: string }>();
  const basis = COMPARISON_DEADLINES.version;
  for (const e of events) {
    switch (e.type) {
      case ComparisonEventTypes.ProtocolDrafted:
        protocol = (e.data as ProtocolDraftedV1).protocol;
        break;
      case ComparisonEventTypes.ProtocolAgreed:
        for (const leg of protocol?.legs ?? []) {
          ledger.start({
            streamId: e.streamId,
            step: `LEG:${leg.participant}`,
            what: { en: `hand the transfer standard on after the leg of ${leg.participant}`, 'zh-CN': `${leg.participant} 传递段结束，移交传递标准` },
            dueAt: legDueAt(leg.dueDate),
            kind: 'LIMIT',
            rule: { basis: `${basis}: end of the leg's due date ${leg.dueDate}, China time`, ...(e.metadata.policyVersion ? { policyVersion: e.metadata.policyVersion } : {}) },
            setBy: ref(e),
          });
        }
        break;
      case ComparisonEventTypes.TransferStandardHandedOver: {
        const d = e.data as TransferStandardHandedOverV1;
        ledger.close(`LEG:${d.from}`, e, field(e, 'handedOverAt'));
        break;
      }
      case ComparisonEventTypes.LegOverdue:
        ledger.miss(`LEG:${(e.data as LegOverdueV1).participant}`);
        break;
      case ComparisonEventTypes.Published: {
        const d = e.data as ComparisonPublishedV1;
        for (const lab of d.unsatisfactoryLabs) {
          followUps.set(lab, {});
          ledger.start({
            streamId: e.streamId,
            step: `FOLLOW_UP:${lab}`,
            what: { en: `record the cause analysis and corrective action of ${lab}`, 'zh-CN': `${lab} 提交原因分析和纠正措施` },
            dueAt: followUpDueAt(d.publishedAt),
            kind: 'LIMIT',
            rule: { calendarDays: COMPARISON_DEADLINES.FOLLOW_UP_DAYS, basis, ...(e.metadata.policyVersion ? { policyVersion: e.metadata.policyVersion } : {}) },
            setBy: ref(e),
          });
        }
        break;
      }
      case ComparisonEventTypes.CauseAnalysisRecorded:
      case ComparisonEventTypes.CorrectiveActionRecorded: {
        const lab = (e.data as { lab: string }).lab;
        const f = followUps.get(lab);
        if (!f) break;
        if (e.type === ComparisonEventTypes.CauseAnalysisRecorded) f.cause = field(e, 'recordedAt');
        else f.action = field(e, 'recordedAt');
        if (f.cause && f.action) ledger.close(`FOLLOW_UP:${lab}`, e, f.cause > f.action ? f.cause : f.action);
        break;
      }
      case ComparisonEventTypes.FollowUpOverdue:
        ledger.miss(`FOLLOW_UP:${(e.data as { lab: string }).lab}`);
        break;
      default:
        break;
    }
  }
  return ledger.all;
}

const endOf = (date: string) => endOfChinaDay(date).toISOString();

export function specificationDeadlines(events: readonly RecordedEvent[]): DeadlineRecord[] {
  const ledger = new Ledger();
  for (const e of events) {
    const policyVersion = e.metadata.policyVersion ? { policyVersion: e.metadata.policyVersion } : {};
    const common = { streamId: e.streamId, setBy: ref(e) };
    const reviewDue = (dueOn: string, setBy: string) =>
      ledger.start({
        ...common,
        step: 'PERIODIC_REVIEW',
        what: { en: 'start the periodic review (复审)', 'zh-CN': '启动复审' },
        dueAt: endOf(dueOn),
        kind: 'LIMIT',
        rule: { basis: `${setBy}: review due on ${dueOn}`, ...policyVersion },
      });
    switch (e.type) {
      case SpecificationEventTypes.PublicNoticeStarted: {
        const d = e.data as PublicNoticeStartedV1;
        ledger.start({
          ...common,
          step: 'PUBLIC_NOTICE',
          what: { en: 'let the public notice run before planning', 'zh-CN': '公示期满后方可列入计划' },
          dueAt: endOf(d.endsOn),
          kind: 'MINIMUM',
          rule: { calendarDays: d.days, ...policyVersion },
        });
        break;
      }
      case SpecificationEventTypes.Planned: {
        const d = e.data as PlannedV1;
        ledger.close('PUBLIC_NOTICE', e, field(e, 'plannedAt'));
        ledger.start({
          ...common,
          step: 'COMPLETION',
          what: { en: 'publish the specification within the plan\'s limit', 'zh-CN': '在计划期限内完成并发布' },
          dueAt: endOf(d.deadlineOn),
          kind: 'LIMIT',
          rule: { basis: `${d.limitYears} year(s) from the plan of ${d.planYear}`, ...policyVersion },
        });
        break;
      }
      case SpecificationEventTypes.PlanAdjusted:
        if ((e.data as PlanAdjustedV1).adjustment === 'CANCELLED') ledger.closeAll('', e, field(e, 'adjustedAt'), 'cancelled');
        break;
      case SpecificationEventTypes.ConsultationDraftIssued: {
        const d = e.data as ConsultationDraftIssuedV1;
        ledger.start({
          ...common,
          step: 'CONSULTATION_PERIOD',
          what: { en: 'keep the consultation open before closing the comment period', 'zh-CN': '征求意见期满后方可截止' },
          dueAt: endOf(d.closesOn),
          kind: 'MINIMUM',
          rule: { calendarDays: d.days, ...policyVersion },
        });
        break;
      }
      case SpecificationEventTypes.CommentPeriodClosed:
        ledger.close('CONSULTATION_PERIOD', e, (e.data as CommentPeriodClosedV1).closedAt ?? e.recordedAt);
        break;
      case SpecificationEventTypes.Published: {
        const d = e.data as PublishedV1;
        ledger.close('COMPLETION', e, field(e, 'publishedAt'));
        reviewDue(d.periodicReviewDueOn, 'publication');
        break;
      }
      case SpecificationEventTypes.PeriodicReviewStarted: {
        const d = e.data as PeriodicReviewStartedV1;
        ledger.close('PERIODIC_REVIEW', e, field(e, 'startedAt'));
        ledger.start({
          ...common,
          step: 'REVIEW_CONCLUSION',
          what: { en: 'conclude the periodic review', 'zh-CN': '完成复审结论' },
          dueAt: endOf(d.dueOn),
          kind: 'LIMIT',
          rule: { basis: `review due on ${d.dueOn}`, ...policyVersion },
        });
        break;
      }
      case SpecificationEventTypes.EvaluationConcluded: {
        const d = e.data as EvaluationConcludedV1;
        ledger.close('REVIEW_CONCLUSION', e, field(e, 'concludedAt'));
        if (d.nextReviewDueOn) reviewDue(d.nextReviewDueOn, 'confirmation');
        break;
      }
      default:
        break;
    }
  }
  return ledger.all;
}
