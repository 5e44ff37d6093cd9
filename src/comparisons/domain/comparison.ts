import {
  ComparisonEventTypes,
  type CirculationLeg,
  type ComparedStandard,
  type ComparisonEvent,
  type ComparisonProtocol,
  type DraftAIssuedV1,
  type ReportedResult,
  type StabilityCheckStage,
} from '../../../events/comparison.events.js';
import { DomainError, InvalidDataError, type LocalizedText } from '../../shared/domain-error.js';
import { checkComparedStandards, type StandardHolders } from './compared-standards.js';
import { draftAReviewEndsAt, followUpDueAt, legDueAt, legRemindAt, starCheckDueAt } from './comparison-deadlines.js';
import { evaluateComparison, type ComparisonEvaluation } from './evaluation.js';

/**
 * 比对: one measurement comparison (DOMAIN.md §2), as pure decision code. `decideComparison` takes
 * the command, the state and the context (time, actor) and returns the events to record or refuses
 * with a DomainError naming the rule; `evolveComparison` folds events into state. No I/O, no clock.
 *
 *   PROPOSED → APPROVED → PROTOCOL_DRAFTED (redrafted after objections) → PROTOCOL_AGREED (every
 *   participant agreed the whole protocol) → PRE_TESTED (the pilot found the transfer standard stable)
 *   → CIRCULATING (legs in the protocol's order; a star scheme returns to the pilot, who checks
 *   stability, between legs) → RESULTS_LOCKED (every lab's result in; each locked on submission,
 *   corrected only by an accepted, reasoned request before Draft A) → DRAFT_A (computed, confidential
 *   to the participants) → DRAFT_B → REPORT_APPROVED → PUBLISHED → FOLLOW_UP (each lab with |En| > 1:
 *   cause analysis, corrective action, closed by the organiser) → CLOSED.
 *
 * Roles: the organiser (secretariat), the pilot lab (an institution named in the proposal) and the
 * participants (institutions). The pilot measures too: results come from the pilot and every participant.
 */
export type ComparisonStatus =
  | 'NONE'
  | 'PROPOSED'
  | 'APPROVED'
  | 'PROTOCOL_DRAFTED'
  | 'PROTOCOL_AGREED'
  | 'PRE_TESTED'
  | 'CIRCULATING'
  | 'RESULTS_LOCKED'
  | 'DRAFT_A'
  | 'DRAFT_B'
  | 'REPORT_APPROVED'
  | 'PUBLISHED'
  | 'FOLLOW_UP'
  | 'CLOSED';

export const COMPARISON_STATUSES: readonly Exclude<ComparisonStatus, 'NONE'>[] = [
  'PROPOSED',
  'APPROVED',
  'PROTOCOL_DRAFTED',
  'PROTOCOL_AGREED',
  'PRE_TESTED',
  'CIRCULATING',
  'RESULTS_LOCKED',
  'DRAFT_A',
  'DRAFT_B',
  'REPORT_APPROVED',
  'PUBLISHED',
  'FOLLOW_UP',
  'CLOSED',
];

/** Where the transfer standard (传递标准) is: with an institution, or on its way to one. */
export type Custody = { holder: string; since: string } | { inTransitFrom: string; inTransitTo: string; since: string };

export interface LegState extends CirculationLeg {
  receivedAt?: string;
  handedOverAt?: string;
  /** When the workflow reminded the participant before the due time. */
  remindedAt?: string;
  /** When the workflow escalated the leg as overdue to the pilot and the organiser. */
  overdueSince?: string;
}

export interface LabResultState {
  result: ReportedResult;
  submittedAt: string;
  /** Accepted corrections so far. */
  corrections: number;
}

export interface CorrectionState {
  lab: string;
  requestNo: number;
  reasons: string;
  corrected: ReportedResult;
  requestedAt: string;
  decision?: 'ACCEPTED' | 'REJECTED';
  decisionReasons?: string;
  decidedAt?: string;
}

export interface FollowUpState {
  lab: string;
  en: number | null;
  causeAnalysis?: { analysis: string; recordedAt: string };
  correctiveAction?: { action: string; reComparison: boolean; recordedAt: string };
  closed?: { summary: string; closedAt: string };
  /** By when the cause analysis and corrective action are due (comparison-deadlines.ts). */
  dueAt?: string;
  /** When the workflow escalated the follow-up as overdue. */
  overdueSince?: string;
}

export interface ComparisonState {
  status: ComparisonStatus;
  comparisonId?: string;
  title?: string;
  measurand?: string;
  pilotInstitutionId?: string;
  participants?: string[];
  /** The standard each named lab compares (参比计量标准), where the proposal named one. */
  standards?: ComparedStandard[];
  proposedAt?: string;
  approvedAt?: string;
  protocol?: ComparisonProtocol;
  protocolVersion?: number;
  /** Each participant's answer on the current protocol version. */
  consultations?: Record<string, { agreed: boolean; objections?: string[]; consultedAt: string }>;
  protocolAgreedAt?: string;
  stabilityChecks?: { stage: StabilityCheckStage; afterLeg?: string; stable: boolean; summary: string; checkedAt: string }[];
  /** Star scheme: the legs after which the pilot was reminded of its stability check. */
  stabilityCheckReminders?: string[];
  circulationStartedAt?: string;
  legs?: LegState[];
  custody?: Custody;
  results?: Record<string, LabResultState>;
  resultsLockedAt?: string;
  corrections?: CorrectionState[];
  draftA?: Omit<DraftAIssuedV1, 'comparisonId'>;
  /** When Draft A's review period (the participants' comments window) was recorded as closed. */
  draftAReviewClosedAt?: string;
  draftB?: { summary: string; issuedAt: string };
  reportApprovedAt?: string;
  publishedAt?: string;
  followUps?: FollowUpState[];
}

export const initialComparisonState: ComparisonState = { status: 'NONE' };

export type ComparisonCommand =
  | { type: 'ProposeComparison'; comparisonId: string; title: string; measurand: string; pilotInstitutionId: string; participants: string[]; standards?: ComparedStandard[] }
  | { type: 'ApproveComparison'; comparisonId: string }
  | { type: 'DraftProtocol'; comparisonId: string; protocol: ComparisonProtocol }
  | { type: 'ConsultProtocol'; comparisonId: string; agreed: boolean; objections?: string[] }
  | { type: 'RecordStabilityCheck'; comparisonId: string; stage: StabilityCheckStage; stable: boolean; summary: string }
  | { type: 'StartCirculation'; comparisonId: string }
  | { type: 'HandOverTransferStandard'; comparisonId: string }
  | { type: 'ReceiveTransferStandard'; comparisonId: string }
  | { type: 'SubmitResult'; comparisonId: string; result: ReportedResult }
  | { type: 'RequestCorrection'; comparisonId: string; reasons: string; corrected: ReportedResult }
  | { type: 'DecideCorrection'; comparisonId: string; lab: string; decision: 'ACCEPTED' | 'REJECTED'; reasons: string }
  | { type: 'IssueDraftA'; comparisonId: string }
  | { type: 'IssueDraftB'; comparisonId: string; summary: string }
  | { type: 'ApproveReport'; comparisonId: string }
  | { type: 'PublishReport'; comparisonId: string }
  | { type: 'RecordCauseAnalysis'; comparisonId: string; analysis: string }
  | { type: 'RecordCorrectiveAction'; comparisonId: string; action: string; reComparison: boolean }
  | { type: 'CloseFollowUp'; comparisonId: string; lab: string; summary: string }
  // Timer steps of the comparison workflow (role 'system'), each allowed only once its limit has come.
  | { type: 'SendLegReminder'; comparisonId: string; participant: string }
  | { type: 'RecordLegOverdue'; comparisonId: string; participant: string }
  | { type: 'RemindStabilityCheck'; comparisonId: string; afterLeg: string }
  | { type: 'CloseDraftAReview'; comparisonId: string }
  | { type: 'RecordFollowUpOverdue'; comparisonId: string; lab: string };

export interface ComparisonContext {
  now: Date;
  /** The role the actor acts in: 'secretariat' (the organiser authority) or 'institution'. */
  actorRole: string;
  /** The actor's institution, for the steps of the pilot and the participants. */
  actorInstitutionId?: string;
  /** ProposeComparison: the holder institution of each standard the command names, from the standards registry (an unknown standard is absent). */
  standardHolders?: StandardHolders;
}

const refuse = (code: string, en: string, zh: string): never => {
  throw new DomainError(code, { en, 'zh-CN': zh });
};
const invalid = (code: string, en: string, zh: string): never => {
  throw new InvalidDataError(code, { en, 'zh-CN': zh });
};

function expectStatus(state: ComparisonState, id: string, allowed: ComparisonStatus[], step: LocalizedText): void {
  if (allowed.includes(state.status)) return;
  if (state.status === 'NONE') refuse('comparison.unknown', `There is no comparison ${id}.`, `不存在比对 ${id}。`);
  refuse(
    'comparison.step-not-allowed-now',
    `Comparison ${id} is ${state.status}; ${step.en} is allowed only when it is ${allowed.join(' or ')}.`,
    `比对 ${id} 当前状态为 ${state.status}；只有在 ${allowed.join(' 或 ')} 状态下才能${step['zh-CN']}。`,
  );
}

function expectOrganiser(id: string, context: ComparisonContext, step: LocalizedText): void {
  if (context.actorRole === 'secretariat') return;
  refuse('comparison.organiser-only', `Only the organiser of comparison ${id} may ${step.en}.`, `只有比对 ${id} 的组织者才能${step['zh-CN']}。`);
}

function expectPilot(state: ComparisonState, id: string, context: ComparisonContext, step: LocalizedText): void {
  if (context.actorRole === 'institution' && context.actorInstitutionId !== undefined && context.actorInstitutionId === state.pilotInstitutionId) return;
  refuse('comparison.pilot-only', `Only the pilot lab of comparison ${id} may ${step.en}.`, `只有比对 ${id} 的主导实验室才能${step['zh-CN']}。`);
}

/** The actor's institution as a participant (not the pilot). */
function expectParticipant(state: ComparisonState, id: string, context: ComparisonContext, step: LocalizedText): string {
  const me = context.actorInstitutionId;
  if (context.actorRole === 'institution' && me !== undefined && state.participants!.includes(me)) return me;
  return refuse('comparison.participant-only', `Only a participant of comparison ${id} may ${step.en}.`, `只有比对 ${id} 的参比实验室才能${step['zh-CN']}。`);
}

/** The actor's institution as a lab that reports a result: the pilot or a participant. */
function expectLab(state: ComparisonState, id: string, context: ComparisonContext, step: LocalizedText): string {
  const me = context.actorInstitutionId;
  if (context.actorRole === 'institution' && me !== undefined && (state.participants!.includes(me) || me === state.pilotInstitutionId)) return me;
  return refuse('comparison.lab-only', `Only the pilot or a participant of comparison ${id} may ${step.en}.`, `只有比对 ${id} 的主导实验室或参比实验室才能${step['zh-CN']}。`);
}

/** The labs that report results: the pilot first, then the participants in the proposal's order. */
export const reportingLabs = (state: ComparisonState): string[] => [state.pilotInstitutionId!, ...state.participants!];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (text: string) => DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

function checkProtocol(state: ComparisonState, protocol: ComparisonProtocol): void {
  const participants = state.participants!;
  const legParticipants = protocol.legs.map((l) => l.participant);
  const sameSet = legParticipants.length === participants.length && new Set(legParticipants).size === legParticipants.length && participants.every((p) => legParticipants.includes(p));
  if (!sameSet) {
    invalid(
      'comparison.one-leg-per-participant',
      `The circulation needs exactly one leg per participant (${participants.join(', ')}); the protocol has legs for ${legParticipants.join(', ') || 'none'}.`,
      `传递路线须为每个参比实验室（${participants.join('、')}）各安排一段；方案中的路线为 ${legParticipants.join('、') || '无'}。`,
    );
  }
  for (const leg of protocol.legs) {
    if (!isCalendarDate(leg.dueDate)) invalid('comparison.leg-due-date', `The due date of ${leg.participant}'s leg, ${leg.dueDate}, is no calendar date (YYYY-MM-DD).`, `${leg.participant} 段的截止日期 ${leg.dueDate} 不是有效日期（YYYY-MM-DD）。`);
  }
  for (let i = 1; i < protocol.legs.length; i += 1) {
    if (protocol.legs[i].dueDate < protocol.legs[i - 1].dueDate) {
      invalid(
        'comparison.legs-out-of-order',
        `The legs run in the order given, so their due dates may not go backwards (${protocol.legs[i].participant}: ${protocol.legs[i].dueDate} is before ${protocol.legs[i - 1].dueDate}).`,
        `各段按给出的顺序传递，截止日期不得倒序（${protocol.legs[i].participant}：${protocol.legs[i].dueDate} 早于 ${protocol.legs[i - 1].dueDate}）。`,
      );
    }
  }
  if (protocol.transferStandardUncertainty !== undefined && !(protocol.transferStandardUncertainty >= 0 && Number.isFinite(protocol.transferStandardUncertainty))) {
    invalid('comparison.transfer-uncertainty', 'The declared instability of the transfer standard must be a finite standard uncertainty ≥ 0.', '传递标准的不稳定性须为有限且不小于 0 的标准不确定度。');
  }
}

function checkResult(state: ComparisonState, result: ReportedResult): void {
  if (result.unit !== state.protocol!.unit) {
    invalid('comparison.unit-differs', `The protocol fixes the unit ${state.protocol!.unit}; a result in ${result.unit} is not accepted (units are not converted).`, `比对方案规定的单位为 ${state.protocol!.unit}，不接受以 ${result.unit} 报告的结果（不做单位换算）。`);
  }
  if (!Number.isFinite(result.value) || !(result.expandedUncertainty > 0) || !(result.coverageFactor > 0) || !Number.isFinite(result.expandedUncertainty) || !Number.isFinite(result.coverageFactor)) {
    invalid('comparison.result-numbers', 'A result needs a finite value, and a positive expanded uncertainty and coverage factor.', '测量结果须有有限的数值，扩展不确定度和包含因子须为正数。');
  }
}

/** Where the transfer standard goes next from its holder, and whether the pilot must check it first. */
function nextDestination(state: ComparisonState): { to: string; leg?: number } | undefined {
  const legs = state.legs!;
  const pilot = state.pilotInstitutionId!;
  const custody = state.custody;
  if (!custody || !('holder' in custody)) return undefined;
  const nextLeg = legs.findIndex((l) => !l.receivedAt);
  if (custody.holder === pilot) return nextLeg === -1 ? undefined : { to: legs[nextLeg].participant, leg: nextLeg };
  const current = legs.findIndex((l) => l.participant === custody.holder);
  if (current === -1) return undefined;
  if (state.protocol!.scheme === 'STAR' || nextLeg === -1) return { to: pilot };
  return { to: legs[nextLeg].participant, leg: nextLeg };
}

/** In a star scheme the pilot checks the standard's stability after each leg before the next one. */
function betweenLegsCheckMissing(state: ComparisonState): string | undefined {
  if (state.protocol!.scheme !== 'STAR') return undefined;
  const done = state.legs!.filter((l) => l.receivedAt && l.handedOverAt);
  const last = done[done.length - 1];
  if (!last) return undefined;
  const checked = (state.stabilityChecks ?? []).some((c) => c.stage === 'BETWEEN_LEGS' && c.afterLeg === last.participant && c.stable);
  return checked ? undefined : last.participant;
}

function expectSystem(id: string, context: ComparisonContext, step: LocalizedText): void {
  if (context.actorRole === 'system') return;
  refuse('comparison.workflow-only', `Only the comparison's workflow may ${step.en} of comparison ${id}, when the limit comes.`, `只有比对流程可在时限到达时${step['zh-CN']}（比对 ${id}）。`);
}

function expectLimitReached(at: string, limit: string, what: LocalizedText): void {
  if (at >= limit) return;
  refuse('comparison.limit-not-reached', `${what.en} is due at ${limit}, not yet (now ${at}).`, `${what['zh-CN']}的时限为 ${limit}，尚未到达（现在 ${at}）。`);
}

/** The leg of a participant still at or on its way to it (not handed on), or a refusal. */
function openLeg(state: ComparisonState, id: string, participant: string): LegState {
  const leg = state.legs!.find((l) => l.participant === participant);
  if (!leg) return invalid('comparison.no-such-leg', `Comparison ${id} has no leg for ${participant}.`, `比对 ${id} 没有 ${participant} 的传递段。`);
  if (leg.handedOverAt) refuse('comparison.leg-handed-on', `${participant} has handed the transfer standard on; its leg is done.`, `${participant} 已移交传递标准，该段已完成。`);
  return leg;
}

/** Star scheme: the leg the standard came back from, if the pilot holds it, has not checked it, and legs remain. */
function starCheckAwaited(state: ComparisonState): { afterLeg: string; since: string } | undefined {
  const custody = state.custody;
  if (state.protocol?.scheme !== 'STAR' || !custody || !('holder' in custody) || custody.holder !== state.pilotInstitutionId) return undefined;
  const afterLeg = state.legs!.filter((l) => l.handedOverAt).at(-1)?.participant;
  if (afterLeg === undefined || !state.legs!.some((l) => !l.receivedAt)) return undefined;
  if ((state.stabilityChecks ?? []).some((c) => c.stage === 'BETWEEN_LEGS' && c.afterLeg === afterLeg)) return undefined;
  return { afterLeg, since: custody.since };
}

const pendingCorrection = (state: ComparisonState, lab?: string) => (state.corrections ?? []).find((c) => !c.decision && (lab === undefined || c.lab === lab));

export function decideComparison(command: ComparisonCommand, state: ComparisonState, context: ComparisonContext): ComparisonEvent[] {
  const at = context.now.toISOString();
  const comparisonId = command.comparisonId;
  const id = comparisonId;
  switch (command.type) {
    case 'ProposeComparison': {
      if (state.status !== 'NONE') refuse('comparison.already-proposed', `Comparison ${id} has already been proposed.`, `比对 ${id} 已提出。`);
      expectOrganiser(id, context, { en: 'propose it', 'zh-CN': '提出比对' });
      const participants = command.participants;
      if (participants.length < 2 || new Set(participants).size !== participants.length) {
        invalid('comparison.participants', `A comparison needs at least 2 different participants besides the pilot; ${participants.length} were named.`, `比对除主导实验室外至少需要 2 个不同的参比实验室，现列出 ${participants.length} 个。`);
      }
      if (participants.includes(command.pilotInstitutionId)) {
        invalid('comparison.pilot-among-participants', 'The pilot lab leads the comparison and is not listed among the participants.', '主导实验室不应列入参比实验室名单。');
      }
      const standards = command.standards?.length ? command.standards.map(({ institutionId, standardId }) => ({ institutionId, standardId })) : undefined;
      if (standards) checkComparedStandards(standards, [command.pilotInstitutionId, ...participants], context.standardHolders ?? {});
      return [
        {
          type: ComparisonEventTypes.Proposed,
          data: { comparisonId, title: command.title, measurand: command.measurand, pilotInstitutionId: command.pilotInstitutionId, participants, ...(standards ? { standards } : {}), proposedAt: at },
        },
      ];
    }
    case 'ApproveComparison': {
      expectStatus(state, id, ['PROPOSED'], { en: 'approval', 'zh-CN': '批准比对' });
      expectOrganiser(id, context, { en: 'approve it', 'zh-CN': '批准比对' });
      return [{ type: ComparisonEventTypes.Approved, data: { comparisonId, approvedAt: at } }];
    }
    case 'DraftProtocol': {
      expectStatus(state, id, ['APPROVED', 'PROTOCOL_DRAFTED'], { en: 'drafting the protocol', 'zh-CN': '起草比对实施方案' });
      expectPilot(state, id, context, { en: 'draft the protocol', 'zh-CN': '起草比对实施方案' });
      checkProtocol(state, command.protocol);
      const protocol = command.protocol;
      return [{ type: ComparisonEventTypes.ProtocolDrafted, data: { comparisonId, version: (state.protocolVersion ?? 0) + 1, protocol, draftedAt: at } }];
    }
    case 'ConsultProtocol': {
      expectStatus(state, id, ['PROTOCOL_DRAFTED'], { en: 'consultation on the protocol', 'zh-CN': '对比对实施方案提出意见' });
      const me = expectParticipant(state, id, context, { en: 'answer the consultation on the protocol', 'zh-CN': '对比对实施方案提出意见' });
      if (state.consultations?.[me]) {
        refuse(
          'comparison.already-consulted',
          `${me} has already answered on version ${state.protocolVersion} of the protocol; a redraft opens a new consultation.`,
          `${me} 已对第 ${state.protocolVersion} 版方案提出意见；方案修订后将重新征求意见。`,
        );
      }
      const objections = command.objections ?? [];
      if (!command.agreed && objections.length === 0) {
        invalid('comparison.objection-needs-reasons', 'A participant that does not agree the protocol must state its objections.', '参比实验室不同意方案的，须写明意见。');
      }
      if (command.agreed && objections.length > 0) {
        invalid('comparison.agreement-with-objections', 'Agreeing the protocol and objecting to it at once is contradictory: agree, or object with reasons.', '同意方案的同时提出异议自相矛盾：请选择同意，或写明异议。');
      }
      const events: ComparisonEvent[] = [
        {
          type: ComparisonEventTypes.ProtocolConsulted,
          data: { comparisonId, participant: me, protocolVersion: state.protocolVersion!, agreed: command.agreed, ...(command.agreed ? {} : { objections }), consultedAt: at },
        },
      ];
      const agreedBy = new Set([...Object.entries(state.consultations ?? {}).filter(([, c]) => c.agreed).map(([p]) => p), ...(command.agreed ? [me] : [])]);
      if (state.participants!.every((p) => agreedBy.has(p))) {
        events.push({ type: ComparisonEventTypes.ProtocolAgreed, data: { comparisonId, protocolVersion: state.protocolVersion!, agreedAt: at } });
      }
      return events;
    }
    case 'RecordStabilityCheck': {
      if (command.stage === 'PRE_TEST') expectStatus(state, id, ['PROTOCOL_AGREED'], { en: 'the pre-test of the transfer standard', 'zh-CN': '传递标准预实验' });
      else expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], { en: 'a stability check between legs', 'zh-CN': '传递各段之间的稳定性核查' });
      expectPilot(state, id, context, { en: 'record a stability check of the transfer standard', 'zh-CN': '记录传递标准的稳定性核查' });
      if (!command.summary.trim()) invalid('comparison.stability-check-summary', 'A stability check records what was measured and found.', '稳定性核查须记录测量内容和结论。');
      if (command.stage === 'PRE_TEST') {
        return [{ type: ComparisonEventTypes.StabilityChecked, data: { comparisonId, stage: 'PRE_TEST', stable: command.stable, summary: command.summary, checkedAt: at } }];
      }
      const custody = state.custody!;
      const afterLeg = state.legs!.filter((l) => l.handedOverAt).at(-1)?.participant;
      if (state.protocol!.scheme !== 'STAR' || !('holder' in custody) || custody.holder !== state.pilotInstitutionId || afterLeg === undefined) {
        refuse(
          'comparison.stability-check-between-legs',
          'During circulation the pilot checks stability between legs of a star scheme, when the transfer standard is back with it after a leg.',
          '传递期间，主导实验室在星式传递各段之间、传递标准返回主导实验室后进行稳定性核查。',
        );
      }
      return [{ type: ComparisonEventTypes.StabilityChecked, data: { comparisonId, stage: 'BETWEEN_LEGS', afterLeg, stable: command.stable, summary: command.summary, checkedAt: at } }];
    }
    case 'StartCirculation': {
      expectStatus(state, id, ['PRE_TESTED'], { en: 'starting the circulation', 'zh-CN': '开始传递' });
      expectPilot(state, id, context, { en: 'start the circulation', 'zh-CN': '开始传递' });
      return [{ type: ComparisonEventTypes.CirculationStarted, data: { comparisonId, startedAt: at } }];
    }
    case 'HandOverTransferStandard': {
      expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], { en: 'handing over the transfer standard', 'zh-CN': '移交传递标准' });
      const me = expectLab(state, id, context, { en: 'hand over the transfer standard', 'zh-CN': '移交传递标准' });
      const custody = state.custody!;
      if (!('holder' in custody) || custody.holder !== me) {
        refuse('comparison.not-the-holder', `${me} does not hold the transfer standard of comparison ${id}; only its holder hands it over.`, `${me} 未持有比对 ${id} 的传递标准；只有持有方才能移交。`);
      }
      const next = nextDestination(state);
      if (!next) refuse('comparison.circulation-complete', `Every leg of comparison ${id} is done and the transfer standard is back with the pilot.`, `比对 ${id} 的各段传递均已完成，传递标准已返回主导实验室。`);
      if (me === state.pilotInstitutionId) {
        const unchecked = betweenLegsCheckMissing(state);
        if (unchecked) {
          refuse(
            'comparison.star-stability-check-required',
            `In a star scheme the pilot checks the transfer standard's stability after each leg; record a stable check after ${unchecked}'s leg before the next one.`,
            `星式传递中，主导实验室须在每段之后核查传递标准的稳定性；请在 ${unchecked} 段之后记录稳定的核查结果，再开始下一段。`,
          );
        }
      }
      return [{ type: ComparisonEventTypes.TransferStandardHandedOver, data: { comparisonId, from: me, to: next!.to, handedOverAt: at } }];
    }
    case 'ReceiveTransferStandard': {
      expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], { en: 'receiving the transfer standard', 'zh-CN': '接收传递标准' });
      const me = expectLab(state, id, context, { en: 'receive the transfer standard', 'zh-CN': '接收传递标准' });
      const custody = state.custody!;
      if (!('inTransitTo' in custody) || custody.inTransitTo !== me) {
        refuse('comparison.not-the-recipient', `The transfer standard of comparison ${id} is not on its way to ${me}.`, `比对 ${id} 的传递标准未发往 ${me}。`);
      }
      return [{ type: ComparisonEventTypes.TransferStandardReceived, data: { comparisonId, by: me, from: (custody as { inTransitFrom: string }).inTransitFrom, receivedAt: at } }];
    }
    case 'SubmitResult': {
      expectStatus(state, id, ['CIRCULATING'], { en: 'submitting a result', 'zh-CN': '提交测量结果' });
      const me = expectLab(state, id, context, { en: 'submit a result', 'zh-CN': '提交测量结果' });
      if (state.results?.[me]) {
        refuse(
          'comparison.result-locked',
          `${me}'s result in comparison ${id} was submitted and is locked; a correction needs a written, reasoned request before Draft A.`,
          `${me} 在比对 ${id} 中的结果已提交并锁定；如需更正，须在 A 稿前提出书面、说明理由的更正申请。`,
        );
      }
      if (me !== state.pilotInstitutionId && !state.legs!.find((l) => l.participant === me)!.receivedAt) {
        refuse('comparison.result-before-measurement', `${me} has not received the transfer standard yet; a result follows its measurement.`, `${me} 尚未接收传递标准；须测量后才能提交结果。`);
      }
      checkResult(state, command.result);
      const events: ComparisonEvent[] = [{ type: ComparisonEventTypes.ResultSubmitted, data: { comparisonId, lab: me, result: command.result, submittedAt: at } }];
      const labs = reportingLabs(state);
      if (labs.every((lab) => lab === me || state.results?.[lab])) events.push({ type: ComparisonEventTypes.ResultsLocked, data: { comparisonId, labs, lockedAt: at } });
      return events;
    }
    case 'RequestCorrection': {
      expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], { en: 'a correction request (allowed only before Draft A)', 'zh-CN': '提出更正申请（仅限 A 稿前）' });
      const me = expectLab(state, id, context, { en: 'request a correction of its result', 'zh-CN': '申请更正测量结果' });
      if (!state.results?.[me]) refuse('comparison.nothing-to-correct', `${me} has no submitted result in comparison ${id} to correct.`, `${me} 在比对 ${id} 中没有可更正的已提交结果。`);
      if (command.reasons.trim().length < 10) {
        invalid('comparison.correction-needs-reasons', 'A correction request is written and reasoned: state why the submitted result is wrong (at least 10 characters).', '更正申请须书面说明理由：写明已提交结果错误的原因（不少于 10 个字符）。');
      }
      if (pendingCorrection(state, me)) refuse('comparison.correction-pending', `${me} already has a correction request waiting for the pilot's decision.`, `${me} 已有一项待主导实验室决定的更正申请。`);
      checkResult(state, command.corrected);
      const requestNo = (state.corrections ?? []).filter((c) => c.lab === me).length + 1;
      return [{ type: ComparisonEventTypes.CorrectionRequested, data: { comparisonId, lab: me, requestNo, reasons: command.reasons, corrected: command.corrected, requestedAt: at } }];
    }
    case 'DecideCorrection': {
      expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], { en: 'deciding a correction request (allowed only before Draft A)', 'zh-CN': '决定更正申请（仅限 A 稿前）' });
      const pending = pendingCorrection(state, command.lab);
      // The pilot decides the participants' requests; its own request is decided by the organiser, never by itself.
      if (command.lab === state.pilotInstitutionId) expectOrganiser(id, context, { en: "decide the pilot's own correction request", 'zh-CN': '决定主导实验室自身的更正申请' });
      else expectPilot(state, id, context, { en: 'decide a correction request', 'zh-CN': '决定更正申请' });
      if (!pending) refuse('comparison.no-pending-correction', `${command.lab} has no correction request waiting for a decision.`, `${command.lab} 没有待决定的更正申请。`);
      if (!command.reasons.trim()) invalid('comparison.decision-needs-reasons', 'A decision on a correction request states its reasons.', '对更正申请的决定须说明理由。');
      return [{ type: ComparisonEventTypes.CorrectionDecided, data: { comparisonId, lab: command.lab, requestNo: pending!.requestNo, decision: command.decision, reasons: command.reasons, decidedAt: at } }];
    }
    case 'IssueDraftA': {
      expectStatus(state, id, ['RESULTS_LOCKED'], { en: 'issuing Draft A', 'zh-CN': '发布 A 稿' });
      expectPilot(state, id, context, { en: 'issue Draft A', 'zh-CN': '发布 A 稿' });
      const pending = pendingCorrection(state);
      if (pending) refuse('comparison.correction-pending', `${pending.lab}'s correction request must be decided before Draft A.`, `须先决定 ${pending.lab} 的更正申请，才能发布 A 稿。`);
      const input = evaluationInputOf(state);
      return [{ type: ComparisonEventTypes.DraftAIssued, data: { comparisonId, input, evaluation: evaluateComparison(input), issuedAt: at } }];
    }
    case 'IssueDraftB': {
      expectStatus(state, id, ['DRAFT_A'], { en: 'issuing Draft B', 'zh-CN': '发布 B 稿' });
      expectPilot(state, id, context, { en: 'issue Draft B', 'zh-CN': '发布 B 稿' });
      if (!command.summary.trim()) invalid('comparison.draft-b-summary', "Draft B states how the participants' comments on Draft A were dealt with.", 'B 稿须说明对参比实验室 A 稿意见的处理。');
      return [{ type: ComparisonEventTypes.DraftBIssued, data: { comparisonId, summary: command.summary, issuedAt: at } }];
    }
    case 'ApproveReport': {
      expectStatus(state, id, ['DRAFT_B'], { en: 'approving the report', 'zh-CN': '批准比对报告' });
      expectOrganiser(id, context, { en: 'approve the report', 'zh-CN': '批准比对报告' });
      return [{ type: ComparisonEventTypes.ReportApproved, data: { comparisonId, approvedAt: at } }];
    }
    case 'PublishReport': {
      expectStatus(state, id, ['REPORT_APPROVED'], { en: 'publishing the report', 'zh-CN': '公布比对报告' });
      expectOrganiser(id, context, { en: 'publish the report', 'zh-CN': '公布比对报告' });
      const unsatisfactoryLabs = state.draftA!.evaluation.results.filter((r) => r.satisfactory === false).map((r) => r.lab);
      return [{ type: ComparisonEventTypes.Published, data: { comparisonId, unsatisfactoryLabs, publishedAt: at } }];
    }
    case 'RecordCauseAnalysis':
    case 'RecordCorrectiveAction': {
      const step: LocalizedText =
        command.type === 'RecordCauseAnalysis' ? { en: 'record the cause analysis', 'zh-CN': '记录原因分析' } : { en: 'record the corrective action', 'zh-CN': '记录纠正措施' };
      expectStatus(state, id, ['FOLLOW_UP'], step);
      const me = expectLab(state, id, context, step);
      const followUp = state.followUps!.find((f) => f.lab === me);
      if (!followUp || followUp.closed) {
        refuse('comparison.no-open-follow-up', `${me} has no open follow-up in comparison ${id}: its result was satisfactory or the follow-up is closed.`, `${me} 在比对 ${id} 中没有未关闭的后续处理：其结果满意或已关闭。`);
      }
      if (command.type === 'RecordCauseAnalysis') {
        if (!command.analysis.trim()) invalid('comparison.cause-analysis-empty', 'A cause analysis says what caused the unsatisfactory result.', '原因分析须写明导致结果不满意的原因。');
        return [{ type: ComparisonEventTypes.CauseAnalysisRecorded, data: { comparisonId, lab: me, analysis: command.analysis, recordedAt: at } }];
      }
      if (!followUp!.causeAnalysis) refuse('comparison.cause-analysis-first', 'The corrective action follows from the cause analysis: record the analysis first.', '纠正措施依据原因分析制定：请先记录原因分析。');
      if (!command.action.trim()) invalid('comparison.corrective-action-empty', 'A corrective action says what was done.', '纠正措施须写明所采取的措施。');
      return [{ type: ComparisonEventTypes.CorrectiveActionRecorded, data: { comparisonId, lab: me, action: command.action, reComparison: command.reComparison, recordedAt: at } }];
    }
    case 'CloseFollowUp': {
      expectStatus(state, id, ['FOLLOW_UP'], { en: 'closing a follow-up', 'zh-CN': '关闭后续处理' });
      expectOrganiser(id, context, { en: 'close a follow-up', 'zh-CN': '关闭后续处理' });
      const followUp = state.followUps!.find((f) => f.lab === command.lab && !f.closed);
      if (!followUp) refuse('comparison.no-open-follow-up', `${command.lab} has no open follow-up in comparison ${id}.`, `${command.lab} 在比对 ${id} 中没有未关闭的后续处理。`);
      if (!followUp!.causeAnalysis || !followUp!.correctiveAction) {
        refuse('comparison.follow-up-incomplete', `${command.lab}'s follow-up needs its cause analysis and corrective action before it is closed.`, `${command.lab} 的后续处理须先有原因分析和纠正措施，才能关闭。`);
      }
      if (!command.summary.trim()) invalid('comparison.closure-summary', 'Closing a follow-up states the outcome.', '关闭后续处理须写明处理结论。');
      return [{ type: ComparisonEventTypes.FollowUpClosed, data: { comparisonId, lab: command.lab, summary: command.summary, closedAt: at } }];
    }
    case 'SendLegReminder':
    case 'RecordLegOverdue': {
      const reminder = command.type === 'SendLegReminder';
      const step: LocalizedText = reminder ? { en: "remind a participant of its leg's due date", 'zh-CN': '提醒参比实验室传递段截止日期' } : { en: 'escalate an overdue leg', 'zh-CN': '上报逾期的传递段' };
      expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], step);
      expectSystem(id, context, step);
      const leg = openLeg(state, id, command.participant);
      const dueAt = legDueAt(leg.dueDate);
      if (reminder) {
        if (leg.remindedAt) refuse('comparison.already-reminded', `${leg.participant} was reminded of its leg on ${leg.remindedAt}.`, `已于 ${leg.remindedAt} 提醒 ${leg.participant}。`);
        expectLimitReached(at, legRemindAt(leg.dueDate), { en: `The reminder of ${leg.participant}'s leg`, 'zh-CN': `${leg.participant} 传递段的提醒` });
        return [{ type: ComparisonEventTypes.LegReminderSent, data: { comparisonId, participant: leg.participant, dueDate: leg.dueDate, dueAt, remindedAt: at } }];
      }
      if (leg.overdueSince) refuse('comparison.already-escalated', `${leg.participant}'s leg was escalated as overdue on ${leg.overdueSince}.`, `${leg.participant} 传递段已于 ${leg.overdueSince} 作为逾期上报。`);
      expectLimitReached(at, dueAt, { en: `${leg.participant}'s leg`, 'zh-CN': `${leg.participant} 传递段` });
      return [
        {
          type: ComparisonEventTypes.LegOverdue,
          data: { comparisonId, participant: leg.participant, dueDate: leg.dueDate, dueAt, escalatedTo: { pilotInstitutionId: state.pilotInstitutionId!, organiser: true }, escalatedAt: at },
        },
      ];
    }
    case 'RemindStabilityCheck': {
      const step: LocalizedText = { en: 'remind the pilot of its stability check between legs', 'zh-CN': '提醒主导实验室进行传递各段之间的稳定性核查' };
      expectStatus(state, id, ['CIRCULATING', 'RESULTS_LOCKED'], step);
      expectSystem(id, context, step);
      const awaited = starCheckAwaited(state);
      if (!awaited || awaited.afterLeg !== command.afterLeg) {
        refuse(
          'comparison.no-stability-check-awaited',
          `No stability check after ${command.afterLeg}'s leg is awaited: the scheme is not a star, the standard is not back with the pilot, it was checked, or no leg remains.`,
          `不需要在 ${command.afterLeg} 段之后进行稳定性核查：非星式传递、传递标准未返回主导实验室、已核查或已无后续传递段。`,
        );
      }
      if ((state.stabilityCheckReminders ?? []).includes(command.afterLeg)) {
        refuse('comparison.already-reminded', `The pilot was already reminded of the stability check after ${command.afterLeg}'s leg.`, `已提醒主导实验室在 ${command.afterLeg} 段之后进行稳定性核查。`);
      }
      const dueAt = starCheckDueAt(awaited!.since);
      expectLimitReached(at, dueAt, { en: `The stability check after ${command.afterLeg}'s leg`, 'zh-CN': `${command.afterLeg} 段之后的稳定性核查` });
      return [{ type: ComparisonEventTypes.StabilityCheckReminderSent, data: { comparisonId, afterLeg: command.afterLeg, dueAt, remindedAt: at } }];
    }
    case 'CloseDraftAReview': {
      const step: LocalizedText = { en: "close Draft A's review period", 'zh-CN': '结束 A 稿征求意见期' };
      expectStatus(state, id, ['DRAFT_A'], step);
      expectSystem(id, context, step);
      if (state.draftAReviewClosedAt) refuse('comparison.review-already-closed', `Draft A's review period closed on ${state.draftAReviewClosedAt}.`, `A 稿征求意见期已于 ${state.draftAReviewClosedAt} 结束。`);
      const reviewEndsAt = draftAReviewEndsAt(state.draftA!.issuedAt);
      expectLimitReached(at, reviewEndsAt, { en: "Draft A's review period", 'zh-CN': 'A 稿征求意见期' });
      return [{ type: ComparisonEventTypes.DraftAReviewClosed, data: { comparisonId, reviewEndsAt, closedAt: at } }];
    }
    case 'RecordFollowUpOverdue': {
      const step: LocalizedText = { en: 'escalate an overdue follow-up', 'zh-CN': '上报逾期的后续处理' };
      expectStatus(state, id, ['FOLLOW_UP'], step);
      expectSystem(id, context, step);
      const followUp = state.followUps!.find((f) => f.lab === command.lab && !f.closed);
      if (!followUp) refuse('comparison.no-open-follow-up', `${command.lab} has no open follow-up in comparison ${id}.`, `${command.lab} 在比对 ${id} 中没有未关闭的后续处理。`);
      if (followUp!.overdueSince) refuse('comparison.already-escalated', `${command.lab}'s follow-up was escalated as overdue on ${followUp!.overdueSince}.`, `${command.lab} 的后续处理已于 ${followUp!.overdueSince} 作为逾期上报。`);
      const missing = [...(followUp!.causeAnalysis ? [] : (['CAUSE_ANALYSIS'] as const)), ...(followUp!.correctiveAction ? [] : (['CORRECTIVE_ACTION'] as const))];
      if (missing.length === 0) refuse('comparison.follow-up-on-time', `${command.lab} has recorded its cause analysis and corrective action; nothing is overdue.`, `${command.lab} 已记录原因分析和纠正措施，没有逾期事项。`);
      const dueAt = followUpDueAt(state.publishedAt!);
      expectLimitReached(at, dueAt, { en: `${command.lab}'s follow-up`, 'zh-CN': `${command.lab} 的后续处理` });
      return [{ type: ComparisonEventTypes.FollowUpOverdue, data: { comparisonId, lab: command.lab, dueAt, missing, escalatedAt: at } }];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** The evaluation's input from the recorded results (corrections applied) and the protocol's method, labs in reporting order. */
export function evaluationInputOf(state: ComparisonState): DraftAIssuedV1['input'] {
  const protocol = state.protocol!;
  return {
    method: protocol.referenceMethod,
    ...(protocol.referenceMethod === 'pilot' ? { pilotLab: state.pilotInstitutionId! } : {}),
    unit: protocol.unit,
    ...(protocol.transferStandardUncertainty !== undefined ? { transferStandardUncertainty: protocol.transferStandardUncertainty } : {}),
    ...(protocol.outlierScreening !== undefined ? { outlierScreening: protocol.outlierScreening } : {}),
    results: reportingLabs(state).map((lab) => {
      const { value, expandedUncertainty, coverageFactor } = state.results![lab].result;
      return { lab, value, expandedUncertainty, coverageFactor };
    }),
  };
}

export function evolveComparison(state: ComparisonState, event: ComparisonEvent): ComparisonState {
  switch (event.type) {
    case ComparisonEventTypes.Proposed: {
      const d = event.data;
      return {
        status: 'PROPOSED',
        comparisonId: d.comparisonId,
        title: d.title,
        measurand: d.measurand,
        pilotInstitutionId: d.pilotInstitutionId,
        participants: d.participants,
        ...(d.standards ? { standards: d.standards } : {}),
        proposedAt: d.proposedAt,
      };
    }
    case ComparisonEventTypes.Approved:
      return { ...state, status: 'APPROVED', approvedAt: event.data.approvedAt };
    case ComparisonEventTypes.ProtocolDrafted:
      return { ...state, status: 'PROTOCOL_DRAFTED', protocol: event.data.protocol, protocolVersion: event.data.version, consultations: {} };
    case ComparisonEventTypes.ProtocolConsulted: {
      const { participant, agreed, objections, consultedAt } = event.data;
      return { ...state, consultations: { ...state.consultations, [participant]: { agreed, ...(objections ? { objections } : {}), consultedAt } } };
    }
    case ComparisonEventTypes.ProtocolAgreed:
      return { ...state, status: 'PROTOCOL_AGREED', protocolAgreedAt: event.data.agreedAt };
    case ComparisonEventTypes.StabilityChecked: {
      const { stage, afterLeg, stable, summary, checkedAt } = event.data;
      const checks = [...(state.stabilityChecks ?? []), { stage, ...(afterLeg ? { afterLeg } : {}), stable, summary, checkedAt }];
      return { ...state, stabilityChecks: checks, status: stage === 'PRE_TEST' && stable ? 'PRE_TESTED' : state.status };
    }
    case ComparisonEventTypes.CirculationStarted:
      return {
        ...state,
        status: 'CIRCULATING',
        circulationStartedAt: event.data.startedAt,
        legs: state.protocol!.legs.map((l) => ({ ...l })),
        custody: { holder: state.pilotInstitutionId!, since: event.data.startedAt },
        results: {},
        corrections: [],
      };
    case ComparisonEventTypes.TransferStandardHandedOver: {
      const { from, to, handedOverAt } = event.data;
      const legs = state.legs!.map((l) => (l.participant === from && l.receivedAt && !l.handedOverAt ? { ...l, handedOverAt } : l));
      return { ...state, legs, custody: { inTransitFrom: from, inTransitTo: to, since: handedOverAt } };
    }
    case ComparisonEventTypes.TransferStandardReceived: {
      const { by, receivedAt } = event.data;
      const legs = state.legs!.map((l) => (l.participant === by && !l.receivedAt ? { ...l, receivedAt } : l));
      return { ...state, legs, custody: { holder: by, since: receivedAt } };
    }
    case ComparisonEventTypes.ResultSubmitted:
      return { ...state, results: { ...state.results, [event.data.lab]: { result: event.data.result, submittedAt: event.data.submittedAt, corrections: 0 } } };
    case ComparisonEventTypes.ResultsLocked:
      return { ...state, status: 'RESULTS_LOCKED', resultsLockedAt: event.data.lockedAt };
    case ComparisonEventTypes.CorrectionRequested: {
      const { lab, requestNo, reasons, corrected, requestedAt } = event.data;
      return { ...state, corrections: [...(state.corrections ?? []), { lab, requestNo, reasons, corrected, requestedAt }] };
    }
    case ComparisonEventTypes.CorrectionDecided: {
      const { lab, requestNo, decision, reasons, decidedAt } = event.data;
      const request = state.corrections!.find((c) => c.lab === lab && c.requestNo === requestNo)!;
      const corrections = state.corrections!.map((c) => (c === request ? { ...c, decision, decisionReasons: reasons, decidedAt } : c));
      const results =
        decision === 'ACCEPTED'
          ? { ...state.results, [lab]: { ...state.results![lab], result: request.corrected, corrections: state.results![lab].corrections + 1 } }
          : state.results;
      return { ...state, corrections, results };
    }
    case ComparisonEventTypes.DraftAIssued: {
      const { input, evaluation, issuedAt } = event.data;
      return { ...state, status: 'DRAFT_A', draftA: { input, evaluation, issuedAt } };
    }
    case ComparisonEventTypes.DraftBIssued:
      return { ...state, status: 'DRAFT_B', draftB: { summary: event.data.summary, issuedAt: event.data.issuedAt } };
    case ComparisonEventTypes.ReportApproved:
      return { ...state, status: 'REPORT_APPROVED', reportApprovedAt: event.data.approvedAt };
    case ComparisonEventTypes.Published: {
      const evaluation: ComparisonEvaluation = state.draftA!.evaluation;
      const dueAt = followUpDueAt(event.data.publishedAt);
      const followUps = event.data.unsatisfactoryLabs.map((lab) => ({ lab, en: evaluation.results.find((r) => r.lab === lab)?.en ?? null, dueAt }));
      return { ...state, status: followUps.length ? 'FOLLOW_UP' : 'PUBLISHED', publishedAt: event.data.publishedAt, followUps };
    }
    case ComparisonEventTypes.CauseAnalysisRecorded: {
      const { lab, analysis, recordedAt } = event.data;
      return { ...state, followUps: state.followUps!.map((f) => (f.lab === lab ? { ...f, causeAnalysis: { analysis, recordedAt } } : f)) };
    }
    case ComparisonEventTypes.CorrectiveActionRecorded: {
      const { lab, action, reComparison, recordedAt } = event.data;
      return { ...state, followUps: state.followUps!.map((f) => (f.lab === lab ? { ...f, correctiveAction: { action, reComparison, recordedAt } } : f)) };
    }
    case ComparisonEventTypes.FollowUpClosed: {
      const { lab, summary, closedAt } = event.data;
      const followUps = state.followUps!.map((f) => (f.lab === lab ? { ...f, closed: { summary, closedAt } } : f));
      return { ...state, followUps, status: followUps.every((f) => f.closed) ? 'CLOSED' : 'FOLLOW_UP' };
    }
    case ComparisonEventTypes.LegReminderSent: {
      const { participant, remindedAt } = event.data;
      return { ...state, legs: state.legs!.map((l) => (l.participant === participant ? { ...l, remindedAt } : l)) };
    }
    case ComparisonEventTypes.LegOverdue: {
      const { participant, dueAt } = event.data;
      return { ...state, legs: state.legs!.map((l) => (l.participant === participant ? { ...l, overdueSince: dueAt } : l)) };
    }
    case ComparisonEventTypes.StabilityCheckReminderSent:
      return { ...state, stabilityCheckReminders: [...(state.stabilityCheckReminders ?? []), event.data.afterLeg] };
    case ComparisonEventTypes.DraftAReviewClosed:
      return { ...state, draftAReviewClosedAt: event.data.closedAt };
    case ComparisonEventTypes.FollowUpOverdue: {
      const { lab, dueAt } = event.data;
      return { ...state, followUps: state.followUps!.map((f) => (f.lab === lab ? { ...f, overdueSince: dueAt } : f)) };
    }
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

export const comparisonStreamId = (comparisonId: string): string => `comparison-${comparisonId}`;
