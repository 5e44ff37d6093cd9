import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { BrokenLink, VerificationReport } from '../event-store/verification.js';
import type { CaseRef } from './case-history.js';
import { collectEvidence, evidenceToJsonLines, type Evidence } from './evidence-export.js';

/** Names the layout of a case's evidence file; scripts/verify-evidence.mjs checks it. */
export const CASE_EVIDENCE_FORMAT = 'metrology-case-evidence/1';

/** One verification over every stream of a case (案件完整性校验). */
export interface CaseVerificationReport {
  case: CaseRef;
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  anchorsChecked: number;
  /** The first broken link, in the case's stream order. */
  firstBroken?: BrokenLink;
  streams: { streamId: string; ok: boolean; eventsChecked: number; firstBroken?: BrokenLink }[];
  durationMs: number;
}

/** Verifies each stream of the case (its events, chain and the anchors' heads for it) and names the first broken link. */
export async function verifyCase(store: EventStore, ref: CaseRef, streams: readonly string[], onProgress?: (checked: number, total: number) => void): Promise<CaseVerificationReport> {
  const started = Date.now();
  const reports: VerificationReport[] = [];
  for (const streamId of streams) reports.push(await store.verify({ streamId, onProgress }));
  const firstBroken = reports.find((r) => !r.ok)?.firstBroken;
  return {
    case: ref,
    ok: reports.every((r) => r.ok),
    eventsChecked: reports.reduce((n, r) => n + r.eventsChecked, 0),
    streamsChecked: reports.reduce((n, r) => n + r.streamsChecked, 0),
    anchorsChecked: Math.max(0, ...reports.map((r) => r.anchorsChecked)),
    ...(firstBroken ? { firstBroken } : {}),
    streams: reports.map((r, i) => ({ streamId: streams[i], ok: r.ok, eventsChecked: r.eventsChecked, ...(r.firstBroken ? { firstBroken: r.firstBroken } : {}) })),
    durationMs: Date.now() - started,
  };
}

export interface CaseEvidence {
  header: { format: typeof CASE_EVIDENCE_FORMAT; case: CaseRef; streams: string[]; exportedAt: string };
  sections: Evidence[];
}

/**
 * The evidence of each stream of the case, as the single-stream export gathers it (events as
 * hashed, the anchors that cover the stream). A stream with neither events nor anchors (a
 * certificate never issued) is left out; the header lists the streams exported, so that a
 * verifier notices a section removed from the file.
 */
export async function collectCaseEvidence(store: EventStore, ref: CaseRef, streams: readonly string[], now: () => Date = () => new Date()): Promise<CaseEvidence> {
  const sections: Evidence[] = [];
  for (const streamId of streams) {
    const evidence = await collectEvidence(store, streamId, now);
    if (evidence.events.length > 0 || evidence.anchors.length > 0) sections.push(evidence);
  }
  return {
    header: { format: CASE_EVIDENCE_FORMAT, case: ref, streams: sections.map((s) => s.header.streamId), exportedAt: now().toISOString() },
    sections,
  };
}

/** The case header line, then each stream's evidence lines (its own header, events, anchors). */
export function caseEvidenceToJsonLines(evidence: CaseEvidence): string {
  return `${JSON.stringify(evidence.header)}\n${evidence.sections.map(evidenceToJsonLines).join('')}`;
}

/** A CSV field, quoted when it holds a separator, a quote or a line break; a leading formula character is neutralised. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_HEADINGS = [
  'time 时间',
  'stream 事件流',
  'revision 版本号',
  'type 事件类型',
  'actor 操作人',
  'role 角色',
  'institution 单位',
  'policy 政策版本',
  'hash 哈希',
];

/** The case's events for people: UTF-8 with BOM (for spreadsheet programs), one row per event, headings in English and zh-CN. */
export function caseEventsCsv(events: readonly RecordedEvent[]): string {
  const rows = [
    CSV_HEADINGS,
    ...events.map((e) => [
      e.recordedAt,
      e.streamId,
      String(e.revision),
      e.type,
      e.metadata.actorId,
      e.metadata.role,
      e.metadata.institutionId ?? '',
      e.metadata.policyVersion ?? '',
      e.hash,
    ]),
  ];
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
