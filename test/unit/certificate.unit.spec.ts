import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent } from '../../events/assessment.events.js';
import { CertificateEventTypes, type CertificateEvent } from '../../events/certificate.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import {
  certificateSchedule,
  certificateStreamId,
  decideCertificate,
  evolveCertificate,
  initialCertificateState,
  renewalDueOn,
  type CertificateCommand,
} from '../../src/standards/domain/certificate.js';
import { thrownBy } from '../support/thrown.js';

const caseId = 'case-1';
const certificateNo = '[2026]浙量标金证字第001号';
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
  data: {
    caseId,
    decidedAt: '2026-11-27T02:00:00.000Z',
    decision: 'APPROVED',
    reasons: [],
    certificate: { certificateNo, validFrom: '2026-11-27', validUntil: '2031-11-26' },
  },
};
const given = (...events: (AssessmentEvent | CertificateEvent)[]) => events.reduce(evolveCertificate, initialCertificateState);
const at = (iso: string) => ({ now: new Date(iso), policy: DEFAULT_ASSESSMENT_POLICY });
const markDue: CertificateCommand = { type: 'MarkRenewalDue', caseId };
const expire: CertificateCommand = { type: 'ExpireCertificate', caseId };
const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);

// China is UTC+8: 2031-05-26 begins at 2031-05-25T16:00Z; 2031-11-26 ends at 2031-11-26T16:00Z.
const [renewalDue] = decideCertificate(markDue, given(submitted, approved), at('2031-05-25T16:00:00Z'));

describe('certificate: schedule', () => {
  it('falls due six months before the last valid day, escalates three months before it and ends with that day, China time', () => {
    expect(certificateSchedule('2031-11-26', DEFAULT_ASSESSMENT_POLICY)).toEqual({
      renewalDueOn: '2031-05-26',
      renewalDueAt: '2031-05-25T16:00:00.000Z',
      escalationDueOn: '2031-08-26',
      escalateAt: '2031-08-25T16:00:00.000Z',
      expiresAt: '2031-11-26T16:00:00.000Z',
    });
  });

  it('never escalates under a policy whose escalation lead is 0 months', () => {
    const schedule = certificateSchedule('2031-11-26', { ...DEFAULT_ASSESSMENT_POLICY, renewalEscalationLeadMonths: 0 });
    expect(schedule).not.toHaveProperty('escalateAt');
    expect(schedule).not.toHaveProperty('escalationDueOn');
  });

  it('moves a day the earlier month lacks to its last day', () => {
    expect(renewalDueOn('2031-08-31', 6)).toBe('2031-02-28');
    expect(renewalDueOn('2032-08-31', 6)).toBe('2032-02-29');
    expect(renewalDueOn('2031-03-15', 6)).toBe('2030-09-15');
  });

  it('keeps the certificate in a stream named by the case, since certificate numbers are not valid stream ids', () => {
    expect(certificateStreamId(caseId)).toBe('certificate-case-1');
  });
});

describe('certificate: renewal due', () => {
  it('given an approved case, when the renewal date begins in China, then the certificate is marked due with its holder and dates', () => {
    expect(renewalDue).toEqual({
      type: CertificateEventTypes.RenewalDue,
      data: { certificateNo, caseId, institutionId: 'inst-1', validUntil: '2031-11-26', dueOn: '2031-05-26', notifiedAt: '2031-05-25T16:00:00.000Z' },
    });
    expect(eventProblems(renewalDue.type, 1, renewalDue.data)).toEqual([]);
    expect(given(submitted, approved, renewalDue)).toMatchObject({ status: 'RENEWAL_DUE', renewalDueOn: '2031-05-26' });
  });

  it('refuses before the renewal date, even a minute before it begins in China', () => {
    expect(refusalOf(() => decideCertificate(markDue, given(submitted, approved), at('2031-05-25T15:59:00Z'))).code).toBe('certificate.renewal-not-due-yet');
  });

  it('refuses a second time, and after expiry', () => {
    const expired = decideCertificate(expire, given(submitted, approved, renewalDue), at('2031-11-26T16:00:00Z'))[0];
    expect(refusalOf(() => decideCertificate(markDue, given(submitted, approved, renewalDue), at('2031-06-01T00:00:00Z'))).code).toBe('certificate.not-valid');
    expect(refusalOf(() => decideCertificate(markDue, given(submitted, approved, renewalDue, expired), at('2031-12-01T00:00:00Z'))).code).toBe('certificate.not-valid');
  });

  it('refuses when the case issued no certificate: not decided, or refused', () => {
    const refused: AssessmentEvent = { type: AssessmentEventTypes.CaseDecided, data: { caseId, decidedAt: '2026-11-27T02:00:00.000Z', decision: 'REFUSED', reasons: ['unstable'] } };
    expect(refusalOf(() => decideCertificate(markDue, given(submitted), at('2031-06-01T00:00:00Z'))).code).toBe('certificate.none-issued');
    expect(refusalOf(() => decideCertificate(markDue, given(submitted, refused), at('2031-06-01T00:00:00Z'))).code).toBe('certificate.none-issued');
    expect(refusalOf(() => decideCertificate(expire, given(submitted, refused), at('2031-12-01T00:00:00Z'))).code).toBe('certificate.none-issued');
  });
});

describe('certificate: expiry', () => {
  it('given a certificate due for renewal, when its last valid day ends in China, then it expires', () => {
    const [event] = decideCertificate(expire, given(submitted, approved, renewalDue), at('2031-11-26T16:00:00Z'));
    expect(event).toEqual({
      type: CertificateEventTypes.Expired,
      data: { certificateNo, caseId, institutionId: 'inst-1', validUntil: '2031-11-26', expiredAt: '2031-11-26T16:00:00.000Z' },
    });
    expect(eventProblems(event.type, 1, event.data)).toEqual([]);
    expect(given(submitted, approved, renewalDue, event).status).toBe('EXPIRED');
  });

  it('refuses until the last valid day has ended in China', () => {
    expect(refusalOf(() => decideCertificate(expire, given(submitted, approved, renewalDue), at('2031-11-26T15:59:59Z'))).code).toBe('certificate.still-valid');
  });

  it('refuses a certificate that has already expired', () => {
    const [expired] = decideCertificate(expire, given(submitted, approved), at('2031-11-27T00:00:00Z'));
    expect(refusalOf(() => decideCertificate(expire, given(submitted, approved, expired), at('2031-12-01T00:00:00Z'))).code).toBe('certificate.already-expired');
  });
});
