import type { LocalizedText } from './i18n';

/** The API's shapes, as far as the console reads them (the server's types are the reference). */
export interface CaseView {
  caseId: string;
  kind: string;
  institutionId: string;
  standard: { name: string; category: string; measurand: string };
  status: string;
  submittedAt: string;
  acceptanceDueAt: string;
  assessors?: string[];
  evaluationMode?: string;
  rectificationDueAt?: string;
  rectificationSubmittedAt?: string;
  decisionDueAt?: string;
  decisionOverdueSince?: string;
  decision?: 'APPROVED' | 'REFUSED';
  certificate?: { certificateNo: string; validFrom: string; validUntil: string };
  documents?: { sha256: string; name?: string; kind: string; purpose: string; attachedAt: string }[];
  missingDocuments?: { kind: string; title: LocalizedText }[];
  missing?: string[];
  lastPosition: number;
}

export interface Task {
  caseId?: string;
  comparisonId?: string;
  /** A comparison follow-up's comparison. */
  comparisonTitle?: string;
  action: string;
  title: LocalizedText;
  standard?: CaseView['standard'];
  institutionId?: string;
  status?: string;
  dueAt?: string;
  overdue: boolean;
}

export interface CompletenessReport {
  complete: boolean;
  missing: { kind: string; title: LocalizedText }[];
  unknown: string[];
}

export interface UploadedDocument {
  sha256: string;
  name: string;
  kind: string;
  size: number;
}

export interface StandardRow {
  id: string;
  name: string;
  category: string;
  measurand: string;
  institutionId: string;
  caseId: string;
  certificateNo: string;
  validFrom: string;
  validUntil: string;
  status: string;
  renewalDueOn?: string;
}

export interface ExpertView {
  expertId: string;
  name: string;
  qualifications: { discipline: string; certificateNumber: string; validFrom: string; validUntil: string }[];
}

export interface HistoryEntry {
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
  actor: { id: string; role: string; institutionId?: string };
  hash: string;
  summary: LocalizedText;
}

export interface CaseHistory {
  events: HistoryEntry[];
  deadlines: { streamId: string; step: string; what: LocalizedText; dueAt: string; status: string }[];
}

export interface CaseStateAt {
  at: string;
  state: unknown;
  lastEvent: HistoryEntry | null;
  eventsApplied: number;
}

export interface VerificationReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  firstBroken?: { kind: string; streamId?: string; revision?: number; detail: string };
  durationMs: number;
}

export interface ProgressReport {
  name: LocalizedText;
  period: string;
  asOf: string;
  rows: { id: string; label: LocalizedText; unit: string; target: number; actual: number | null; gap: number | null }[];
  standardsByCountyAndCategory: { division: string; county: LocalizedText; category: string; established: number; upgraded: number }[];
  expiringCertificates: { standardId: string; name: string; institutionId: string; certificateNo: string; validUntil: string }[];
}

export interface SpecificationRecord {
  projectId: string;
  title: string;
  status: string;
  proposerInstitutionId: string;
  /** The specification policy the project runs under, e.g. national-default/2026.1. */
  policyVersion?: string;
  draftingGroup?: { leaderExpertId: string; members: { expertId: string }[] };
  review?: { meetingDate: string; reviewDraftVersion: string };
  comments: { commentId: string; clause: string; text: string; source: string; institutionId?: string; commenterName?: string; disposition?: string; reasons?: string[] }[];
  meetingRecords: {
    meetingDate: string;
    members: string[];
    present: string[];
    quorumRequired: number;
    yesRequired: number;
    yes: number;
    no: number;
    abstain: number;
    outcome: string;
    rule: string;
  }[];
}

/** 比对: a comparison as the API shows it to the caller (the server's ComparisonRecord). */
export interface ComparisonView {
  comparisonId: string;
  title: string;
  measurand: string;
  status: string;
  pilotInstitutionId: string;
  participants: string[];
  proposedAt?: string;
  publishedAt?: string;
  followUps?: { lab: string; en: number | null; causeAnalysis?: { recordedAt: string }; correctiveAction?: { recordedAt: string }; closed?: { closedAt: string }; dueAt?: string; overdueSince?: string }[];
  lastPosition: number;
}

/** 传递看板: where the transfer standard is and each leg with whether it is late. */
export interface CirculationBoard {
  comparisonId: string;
  status: string;
  scheme: string | null;
  transferStandard: { name: string; id: string } | null;
  location: { holder: string; since: string } | { inTransitFrom: string; inTransitTo: string; since: string } | null;
  today: string;
  legs: { participant: string; dueDate: string; receivedAt: string | null; handedOverAt: string | null; state: 'WAITING' | 'AT_LAB' | 'DONE'; late: boolean; daysLate: number }[];
  lateLegs: string[];
}

/** 比对结果表: the reference value and each lab's En. */
export interface ComparisonResults {
  comparisonId: string;
  status: string;
  unit: string;
  reference: { value: number; expandedUncertainty: number; coverageFactor: number; method: string; formula: string };
  results: { lab: string; value: number; expandedUncertainty: number; coverageFactor: number; en: number | null; satisfactory: boolean | null; formula: string }[];
}
