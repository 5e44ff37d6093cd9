import { AssessmentEventTypes, type AssessmentEvent, type DocumentsAttachedV1, type RecordedDeadline } from '../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateEvent, type CertificateRenewedV1 } from '../../events/certificate.events.js';
import type { ComparisonEvent } from '../../events/comparison.events.js';
import { DocumentEventTypes, type DocumentUploadedV1 } from '../../events/document.events.js';
import type { SpecificationEvent } from '../../events/specification.events.js';
import { comparisonStreamId } from '../comparisons/domain/comparison.js';
import { comparisonFolding } from '../comparisons/domain/comparison.folding.js';
import { institutionDocumentsStreamId } from '../documents/domain/institution-documents.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { NotFoundError, type LocalizedText } from '../shared/domain-error.js';
import { specificationStreamId } from '../specifications/commands/act-on-specification.handler.js';
import { foldSpecificationProject } from '../specifications/domain/specification-project.js';
import { assessmentStreamId, evolveAssessment, initialAssessmentCaseState, type AssessmentCaseState } from '../standards/domain/assessment-case.js';
import { caseDeadlines, summaryOf, type TimelineDeadline } from '../standards/domain/case-timeline.js';
import { certificateStreamId, evolveCertificate, initialCertificateState, type CertificateState } from '../standards/domain/certificate.js';
import { lineageRootCaseId } from '../standards/workflow/certificate-lineage.js';
import { comparisonDeadlines, specificationDeadlines, type DeadlineRecord } from './case-deadlines.js';

/**
 * 案件档案 (case history for auditors): a case of any process resolved to the streams that record
 * it, its events in order with who acted under which policy and calendar, the time limits its
 * events set and whether they were kept, and its state replayed to any moment.
 *
 * Kinds of case and their streams:
 *   assessment/<caseId>     assessment-<caseId>, certificate-<caseId>
 *   comparison/<id>         comparison-<id>
 *   specification/<id>      specification-<id>
 *   standard/<caseId>       a standard's certificate lineage (计量标准证书沿革), named by any of its
 *                           cases (the registry names it by the first): every case's assessment and
 *                           certificate streams, from the first certificate through each renewal
 */
export const CASE_KINDS = ['assessment', 'comparison', 'specification', 'standard'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const isCaseKind = (value: string): value is CaseKind => (CASE_KINDS as readonly string[]).includes(value);

export interface CaseRef {
  kind: CaseKind;
  id: string;
}

const hasEvents = async (store: EventStore, streamId: string) => (await store.readStream(streamId, { maxCount: 1 })).length > 0;

function unknownCase(kind: CaseKind, id: string): NotFoundError {
  return new NotFoundError({ en: `No ${kind} case ${id} is recorded.`, 'zh-CN': `未记录 ${kind} 类案件 ${id}。` });
}

/** The cases of a certificate lineage, first to last, following each renewal recorded on a certificate's stream. */
async function lineageCases(store: EventStore, anyCaseId: string): Promise<string[]> {
  const cases = [await lineageRootCaseId(store, anyCaseId)];
  for (;;) {
    const certificateEvents = await store.readStream(certificateStreamId(cases[cases.length - 1]));
    const renewed = certificateEvents.find((e) => e.type === CertificateEventTypes.Renewed)?.data as CertificateRenewedV1 | undefined;
    // A renewal names a later case; the guard keeps a corrupt log from looping.
    if (!renewed || cases.includes(renewed.renewedByCaseId)) return cases;
    cases.push(renewed.renewedByCaseId);
  }
}

/**
 * The streams that record a case, in the order the case reads them. An assessment case names its
 * certificate's stream even before one is issued (verification then checks that no anchored
 * certificate stream was deleted). Throws NotFoundError when the store records no such case.
 */
export async function caseStreams(store: EventStore, kind: CaseKind, id: string): Promise<string[]> {
  switch (kind) {
    case 'assessment':
      if (!(await hasEvents(store, assessmentStreamId(id)))) throw unknownCase(kind, id);
      return [assessmentStreamId(id), certificateStreamId(id)];
    case 'comparison':
      if (!(await hasEvents(store, comparisonStreamId(id)))) throw unknownCase(kind, id);
      return [comparisonStreamId(id)];
    case 'specification':
      if (!(await hasEvents(store, specificationStreamId(id)))) throw unknownCase(kind, id);
      return [specificationStreamId(id)];
    case 'standard': {
      if (!(await hasEvents(store, assessmentStreamId(id)))) throw unknownCase(kind, id);
      const cases = await lineageCases(store, id);
      const first = await store.readStream(assessmentStreamId(cases[0]));
      // A standard enters the registry with its first certificate.
      if (first.map(asDomain<AssessmentEvent>).reduce(evolveCertificate, initialCertificateState).status === 'NONE') throw unknownCase(kind, id);
      return cases.flatMap((caseId) => [assessmentStreamId(caseId), certificateStreamId(caseId)]);
    }
  }
}

const asDomain = <E>(e: RecordedEvent): E => ({ type: e.type, data: e.data }) as E;

/** Every event of the streams (optionally only those recorded at or before `until`), in global order. */
export async function caseEvents(store: EventStore, streams: readonly string[], until?: string): Promise<RecordedEvent[]> {
  const read = await Promise.all(streams.map((s) => store.readStream(s, until ? { until } : {})));
  return read.flat().sort((a, b) => a.globalPosition - b.globalPosition);
}

// ---------------------------------------------------------------------------------------------
// History

export interface CaseHistoryEntry {
  streamId: string;
  revision: number;
  globalPosition: number;
  hash: string;
  prevHash: string | null;
  id: string;
  type: string;
  recordedAt: string;
  actor: { id: string; role: string; institutionId?: string };
  commandId: string;
  correlationId: string;
  causationId?: string;
  requestId?: string;
  workflowId?: string;
  policyVersion?: string;
  /** The calendar that counted a working-day limit the event set, where it set one. */
  calendarVersion?: string;
  summary: LocalizedText;
}

/** KEPT: answered in time; MISSED: answered late, ran out or recorded missed; OPEN: not due yet; OVERDUE: due and still unanswered. */
export type DeadlineStatus = 'KEPT' | 'MISSED' | 'OPEN' | 'OVERDUE' | 'CANCELLED';

export interface CaseDeadline {
  streamId: string;
  step: string;
  what: LocalizedText;
  dueAt: string;
  /** MINIMUM: a period that must run before the step (kept when the step came after it); else a time limit. */
  kind: 'LIMIT' | 'MINIMUM';
  rule: { workingDays?: number; calendarDays?: number; calendar?: string; policyVersion?: string; basis?: string };
  status: DeadlineStatus;
  setBy: { type: string; globalPosition: number };
  closedBy?: { type: string; globalPosition: number };
  closedAt?: string;
}

export interface CaseHistory {
  case: CaseRef;
  streams: string[];
  /** The instant the still-open limits were judged against. */
  asOf: string;
  events: CaseHistoryEntry[];
  deadlines: CaseDeadline[];
  /** Assessment: the uploads of the documents the case attached (from the institution's document stream). */
  documentUploads?: CaseHistoryEntry[];
}

const isRecordedDeadline = (value: unknown): value is RecordedDeadline =>
  typeof value === 'object' && value !== null && typeof (value as RecordedDeadline).dueAt === 'string' && typeof (value as RecordedDeadline).calendar === 'string';

/** The calendar named by a deadline the event's data carries at its top level, where it carries one. */
function calendarOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  for (const value of Object.values(data)) if (isRecordedDeadline(value)) return value.calendar;
  return undefined;
}

export function historyEntry(event: RecordedEvent): CaseHistoryEntry {
  const m = event.metadata;
  const calendarVersion = calendarOf(event.data);
  return {
    streamId: event.streamId,
    revision: event.revision,
    globalPosition: event.globalPosition,
    hash: event.hash,
    prevHash: event.prevHash,
    id: event.id,
    type: event.type,
    recordedAt: event.recordedAt,
    actor: { id: m.actorId, role: m.role, ...(m.institutionId ? { institutionId: m.institutionId } : {}) },
    commandId: m.commandId,
    correlationId: m.correlationId,
    ...(m.causationId ? { causationId: m.causationId } : {}),
    ...(m.requestId ? { requestId: m.requestId } : {}),
    ...(m.workflowId ? { workflowId: m.workflowId } : {}),
    ...(m.policyVersion ? { policyVersion: m.policyVersion } : {}),
    ...(calendarVersion ? { calendarVersion } : {}),
    summary: summaryOf(event),
  };
}

const ASSESSMENT_STEPS: Record<string, LocalizedText> = {
  ACCEPTANCE: { en: 'accept the application or send the one supplement notice', 'zh-CN': '受理申请或一次性告知补正' },
  RECTIFICATION: { en: 'submit the rectification', 'zh-CN': '提交整改' },
  DECISION: { en: 'decide the case (approve or refuse)', 'zh-CN': '作出审批决定' },
};

function statusOf(kept: boolean | 'open' | 'cancelled', dueAt: string, now: Date): DeadlineStatus {
  if (kept === true) return 'KEPT';
  if (kept === false) return 'MISSED';
  if (kept === 'cancelled') return 'CANCELLED';
  return Date.parse(dueAt) <= now.getTime() ? 'OVERDUE' : 'OPEN';
}

/** The assessment limits as the case timeline computes them, per case (a lineage holds several). */
function assessmentDeadlines(events: readonly RecordedEvent[], now: Date): CaseDeadline[] {
  const byCase = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const caseId = e.streamId.replace(/^(assessment|certificate)-/, '');
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), e]);
  }
  const byPosition = new Map(events.map((e) => [e.globalPosition, e]));
  return [...byCase.values()].flatMap((own) =>
    caseDeadlines(own).map((d: TimelineDeadline): CaseDeadline => {
      const opener = byPosition.get(d.openedBy.globalPosition)!;
      return {
        streamId: opener.streamId,
        step: d.step,
        what: ASSESSMENT_STEPS[d.step] ?? { en: d.step, 'zh-CN': d.step },
        dueAt: d.dueAt,
        kind: 'LIMIT',
        rule: { workingDays: d.workingDays, calendar: d.calendar, ...(opener.metadata.policyVersion ? { policyVersion: opener.metadata.policyVersion } : {}) },
        status: statusOf(d.kept, d.dueAt, now),
        setBy: d.openedBy,
        ...(d.closedBy ? { closedBy: d.closedBy } : {}),
        ...(d.closedAt ? { closedAt: d.closedAt } : {}),
      };
    }),
  );
}

function fromRecords(records: DeadlineRecord[], now: Date): CaseDeadline[] {
  return records.map(({ kept, ...rest }) => ({ ...rest, status: statusOf(kept, rest.dueAt, now) }));
}

/** The history of a case from its events (pure): entries, and every limit with its status as of `now`. */
export function caseHistory(ref: CaseRef, streams: string[], events: readonly RecordedEvent[], now: Date): CaseHistory {
  const ordered = [...events].sort((a, b) => a.globalPosition - b.globalPosition);
  let deadlines: CaseDeadline[];
  switch (ref.kind) {
    case 'assessment':
    case 'standard':
      deadlines = assessmentDeadlines(ordered, now);
      break;
    case 'comparison':
      deadlines = fromRecords(comparisonDeadlines(ordered), now);
      break;
    case 'specification':
      deadlines = fromRecords(specificationDeadlines(ordered), now);
      break;
  }
  return { case: ref, streams, asOf: now.toISOString(), events: ordered.map(historyEntry), deadlines };
}

/** The uploads (in the institution's document stream) of the documents an assessment case attached. */
export async function attachedUploads(store: EventStore, events: readonly RecordedEvent[]): Promise<RecordedEvent[]> {
  const attached = new Map<string, Set<string>>(); // institution → sha256s
  for (const e of events) {
    if (e.type !== AssessmentEventTypes.DocumentsAttached) continue;
    const institutionId = e.metadata.institutionId;
    if (!institutionId) continue;
    const hashes = attached.get(institutionId) ?? new Set<string>();
    for (const d of (e.data as DocumentsAttachedV1).documents) hashes.add(d.sha256);
    attached.set(institutionId, hashes);
  }
  const uploads: RecordedEvent[] = [];
  for (const [institutionId, hashes] of attached) {
    const stream = await store.readStream(institutionDocumentsStreamId(institutionId));
    uploads.push(...stream.filter((e) => e.type === DocumentEventTypes.DocumentUploaded && hashes.has((e.data as DocumentUploadedV1).sha256)));
  }
  return uploads.sort((a, b) => a.globalPosition - b.globalPosition);
}

// ---------------------------------------------------------------------------------------------
// State at a moment

export interface AssessmentCaseReplay {
  case: AssessmentCaseState;
  certificate: CertificateState;
}

function foldAssessment(events: readonly RecordedEvent[]): AssessmentCaseReplay {
  const own = events.filter((e) => e.streamId.startsWith('assessment-'));
  const certificate = events.filter((e) => e.streamId.startsWith('certificate-'));
  return {
    case: own.map(asDomain<AssessmentEvent>).reduce(evolveAssessment, initialAssessmentCaseState),
    // As loadCertificate folds it: the case's events (the issue), then the certificate's own.
    certificate: [...own, ...certificate].map(asDomain<AssessmentEvent | CertificateEvent>).reduce(evolveCertificate, initialCertificateState),
  };
}

/**
 * The aggregate's state from the given events (those recorded up to a moment), folded with the
 * process's own evolve function: an assessment case with its certificate, a comparison, a
 * specification project, or a standard's lineage (one entry per case that has events).
 */
export function foldCase(kind: CaseKind, events: readonly RecordedEvent[]): unknown {
  switch (kind) {
    case 'assessment':
      return foldAssessment(events);
    case 'comparison':
      return events.map(asDomain<ComparisonEvent>).reduce(comparisonFolding.evolve, comparisonFolding.initial);
    case 'specification':
      return foldSpecificationProject(events.map(asDomain<SpecificationEvent>));
    case 'standard': {
      const cases: string[] = [];
      for (const e of events) {
        const caseId = e.streamId.replace(/^(assessment|certificate)-/, '');
        if (!cases.includes(caseId)) cases.push(caseId);
      }
      const replays = cases.map((caseId) => ({ caseId, ...foldAssessment(events.filter((e) => e.streamId.endsWith(caseId))) }));
      const current = [...replays].reverse().find((r) => r.certificate.status !== 'NONE');
      return { cases: replays, currentCertificate: current?.certificate ?? initialCertificateState };
    }
  }
}

export interface CaseStateAt {
  case: CaseRef;
  at: string;
  state: unknown;
  /** The last event folded (the latest by global position), or null when none was recorded by then. */
  lastEvent: CaseHistoryEntry | null;
  eventsApplied: number;
}

export async function caseStateAt(store: EventStore, ref: CaseRef, streams: readonly string[], at: string): Promise<CaseStateAt> {
  const events = await caseEvents(store, streams, at);
  const last = events[events.length - 1];
  return { case: ref, at, state: foldCase(ref.kind, events), lastEvent: last ? historyEntry(last) : null, eventsApplied: events.length };
}

// ---------------------------------------------------------------------------------------------
// Difference between two states

export interface ChangedPath {
  /** Dotted path with [index] for arrays, e.g. `case.status`, `legs[0].state`. */
  path: string;
  /** Absent where the value did not exist. */
  before?: unknown;
  after?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf that differs between two JSON values; a value that changes type is one change. */
export function changedPaths(before: unknown, after: unknown, path = ''): ChangedPath[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: ChangedPath[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) changes.push(...changedPaths(before[i], after[i], `${path}[${i}]`));
    return changes;
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changedPaths(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '.', ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}
