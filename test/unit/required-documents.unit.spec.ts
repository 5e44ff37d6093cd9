import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent, type AttachedDocument } from '../../events/assessment.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { DOCUMENT_KINDS, type DocumentKind } from '../../events/document.events.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { DOCUMENT_KIND_TITLES } from '../../src/documents/document-kinds.js';
import { decideAssessment, evolveAssessment, initialAssessmentCaseState, type AssessmentCommand, type DecisionContext } from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { checkCompleteness, missingDocuments, REQUIRED_DOCUMENTS } from '../../src/standards/domain/required-documents.js';

const BASE: DocumentKind[] = ['APPLICATION_FORM', 'TECHNICAL_REPORT', 'STANDARD_CERTIFICATES', 'EQUIPMENT_CERTIFICATES', 'ORIGINAL_RECORDS', 'SAMPLE_CERTIFICATE', 'STAFF_COMPETENCE'];
const doc = (kind: DocumentKind, n = 1): AttachedDocument => ({ sha256: `${n.toString(16)}`.padStart(64, 'a'), name: `${kind.toLowerCase()}.pdf`, kind, size: 1000 + n });

describe('required documents per kind of assessment (材料完整性检查)', () => {
  it('asks the same seven documents of a new standard, an upgrade and a change', () => {
    for (const kind of ['NEW', 'UPGRADE', 'CHANGE'] as const) expect([kind, REQUIRED_DOCUMENTS[kind]]).toEqual([kind, BASE]);
  });

  it('adds the previous certificate, continuous certificates and repeatability/stability records for a re-examination, not the optional change forms', () => {
    expect(REQUIRED_DOCUMENTS.RE_EXAMINATION).toEqual([...BASE, 'PREVIOUS_CERTIFICATE', 'CONTINUOUS_CERTIFICATES', 'REPEATABILITY_STABILITY_RECORDS']);
    expect(REQUIRED_DOCUMENTS.RE_EXAMINATION).not.toContain('CHANGE_FORMS');
  });

  it('titles every kind in English and Chinese', () => {
    for (const kind of DOCUMENT_KINDS) {
      expect(DOCUMENT_KIND_TITLES[kind].en.length).toBeGreaterThan(0);
      expect(DOCUMENT_KIND_TITLES[kind]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(DOCUMENT_KIND_TITLES.APPLICATION_FORM['zh-CN']).toBe('考核（复查）申请书');
  });

  it('given some documents, lists the missing kinds in order with their titles', () => {
    const missing = missingDocuments('NEW', ['TECHNICAL_REPORT', 'OTHER', 'STAFF_COMPETENCE']);
    expect(missing.map((m) => m.kind)).toEqual(['APPLICATION_FORM', 'STANDARD_CERTIFICATES', 'EQUIPMENT_CERTIFICATES', 'ORIGINAL_RECORDS', 'SAMPLE_CERTIFICATE']);
    expect(missing[0]).toEqual({ kind: 'APPLICATION_FORM', title: { en: 'Application form for assessment (re-examination)', 'zh-CN': '考核（复查）申请书' } });
  });

  it('is complete only when nothing is missing and every reference was the applicant’s upload', () => {
    const all = BASE.map((k, i) => doc(k, i));
    expect(checkCompleteness('NEW', all)).toEqual({ complete: true, missing: [], unknown: [] });
    expect(checkCompleteness('NEW', all, ['f'.repeat(64)])).toEqual({ complete: false, missing: [], unknown: ['f'.repeat(64)] });
    const reExamination = checkCompleteness('RE_EXAMINATION', all);
    expect(reExamination.complete).toBe(false);
    expect(reExamination.missing.map((m) => m.kind)).toEqual(['PREVIOUS_CERTIFICATE', 'CONTINUOUS_CERTIFICATES', 'REPEATABILITY_STABILITY_RECORDS']);
    expect(checkCompleteness('CHANGE', []).missing).toHaveLength(7);
  });
});

describe('documents attached to a case: one event beside the step that carried them', () => {
  const caseId = 'case-docs';
  const at = (iso: string, actorId?: string): DecisionContext => ({ now: new Date(iso), calendar: WEEKDAYS_ONLY, policy: DEFAULT_ASSESSMENT_POLICY, actorId });
  const stateOf = (events: AssessmentEvent[]) => events.reduce(evolveAssessment, initialAssessmentCaseState);
  const when = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) => {
    const events = decideAssessment(command, stateOf(history), context);
    for (const e of events) expect(eventProblems(e.type, 1, e.data)).toEqual([]);
    return events;
  };
  const standard = { name: 'BP', category: 'PUBLIC' as const, measurand: 'pressure' };

  it('given a submission with documents, records the submission first and the attached documents second; the state keeps their kinds', () => {
    const events = when([], { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard, documents: [doc('TECHNICAL_REPORT'), doc('APPLICATION_FORM', 2)] }, at('2026-11-23T02:00:00Z'));
    expect(events.map((e) => e.type)).toEqual([AssessmentEventTypes.ApplicationSubmitted, AssessmentEventTypes.DocumentsAttached]);
    expect(events[1].data).toEqual({ caseId, attachedAt: '2026-11-23T02:00:00.000Z', purpose: 'APPLICATION', documents: [doc('TECHNICAL_REPORT'), doc('APPLICATION_FORM', 2)] });
    expect(stateOf(events).attachedDocumentKinds).toEqual(['TECHNICAL_REPORT', 'APPLICATION_FORM']);
  });

  it('given a submission without documents, records the submission alone, its shape unchanged', () => {
    const events = when([], { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard, documents: [] }, at('2026-11-23T02:00:00Z'));
    expect(events.map((e) => e.type)).toEqual([AssessmentEventTypes.ApplicationSubmitted]);
    expect(Object.keys(events[0].data).sort()).toEqual(['acceptanceDeadline', 'caseId', 'institutionId', 'kind', 'standard', 'submittedAt']);
  });

  it('attaches the supplement with the resubmission and the evidence with the rectification, and the kinds accumulate', () => {
    const submitted = when([], { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard, documents: [doc('TECHNICAL_REPORT')] }, at('2026-11-23T02:00:00Z'));
    const history = [...submitted, ...when(submitted, { type: 'RequestSupplement', caseId, missing: ['application form'] }, at('2026-11-24T02:00:00Z'))];
    const resubmitted = when(history, { type: 'ResubmitApplication', caseId, documents: [doc('APPLICATION_FORM', 3)] }, at('2026-11-25T02:00:00Z'));
    expect(resubmitted.map((e) => [e.type, (e.data as { purpose?: string }).purpose])).toEqual([
      [AssessmentEventTypes.ApplicationResubmitted, undefined],
      [AssessmentEventTypes.DocumentsAttached, 'SUPPLEMENT'],
    ]);
    expect(stateOf([...history, ...resubmitted]).attachedDocumentKinds).toEqual(['TECHNICAL_REPORT', 'APPLICATION_FORM']);

    let rectifying = [...history, ...resubmitted];
    rectifying = [...rectifying, ...when(rectifying, { type: 'AcceptApplication', caseId }, at('2026-11-26T02:00:00Z'))];
    rectifying = [...rectifying, ...when(rectifying, { type: 'AssignAssessors', caseId, assessors: [{ expertId: 'exp-1', discipline: 'pressure', refusals: [] }] }, at('2026-11-26T03:00:00Z'))];
    rectifying = [...rectifying, ...when(rectifying, { type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, at('2026-11-26T04:00:00Z'))];
    rectifying = [...rectifying, ...when(rectifying, { type: 'RequestRectification', caseId, nonconformities: [{ clause: '4.2', finding: 'x' }] }, at('2026-11-27T02:00:00Z', 'exp-1'))];
    const evidence = doc('RECTIFICATION_EVIDENCE', 4);
    const fixed = when(rectifying, { type: 'SubmitRectification', caseId, evidence: [evidence.sha256], documents: [evidence] }, at('2026-11-30T02:00:00Z'));
    expect(fixed[0]).toMatchObject({ type: AssessmentEventTypes.RectificationSubmitted, data: { evidence: [evidence.sha256] } });
    expect(fixed[1]).toMatchObject({ type: AssessmentEventTypes.DocumentsAttached, data: { purpose: 'RECTIFICATION', documents: [evidence] } });
  });
});
