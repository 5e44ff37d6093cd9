import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent } from '../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateEvent } from '../../events/certificate.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { summaryOf } from '../../src/standards/domain/case-timeline.js';
import {
  decideCertificate,
  evolveCertificate,
  evolveRenewingCase,
  initialCertificateState,
  type CertificateCommand,
  type CertificateState,
  type RenewingCase,
} from '../../src/standards/domain/certificate.js';
import { thrownBy } from '../support/thrown.js';

/**
 * The certificate after its issue: escalation, sealing (封存), revocation (撤销), cancellation
 * (注销), changes filed for record (变更备案) and renewal by re-examination (复查换证).
 */
const caseId = 'case-1';
const certificateNo = '[2026]浙量标金证字第001号';
const issued = { certificateNo, caseId, institutionId: 'inst-1', validUntil: '2031-11-26' };
const submitted: AssessmentEvent = {
  type: AssessmentEventTypes.ApplicationSubmitted,
  data: {
    caseId,
    kind: 'NEW',
    institutionId: 'inst-1',
    standard: { name: 'Sphygmomanometer standard', category: 'PUBLIC', measurand: 'pressure' },
    submittedAt: '2026-10-09T02:00:00.000Z',
    acceptanceDeadline: { dueAt: '2026-10-16T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
  },
};
const approved: AssessmentEvent = {
  type: AssessmentEventTypes.CaseDecided,
  data: { caseId, decidedAt: '2026-11-27T02:00:00.000Z', decision: 'APPROVED', reasons: [], certificate: { certificateNo, validFrom: '2026-11-27', validUntil: '2031-11-26' } },
};
const given = (...events: CertificateEvent[]): CertificateState => [submitted, approved, ...events].reduce(evolveCertificate, initialCertificateState);
const at = (iso: string) => ({ now: new Date(iso), policy: DEFAULT_ASSESSMENT_POLICY });
const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);
const one = (command: CertificateCommand, state: CertificateState, iso = '2028-01-10T02:00:00Z') => {
  const events = decideCertificate(command, state, at(iso));
  expect(events).toHaveLength(1);
  // Every event decided here is one the catalogue accepts.
  expect(eventProblems(events[0].type, 1, events[0].data)).toEqual([]);
  return events[0];
};

const renewalDue = one({ type: 'MarkRenewalDue', caseId }, given(), '2031-05-25T16:00:00Z');
const seal: CertificateCommand = { type: 'SealCertificate', caseId, reason: 'Laboratory moves; standard out of use' };
const revoke: CertificateCommand = { type: 'RevokeCertificate', caseId, reasons: ['Obtained by false statements'] };
const cancel: CertificateCommand = { type: 'CancelCertificate', caseId, reasons: ['Supervision check failed; rectification failed'] };
const escalate: CertificateCommand = { type: 'EscalateRenewal', caseId };
const sealed = one(seal, given());
const revoked = one(revoke, given());
const cancelled = one(cancel, given());
const expired = one({ type: 'ExpireCertificate', caseId }, given(renewalDue), '2031-11-26T16:00:00Z');

const renewing: RenewingCase = {
  caseId: 'case-2',
  kind: 'RE_EXAMINATION',
  renewsCaseId: caseId,
  decision: 'APPROVED',
  decidedAt: '2031-07-01T02:00:00.000Z',
  certificate: { certificateNo: '[2031]浙量标金证字第088号', validFrom: '2031-07-01', validUntil: '2036-06-30' },
};
const renew: CertificateCommand = { type: 'RecordRenewal', caseId, renewal: renewing };

describe('certificate: escalation when no re-examination is filed', () => {
  it('given a certificate due for renewal, when its escalation day begins in China, then the authority is told', () => {
    const event = one(escalate, given(renewalDue), '2031-08-25T16:00:00Z');
    expect(event).toEqual({ type: CertificateEventTypes.RenewalEscalated, data: { ...issued, escalationDueOn: '2031-08-26', escalatedAt: '2031-08-25T16:00:00.000Z' } });
    expect(given(renewalDue, event as CertificateEvent)).toMatchObject({ status: 'RENEWAL_DUE', escalated: true });
  });

  it('refuses before the escalation day, a second time, and for a sealed or ended certificate', () => {
    expect(refusalOf(() => decideCertificate(escalate, given(renewalDue), at('2031-08-25T15:59:59Z'))).code).toBe('certificate.escalation-not-due-yet');
    const escalated = one(escalate, given(renewalDue), '2031-09-01T00:00:00Z') as CertificateEvent;
    expect(refusalOf(() => decideCertificate(escalate, given(renewalDue, escalated), at('2031-09-02T00:00:00Z'))).code).toBe('certificate.already-escalated');
    for (const ended of [sealed, revoked, cancelled, expired] as CertificateEvent[]) {
      expect(refusalOf(() => decideCertificate(escalate, given(renewalDue, ended), at('2031-12-01T00:00:00Z'))).code).toBe('certificate.not-awaiting-renewal');
    }
  });

  it('refuses under a policy that never escalates', () => {
    const policy = { ...DEFAULT_ASSESSMENT_POLICY, renewalEscalationLeadMonths: 0 };
    expect(refusalOf(() => decideCertificate(escalate, given(renewalDue), { now: new Date('2031-10-01T00:00:00Z'), policy })).code).toBe('certificate.escalation-not-in-policy');
  });
});

describe('certificate: sealing (封存)', () => {
  it("given a valid certificate, when the authority records the holder's application, then it is sealed with the reason", () => {
    expect(sealed).toEqual({ type: CertificateEventTypes.Sealed, data: { ...issued, reason: 'Laboratory moves; standard out of use', sealedAt: '2028-01-10T02:00:00.000Z' } });
    expect(given(sealed as CertificateEvent).status).toBe('SEALED');
  });

  it('seals a certificate due for renewal too', () => {
    expect(one(seal, given(renewalDue), '2031-06-01T00:00:00Z').type).toBe(CertificateEventTypes.Sealed);
  });

  it('refuses without a reason, twice, and once the certificate ended', () => {
    expect(refusalOf(() => decideCertificate({ ...seal, reason: '   ' }, given(), at('2028-01-10T02:00:00Z'))).code).toBe('certificate.seal-needs-reason');
    const twice = refusalOf(() => decideCertificate(seal, given(sealed as CertificateEvent), at('2028-02-10T02:00:00Z')));
    expect(twice.code).toBe('certificate.already-sealed');
    expect(twice.text['zh-CN']).toContain('已封存');
    for (const ended of [revoked, cancelled, expired] as CertificateEvent[]) {
      expect(refusalOf(() => decideCertificate(seal, given(ended), at('2032-01-10T02:00:00Z'))).code).toBe('certificate.not-in-force');
    }
  });

  it('is not unsealed by anything but a re-examination: a sealed certificate is not marked due, and still expires', () => {
    expect(refusalOf(() => decideCertificate({ type: 'MarkRenewalDue', caseId }, given(sealed as CertificateEvent), at('2031-06-01T00:00:00Z'))).code).toBe('certificate.not-valid');
    const lapsed = one({ type: 'ExpireCertificate', caseId }, given(sealed as CertificateEvent), '2031-11-26T16:00:00Z');
    expect(given(sealed as CertificateEvent, lapsed as CertificateEvent).status).toBe('EXPIRED');
  });
});

describe('certificate: revocation (撤销) and cancellation (注销)', () => {
  it('given a valid, due or sealed certificate, when the authority revokes it with reasons, then it is revoked', () => {
    expect(revoked).toEqual({ type: CertificateEventTypes.Revoked, data: { ...issued, reasons: ['Obtained by false statements'], revokedAt: '2028-01-10T02:00:00.000Z' } });
    expect(given(revoked as CertificateEvent).status).toBe('REVOKED');
    expect(one(revoke, given(renewalDue), '2031-06-01T00:00:00Z').type).toBe(CertificateEventTypes.Revoked);
    expect(one(revoke, given(sealed as CertificateEvent)).type).toBe(CertificateEventTypes.Revoked);
  });

  it('given a valid certificate, when the authority cancels it after a failed supervision check, then it is cancelled', () => {
    expect(cancelled).toEqual({
      type: CertificateEventTypes.Cancelled,
      data: { ...issued, reasons: ['Supervision check failed; rectification failed'], cancelledAt: '2028-01-10T02:00:00.000Z' },
    });
    expect(given(cancelled as CertificateEvent).status).toBe('CANCELLED');
  });

  it('refuses without reasons (blank ones do not count)', () => {
    expect(refusalOf(() => decideCertificate({ ...revoke, reasons: [] }, given(), at('2028-01-10T02:00:00Z'))).code).toBe('certificate.revocation-needs-reasons');
    expect(refusalOf(() => decideCertificate({ ...cancel, reasons: [' '] }, given(), at('2028-01-10T02:00:00Z'))).code).toBe('certificate.cancellation-needs-reasons');
  });

  it('refuses a certificate that has already ended, and never expires a revoked or cancelled one later', () => {
    for (const ended of [revoked, cancelled, expired] as CertificateEvent[]) {
      expect(refusalOf(() => decideCertificate(revoke, given(ended), at('2032-01-10T02:00:00Z'))).code).toBe('certificate.not-in-force');
      expect(refusalOf(() => decideCertificate(cancel, given(ended), at('2032-01-10T02:00:00Z'))).code).toBe('certificate.not-in-force');
    }
    for (const ended of [revoked, cancelled] as CertificateEvent[]) {
      const refusal = refusalOf(() => decideCertificate({ type: 'ExpireCertificate', caseId }, given(ended), at('2031-11-27T00:00:00Z')));
      expect(refusal.code).toBe('certificate.not-in-force');
      expect(refusal.text['zh-CN']).toContain('失效');
    }
  });
});

describe('certificate: a change filed for record (变更备案)', () => {
  const change = (uncertainty: 'EQUAL_OR_BETTER' | 'WORSE', rangeChanged: boolean): CertificateCommand => ({
    type: 'FileChange',
    caseId,
    change: { description: ' Reference manometer replaced ', uncertainty, rangeChanged },
  });

  it('given a valid certificate, when the holder files a change with equal or better uncertainty and the same range, then it is filed', () => {
    const event = one(change('EQUAL_OR_BETTER', false), given());
    expect(event).toEqual({
      type: CertificateEventTypes.ChangeFiled,
      data: { ...issued, description: 'Reference manometer replaced', uncertainty: 'EQUAL_OR_BETTER', rangeChanged: false, filedAt: '2028-01-10T02:00:00.000Z' },
    });
    expect(given(event as CertificateEvent).status).toBe('VALID');
  });

  it('refuses a worse uncertainty, a changed range, or both: they need a new assessment', () => {
    for (const [uncertainty, rangeChanged, words] of [
      ['WORSE', false, 'a worse uncertainty'],
      ['EQUAL_OR_BETTER', true, 'a changed measuring range'],
      ['WORSE', true, 'a worse uncertainty and a changed measuring range'],
    ] as const) {
      const refusal = refusalOf(() => decideCertificate(change(uncertainty, rangeChanged), given(), at('2028-01-10T02:00:00Z')));
      expect(refusal.code).toBe('certificate.change-needs-new-assessment');
      expect(refusal.text.en).toContain(words);
      expect(refusal.text['zh-CN']).toContain('重新申请考核');
    }
  });

  it('refuses without a description, and for a sealed or ended certificate', () => {
    const blank: CertificateCommand = { type: 'FileChange', caseId, change: { description: '', uncertainty: 'EQUAL_OR_BETTER', rangeChanged: false } };
    expect(refusalOf(() => decideCertificate(blank, given(), at('2028-01-10T02:00:00Z'))).code).toBe('certificate.change-needs-description');
    for (const state of [sealed, revoked, cancelled, expired] as CertificateEvent[]) {
      expect(refusalOf(() => decideCertificate(change('EQUAL_OR_BETTER', false), given(state), at('2032-01-10T02:00:00Z'))).code).toBe('certificate.not-in-force');
    }
  });
});

describe('certificate: renewal by an approved re-examination (复查换证)', () => {
  it('given a certificate due for renewal, when its re-examination is approved before expiry, then it is superseded by the new certificate', () => {
    const event = one(renew, given(renewalDue), '2031-07-01T03:00:00Z');
    expect(event).toEqual({
      type: CertificateEventTypes.Renewed,
      data: {
        ...issued,
        renewedByCaseId: 'case-2',
        newCertificateNo: '[2031]浙量标金证字第088号',
        newValidFrom: '2031-07-01',
        newValidUntil: '2036-06-30',
        renewedAt: '2031-07-01T03:00:00.000Z',
      },
    });
    expect(given(renewalDue, event as CertificateEvent)).toMatchObject({ status: 'RENEWED', renewedBy: { caseId: 'case-2', certificateNo: '[2031]浙量标金证字第088号' } });
  });

  it('renews a valid certificate, and unseals a sealed one (the only way out of sealing)', () => {
    expect(one(renew, given(), '2031-07-01T03:00:00Z').type).toBe(CertificateEventTypes.Renewed);
    expect(one(renew, given(sealed as CertificateEvent), '2031-07-01T03:00:00Z').type).toBe(CertificateEventTypes.Renewed);
  });

  it('refuses an expired, revoked or cancelled certificate: a new assessment is needed', () => {
    for (const ended of [expired, revoked, cancelled] as CertificateEvent[]) {
      const refusal = refusalOf(() => decideCertificate(renew, given(ended), at('2031-12-01T00:00:00Z')));
      expect(refusal.code).toBe('certificate.renewal-needs-new-assessment');
      expect(refusal.text['zh-CN']).toContain('须重新申请考核');
    }
  });

  it('refuses a re-examination approved after the validity ended, even before the expiry was recorded', () => {
    const late = { ...renew, renewal: { ...renewing, decidedAt: '2031-11-26T16:00:00.000Z' } };
    expect(refusalOf(() => decideCertificate(late, given(renewalDue), at('2031-11-26T16:00:01Z'))).code).toBe('certificate.renewal-needs-new-assessment');
  });

  it('refuses a second renewal', () => {
    const renewed = one(renew, given(renewalDue), '2031-07-01T03:00:00Z') as CertificateEvent;
    const again = { ...renew, renewal: { ...renewing, caseId: 'case-3' } };
    expect(refusalOf(() => decideCertificate(again, given(renewalDue, renewed), at('2031-07-02T00:00:00Z'))).code).toBe('certificate.already-renewed');
    expect(refusalOf(() => decideCertificate(seal, given(renewalDue, renewed), at('2031-07-02T00:00:00Z'))).code).toBe('certificate.not-in-force');
  });

  it('refuses a case that is not an approved re-examination of this certificate', () => {
    for (const other of [
      { ...renewing, kind: 'NEW' as const },
      { ...renewing, renewsCaseId: 'case-9' },
      { ...renewing, decision: 'REFUSED' as const, certificate: undefined },
      { caseId: 'case-2' },
    ]) {
      expect(refusalOf(() => decideCertificate({ ...renew, renewal: other }, given(renewalDue), at('2031-07-01T03:00:00Z'))).code).toBe('certificate.not-renewed-by-that-case');
    }
  });

  it("reads the renewing case from its own events: kind, what it renews, the decision", () => {
    const reSubmitted: AssessmentEvent = { type: AssessmentEventTypes.ApplicationSubmitted, data: { ...submitted.data, caseId: 'case-2', kind: 'RE_EXAMINATION', renewsCaseId: caseId } } as AssessmentEvent;
    const reApproved: AssessmentEvent = {
      type: AssessmentEventTypes.CaseDecided,
      data: { caseId: 'case-2', decidedAt: renewing.decidedAt!, decision: 'APPROVED', reasons: [], certificate: renewing.certificate },
    };
    expect([reSubmitted, reApproved].reduce(evolveRenewingCase, { caseId: 'case-2' })).toEqual(renewing);
  });
});

describe('certificate: timeline summaries', () => {
  it('summarises every certificate event in both languages, with its reasons', () => {
    const renewed = one(renew, given(renewalDue), '2031-07-01T03:00:00Z');
    const escalated = one(escalate, given(renewalDue), '2031-09-01T00:00:00Z');
    const filed = one({ type: 'FileChange', caseId, change: { description: 'Manometer replaced', uncertainty: 'EQUAL_OR_BETTER', rangeChanged: false } }, given());
    for (const event of [renewalDue, expired, escalated, sealed, revoked, cancelled, filed, renewed]) {
      const summary = summaryOf(event);
      expect([event.type, summary.en.endsWith(`${event.type} recorded.`)]).toEqual([event.type, false]);
      expect(summary['zh-CN']).toContain(event.type === CertificateEventTypes.ChangeFiled ? '备案' : certificateNo);
    }
    expect(summaryOf(revoked).en).toContain('Obtained by false statements');
    expect(summaryOf(renewed)['zh-CN']).toContain('[2031]浙量标金证字第088号');
  });
});
