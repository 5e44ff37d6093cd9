import { AssessmentEventTypes, type AssessmentEvent, type AssessmentKind } from '../../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateEvent, type UncertaintyChange } from '../../../events/certificate.events.js';
import { chinaDate, endOfChinaDay } from '../../calendar/working-days.js';
import { DomainError } from '../../shared/domain-error.js';
import type { AssessmentPolicy } from './assessment-policy.js';

/**
 * 计量标准考核证书: the certificate issued by an approved assessment case, as pure decision code.
 * Its state is folded from the case's events (the submission names the holder, the approval
 * issues the certificate) followed by the certificate's own events. No clock: the caller passes `now`.
 *
 *   VALID → RENEWAL_DUE (validUntil minus the lead months) → EXPIRED (after the end of validUntil, China time)
 *   VALID | RENEWAL_DUE | SEALED → RENEWED (an approved re-examination case issued its successor)
 *   VALID | RENEWAL_DUE → SEALED (封存, on the holder's application; unsealed only by a re-examination)
 *   VALID | RENEWAL_DUE | SEALED → REVOKED (撤销) | CANCELLED (注销, after a failed supervision check and rectification)
 *
 * A sealed certificate is no longer reminded of or escalated, but its validity still runs out.
 * EXPIRED, REVOKED, CANCELLED and RENEWED are final: a standard whose certificate ended needs a new assessment.
 */
export type CertificateStatus = 'NONE' | 'VALID' | 'RENEWAL_DUE' | 'SEALED' | 'EXPIRED' | 'REVOKED' | 'CANCELLED' | 'RENEWED';

export interface CertificateState {
  status: CertificateStatus;
  caseId?: string;
  institutionId?: string;
  certificateNo?: string;
  validFrom?: string;
  /** Last day of validity (YYYY-MM-DD). */
  validUntil?: string;
  renewalDueOn?: string;
  /** The authority was told that no re-examination was filed in time. */
  escalated?: boolean;
  /** The re-examination case whose certificate superseded this one. */
  renewedBy?: { caseId: string; certificateNo: string };
}

export const initialCertificateState: CertificateState = { status: 'NONE' };

/** The states in which a re-examination can still renew the certificate (a sealed one included: that unseals it). */
export const RENEWABLE_STATUSES: readonly CertificateStatus[] = ['VALID', 'RENEWAL_DUE', 'SEALED'];

/** 计量标准变更: a change of the certified standard as the holder declares it. */
export interface StandardChange {
  description: string;
  /** The changed standard's uncertainty compared with the certified one. */
  uncertainty: UncertaintyChange;
  /** The measuring range differs from the certified one. */
  rangeChanged: boolean;
}

/** The re-examination case offered as the renewal, as its own events show it (loaded by the handler). */
export interface RenewingCase {
  caseId: string;
  kind?: AssessmentKind;
  renewsCaseId?: string;
  decision?: 'APPROVED' | 'REFUSED';
  decidedAt?: string;
  certificate?: { certificateNo: string; validFrom: string; validUntil: string };
}

export type CertificateCommand =
  | { type: 'MarkRenewalDue'; caseId: string }
  | { type: 'ExpireCertificate'; caseId: string }
  | { type: 'EscalateRenewal'; caseId: string }
  | { type: 'SealCertificate'; caseId: string; reason: string }
  | { type: 'RevokeCertificate'; caseId: string; reasons: string[] }
  | { type: 'CancelCertificate'; caseId: string; reasons: string[] }
  | { type: 'FileChange'; caseId: string; change: StandardChange }
  | { type: 'RecordRenewal'; caseId: string; renewal: RenewingCase };

export interface CertificateDecisionContext {
  now: Date;
  policy: AssessmentPolicy;
}

/** One certificate per approved case; certificate numbers hold characters a stream id may not. */
export const certificateStreamId = (caseId: string): string => `certificate-${caseId}`;

/** The same day `months` earlier; a day the earlier month lacks becomes its last day (31 May − 3 months → 28/29 Feb). */
export function renewalDueOn(validUntil: string, months: number): string {
  const [y, m, d] = validUntil.split('-').map(Number);
  const firstOfMonth = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0)).getUTCDate();
  firstOfMonth.setUTCDate(Math.min(d, lastDay));
  return firstOfMonth.toISOString().slice(0, 10);
}

/** The day the authority is told if no re-examination was filed; undefined when the policy escalates never (0 months). */
export function escalationDueOn(validUntil: string, policy: AssessmentPolicy): string | undefined {
  return policy.renewalEscalationLeadMonths > 0 ? renewalDueOn(validUntil, policy.renewalEscalationLeadMonths) : undefined;
}

/** The instant a China calendar date begins. */
export function startOfChinaDay(date: string): Date {
  return new Date(endOfChinaDay(date).getTime() - 24 * 60 * 60 * 1000);
}

export interface CertificateSchedule {
  renewalDueOn: string;
  renewalDueAt: string;
  expiresAt: string;
  /** Absent when the policy never escalates. */
  escalationDueOn?: string;
  escalateAt?: string;
}

/**
 * When the certificate's timers run out: the renewal falls due and the escalation is due at the
 * start of their days, the validity ends at the end of its last day (China time).
 */
export function certificateSchedule(validUntil: string, policy: AssessmentPolicy): CertificateSchedule {
  const dueOn = renewalDueOn(validUntil, policy.renewalLeadMonths);
  const schedule: CertificateSchedule = { renewalDueOn: dueOn, renewalDueAt: startOfChinaDay(dueOn).toISOString(), expiresAt: endOfChinaDay(validUntil).toISOString() };
  const escalationOn = escalationDueOn(validUntil, policy);
  if (escalationOn) {
    schedule.escalationDueOn = escalationOn;
    schedule.escalateAt = startOfChinaDay(escalationOn).toISOString();
  }
  return schedule;
}

const refuse = (code: string, en: string, zh: string): never => {
  throw new DomainError(code, { en, 'zh-CN': zh });
};

/** Side steps (seal, revoke, cancel, file a change) need a certificate that has not ended. */
function expectInForce(state: CertificateState, allowed: readonly CertificateStatus[], step: { en: string; zh: string }): void {
  if (allowed.includes(state.status)) return;
  refuse(
    'certificate.not-in-force',
    `Certificate ${state.certificateNo} is ${state.status}; ${step.en} is allowed only when it is ${allowed.join(' or ')}.`,
    `证书 ${state.certificateNo} 当前状态为 ${state.status}；只有在 ${allowed.join(' 或 ')} 状态下才能${step.zh}。`,
  );
}

const nonEmpty = (items: string[]) => items.map((s) => s.trim()).filter((s) => s.length > 0);

export function decideCertificate(command: CertificateCommand, state: CertificateState, context: CertificateDecisionContext): CertificateEvent[] {
  const caseId = command.caseId;
  if (state.status === 'NONE') {
    refuse('certificate.none-issued', `Case ${caseId} issued no certificate.`, `案件 ${caseId} 未签发证书。`);
  }
  const at = context.now.toISOString();
  const issued = { certificateNo: state.certificateNo!, caseId, institutionId: state.institutionId!, validUntil: state.validUntil! };
  switch (command.type) {
    case 'MarkRenewalDue': {
      if (state.status !== 'VALID') {
        refuse(
          'certificate.not-valid',
          `Certificate ${issued.certificateNo} is ${state.status}; only a valid certificate falls due for renewal.`,
          `证书 ${issued.certificateNo} 当前状态为 ${state.status}；只有有效的证书才会到期待复查。`,
        );
      }
      const dueOn = renewalDueOn(issued.validUntil, context.policy.renewalLeadMonths);
      if (chinaDate(context.now) < dueOn) {
        refuse(
          'certificate.renewal-not-due-yet',
          `Certificate ${issued.certificateNo} falls due for re-examination on ${dueOn}, ${context.policy.renewalLeadMonths} months before it expires on ${issued.validUntil}.`,
          `证书 ${issued.certificateNo} 有效期至 ${issued.validUntil}，应于 ${dueOn}（期满前 ${context.policy.renewalLeadMonths} 个月）起申请复查。`,
        );
      }
      return [{ type: CertificateEventTypes.RenewalDue, data: { ...issued, dueOn, notifiedAt: at } }];
    }
    case 'ExpireCertificate': {
      if (state.status === 'EXPIRED') {
        refuse('certificate.already-expired', `Certificate ${issued.certificateNo} has already expired.`, `证书 ${issued.certificateNo} 已失效。`);
      }
      expectInForce(state, RENEWABLE_STATUSES, { en: 'expiry', zh: '失效' });
      const end = endOfChinaDay(issued.validUntil);
      if (context.now.getTime() < end.getTime()) {
        refuse(
          'certificate.still-valid',
          `Certificate ${issued.certificateNo} is valid until the end of ${issued.validUntil} (${end.toISOString()}).`,
          `证书 ${issued.certificateNo} 在 ${issued.validUntil} 当日结束前仍然有效。`,
        );
      }
      return [{ type: CertificateEventTypes.Expired, data: { ...issued, expiredAt: at } }];
    }
    case 'EscalateRenewal': {
      const escalationOn = escalationDueOn(issued.validUntil, context.policy);
      if (!escalationOn) {
        refuse(
          'certificate.escalation-not-in-policy',
          `Policy ${context.policy.version} does not escalate missing re-examinations.`,
          `政策 ${context.policy.version} 未规定对未申请复查的督办。`,
        );
      }
      if (state.status !== 'VALID' && state.status !== 'RENEWAL_DUE') {
        refuse(
          'certificate.not-awaiting-renewal',
          `Certificate ${issued.certificateNo} is ${state.status}; only a valid certificate awaiting its re-examination is escalated.`,
          `证书 ${issued.certificateNo} 当前状态为 ${state.status}；只有等待复查的有效证书才会督办。`,
        );
      }
      if (state.escalated) {
        refuse('certificate.already-escalated', `The missing re-examination of certificate ${issued.certificateNo} was already escalated.`, `证书 ${issued.certificateNo} 未申请复查一事已督办。`);
      }
      if (chinaDate(context.now) < escalationOn!) {
        refuse(
          'certificate.escalation-not-due-yet',
          `The authority is told on ${escalationOn}, ${context.policy.renewalEscalationLeadMonths} months before certificate ${issued.certificateNo} expires, if no re-examination was filed by then.`,
          `证书 ${issued.certificateNo} 期满前 ${context.policy.renewalEscalationLeadMonths} 个月（${escalationOn}）仍未申请复查的，方告知考核机关。`,
        );
      }
      return [{ type: CertificateEventTypes.RenewalEscalated, data: { ...issued, escalationDueOn: escalationOn!, escalatedAt: at } }];
    }
    case 'SealCertificate': {
      if (state.status === 'SEALED') {
        refuse('certificate.already-sealed', `Certificate ${issued.certificateNo} is already sealed.`, `证书 ${issued.certificateNo} 已封存。`);
      }
      expectInForce(state, ['VALID', 'RENEWAL_DUE'], { en: 'sealing', zh: '封存' });
      const reason = command.reason.trim();
      if (!reason) refuse('certificate.seal-needs-reason', "Sealing records the holder's reason.", '封存须记录持证单位申请封存的理由。');
      return [{ type: CertificateEventTypes.Sealed, data: { ...issued, reason, sealedAt: at } }];
    }
    case 'RevokeCertificate': {
      expectInForce(state, RENEWABLE_STATUSES, { en: 'revocation', zh: '撤销' });
      const reasons = nonEmpty(command.reasons);
      if (reasons.length === 0) refuse('certificate.revocation-needs-reasons', 'A revocation must state its reasons.', '撤销证书须说明理由。');
      return [{ type: CertificateEventTypes.Revoked, data: { ...issued, reasons, revokedAt: at } }];
    }
    case 'CancelCertificate': {
      expectInForce(state, RENEWABLE_STATUSES, { en: 'cancellation', zh: '注销' });
      const reasons = nonEmpty(command.reasons);
      if (reasons.length === 0) {
        refuse(
          'certificate.cancellation-needs-reasons',
          'A cancellation must state its reasons: the failed supervision check and the failed rectification.',
          '注销证书须说明理由：监督检查不合格且整改不合格。',
        );
      }
      return [{ type: CertificateEventTypes.Cancelled, data: { ...issued, reasons, cancelledAt: at } }];
    }
    case 'FileChange': {
      expectInForce(state, ['VALID', 'RENEWAL_DUE'], { en: 'filing a change', zh: '变更备案' });
      const { change } = command;
      const description = change.description.trim();
      if (!description) refuse('certificate.change-needs-description', 'A change filed for record must describe what changed.', '变更备案须说明变更内容。');
      if (change.uncertainty !== 'EQUAL_OR_BETTER' || change.rangeChanged) {
        const why = [change.uncertainty !== 'EQUAL_OR_BETTER' ? ['a worse uncertainty', '不确定度变差'] : undefined, change.rangeChanged ? ['a changed measuring range', '测量范围改变'] : undefined].filter(
          (x): x is string[] => x !== undefined,
        );
        refuse(
          'certificate.change-needs-new-assessment',
          `A change with ${why.map((w) => w[0]).join(' and ')} needs a new assessment; only a change with equal or better uncertainty and the same range is filed for record.`,
          `${why.map((w) => w[1]).join('且')}的变更须重新申请考核；只有不确定度不变或更优且测量范围不变的变更才可备案。`,
        );
      }
      return [{ type: CertificateEventTypes.ChangeFiled, data: { ...issued, description, uncertainty: 'EQUAL_OR_BETTER', rangeChanged: false, filedAt: at } }];
    }
    case 'RecordRenewal': {
      const { renewal } = command;
      if (renewal.kind !== 'RE_EXAMINATION' || renewal.renewsCaseId !== caseId || renewal.decision !== 'APPROVED' || !renewal.certificate || !renewal.decidedAt) {
        refuse(
          'certificate.not-renewed-by-that-case',
          `Case ${renewal.caseId} is not an approved re-examination of certificate ${issued.certificateNo}.`,
          `案件 ${renewal.caseId} 不是证书 ${issued.certificateNo} 已批准的复查考核。`,
        );
      }
      if (state.status === 'RENEWED') {
        refuse(
          'certificate.already-renewed',
          `Certificate ${issued.certificateNo} was already renewed by case ${state.renewedBy!.caseId} (certificate ${state.renewedBy!.certificateNo}).`,
          `证书 ${issued.certificateNo} 已由案件 ${state.renewedBy!.caseId} 复查换发新证（${state.renewedBy!.certificateNo}）。`,
        );
      }
      const end = endOfChinaDay(issued.validUntil);
      if (!RENEWABLE_STATUSES.includes(state.status) || Date.parse(renewal.decidedAt!) >= end.getTime()) {
        refuse(
          'certificate.renewal-needs-new-assessment',
          `Certificate ${issued.certificateNo} is ${Date.parse(renewal.decidedAt!) >= end.getTime() ? 'past its validity' : state.status}; it can no longer be renewed by re-examination, the standard needs a new assessment.`,
          `证书 ${issued.certificateNo} ${Date.parse(renewal.decidedAt!) >= end.getTime() ? '已超过有效期' : `当前状态为 ${state.status}`}，不能再通过复查换证，须重新申请考核。`,
        );
      }
      const next = renewal.certificate!;
      return [
        {
          type: CertificateEventTypes.Renewed,
          data: { ...issued, renewedByCaseId: renewal.caseId, newCertificateNo: next.certificateNo, newValidFrom: next.validFrom, newValidUntil: next.validUntil, renewedAt: at },
        },
      ];
    }
    default: {
      const never: never = command;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
}

/** Folds the case's events (holder, issued certificate), then the certificate's own. */
export function evolveCertificate(state: CertificateState, event: AssessmentEvent | CertificateEvent): CertificateState {
  switch (event.type) {
    case AssessmentEventTypes.ApplicationSubmitted:
      return { ...state, caseId: event.data.caseId, institutionId: event.data.institutionId };
    case AssessmentEventTypes.CaseDecided: {
      const certificate = event.data.certificate;
      if (event.data.decision !== 'APPROVED' || !certificate) return state;
      return { ...state, status: 'VALID', caseId: event.data.caseId, ...certificate };
    }
    case CertificateEventTypes.RenewalDue:
      return { ...state, status: 'RENEWAL_DUE', renewalDueOn: event.data.dueOn };
    case CertificateEventTypes.Expired:
      return { ...state, status: 'EXPIRED' };
    case CertificateEventTypes.RenewalEscalated:
      return { ...state, escalated: true };
    case CertificateEventTypes.Sealed:
      return { ...state, status: 'SEALED' };
    case CertificateEventTypes.Revoked:
      return { ...state, status: 'REVOKED' };
    case CertificateEventTypes.Cancelled:
      return { ...state, status: 'CANCELLED' };
    case CertificateEventTypes.ChangeFiled:
      return state;
    case CertificateEventTypes.Renewed:
      return { ...state, status: 'RENEWED', renewedBy: { caseId: event.data.renewedByCaseId, certificateNo: event.data.newCertificateNo } };
    default:
      return state;
  }
}

/** What an approved case's own events say about it as a renewal (kind, what it renews, the decision). */
export function evolveRenewingCase(state: RenewingCase, event: AssessmentEvent): RenewingCase {
  switch (event.type) {
    case AssessmentEventTypes.ApplicationSubmitted:
      return { ...state, kind: event.data.kind, renewsCaseId: event.data.renewsCaseId };
    case AssessmentEventTypes.CaseDecided:
      return { ...state, decision: event.data.decision, decidedAt: event.data.decidedAt, certificate: event.data.certificate };
    default:
      return state;
  }
}
