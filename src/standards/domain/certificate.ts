import { AssessmentEventTypes, type AssessmentEvent } from '../../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateEvent } from '../../../events/certificate.events.js';
import { chinaDate, endOfChinaDay } from '../../calendar/working-days.js';
import { DomainError } from '../../shared/domain-error.js';
import type { AssessmentPolicy } from './assessment-policy.js';

/**
 * 计量标准考核证书: the certificate issued by an approved assessment case, as pure decision code.
 * Its state is folded from the case's events (the submission names the holder, the approval
 * issues the certificate) followed by the certificate's own events. No clock: the caller passes `now`.
 *
 *   VALID → RENEWAL_DUE (validUntil minus the lead months) → EXPIRED (after the end of validUntil, China time)
 *
 * Renewal by a re-examination case (RENEWAL_DUE → VALID with a new validity) comes with the
 * re-examination cases; until then a certificate that falls due expires at the end of its validity.
 */
export type CertificateStatus = 'NONE' | 'VALID' | 'RENEWAL_DUE' | 'EXPIRED';

export interface CertificateState {
  status: CertificateStatus;
  caseId?: string;
  institutionId?: string;
  certificateNo?: string;
  validFrom?: string;
  /** Last day of validity (YYYY-MM-DD). */
  validUntil?: string;
  renewalDueOn?: string;
}

export const initialCertificateState: CertificateState = { status: 'NONE' };

export type CertificateCommand = { type: 'MarkRenewalDue'; caseId: string } | { type: 'ExpireCertificate'; caseId: string };

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

/** The instant a China calendar date begins. */
export function startOfChinaDay(date: string): Date {
  return new Date(endOfChinaDay(date).getTime() - 24 * 60 * 60 * 1000);
}

/** When the certificate's timers run out: the renewal falls due at the start of its day, the validity at the end of its last day. */
export function certificateSchedule(validUntil: string, policy: AssessmentPolicy): { renewalDueOn: string; renewalDueAt: string; expiresAt: string } {
  const dueOn = renewalDueOn(validUntil, policy.renewalLeadMonths);
  return { renewalDueOn: dueOn, renewalDueAt: startOfChinaDay(dueOn).toISOString(), expiresAt: endOfChinaDay(validUntil).toISOString() };
}

const refuse = (code: string, en: string, zh: string): never => {
  throw new DomainError(code, { en, 'zh-CN': zh });
};

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
    default:
      return state;
  }
}
