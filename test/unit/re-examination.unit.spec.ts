import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { DomainError } from '../../src/shared/domain-error.js';
import { decideAssessment, initialAssessmentCaseState, type AssessmentCommand, type DecisionContext } from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import type { CertificateStatus } from '../../src/standards/domain/certificate.js';
import { thrownBy } from '../support/thrown.js';

/** 复查考核: a re-examination names the certificate it renews, and the submission checks it. */
const context: DecisionContext = { now: new Date('2031-06-01T02:00:00Z'), calendar: WEEKDAYS_ONLY, policy: DEFAULT_ASSESSMENT_POLICY };
const certificate = (status: CertificateStatus, institutionId = 'inst-1') => ({ caseId: 'case-1', status, institutionId, certificateNo: '[2026]浙量标金证字第001号' });
const reExamination = (overrides: Partial<Extract<AssessmentCommand, { type: 'SubmitApplication' }>> = {}): AssessmentCommand => ({
  type: 'SubmitApplication',
  caseId: 'case-2',
  kind: 'RE_EXAMINATION',
  institutionId: 'inst-1',
  standard: { name: 'Sphygmomanometer standard', category: 'PUBLIC', measurand: 'pressure' },
  renewsCaseId: 'case-1',
  renewedCertificate: certificate('RENEWAL_DUE'),
  ...overrides,
});
const refusalOf = (command: AssessmentCommand): DomainError => thrownBy(() => decideAssessment(command, initialAssessmentCaseState, context), DomainError);

describe('re-examination: the certificate it renews', () => {
  it.each(['VALID', 'RENEWAL_DUE', 'SEALED'] as const)('given the applicant\'s %s certificate, when a re-examination names it, then the submission records the link', (status) => {
    const [event] = decideAssessment(reExamination({ renewedCertificate: certificate(status) }), initialAssessmentCaseState, context);
    expect(event.type).toBe(AssessmentEventTypes.ApplicationSubmitted);
    expect(event.data).toMatchObject({ caseId: 'case-2', kind: 'RE_EXAMINATION', renewsCaseId: 'case-1' });
    expect(eventProblems(event.type, 1, event.data)).toEqual([]);
  });

  it('records no link for other kinds, and the catalogue still accepts the submission without one', () => {
    const [event] = decideAssessment(reExamination({ kind: 'NEW', renewsCaseId: undefined, renewedCertificate: undefined }), initialAssessmentCaseState, context);
    expect(event.data).not.toHaveProperty('renewsCaseId');
    expect(eventProblems(event.type, 1, event.data)).toEqual([]);
  });

  it('refuses a re-examination that names no certificate', () => {
    const refusal = refusalOf(reExamination({ renewsCaseId: undefined, renewedCertificate: undefined }));
    expect(refusal.code).toBe('assessment.re-examination-names-certificate');
    expect(refusal.text['zh-CN']).toContain('renewsCaseId');
  });

  it.each(['NEW', 'UPGRADE', 'CHANGE'] as const)('refuses a %s application that names a certificate to renew', (kind) => {
    expect(refusalOf(reExamination({ kind })).code).toBe('assessment.only-re-examination-renews');
  });

  it("refuses another institution's certificate the same way as a case that issued none, so that its existence does not leak", () => {
    const theirs = refusalOf(reExamination({ renewedCertificate: certificate('VALID', 'inst-9') }));
    const none = refusalOf(reExamination({ renewedCertificate: { caseId: 'case-1', status: 'NONE' } }));
    expect(theirs.code).toBe('assessment.renewed-certificate-not-held');
    expect(none.code).toBe('assessment.renewed-certificate-not-held');
    expect(theirs.text.en).toBe(none.text.en);
  });

  it.each(['EXPIRED', 'REVOKED', 'CANCELLED'] as const)('refuses a %s certificate: the standard needs a new assessment', (status) => {
    const refusal = refusalOf(reExamination({ renewedCertificate: certificate(status) }));
    expect(refusal.code).toBe('assessment.certificate-not-renewable');
    expect(refusal.text.en).toContain('needs a new assessment');
    expect(refusal.text['zh-CN']).toContain('须重新申请考核');
  });

  it('refuses a certificate that was already renewed: the current one is renewed', () => {
    const refusal = refusalOf(reExamination({ renewedCertificate: certificate('RENEWED') }));
    expect(refusal.code).toBe('assessment.certificate-not-renewable');
    expect(refusal.text.en).toContain('already renewed');
  });
});
