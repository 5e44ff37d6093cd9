import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes, type AssessmentEvent } from '../../events/assessment.events.js';
import { eventProblems } from '../../events/catalogue.js';
import { WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';
import { DomainError, InvalidDataError } from '../../src/shared/domain-error.js';
import {
  decideAssessment,
  evolveAssessment,
  initialAssessmentCaseState,
  type AssessmentCommand,
  type DecisionContext,
} from '../../src/standards/domain/assessment-case.js';
import { DEFAULT_ASSESSMENT_POLICY } from '../../src/standards/domain/assessment-policy.js';
import { summariseTechnicalCheck, type TechnicalCheckData } from '../../src/standards/domain/technical-check-recording.js';
import { thrownBy } from '../support/thrown.js';

/** Recording technical data on a case: who may, when, and what the event carries. */
const caseId = 'case-tc';
type Actor = Pick<DecisionContext, 'actorId' | 'actorRole' | 'actorInstitutionId'>;
const applicant: Actor = { actorId: 'engineer-1', actorRole: 'institution', actorInstitutionId: 'inst-1' };
const otherInstitution: Actor = { actorId: 'engineer-9', actorRole: 'institution', actorInstitutionId: 'inst-9' };
const assessorLi: Actor = { actorId: 'exp-1', actorRole: 'expert' };
const bystander: Actor = { actorId: 'exp-9', actorRole: 'expert' };
const officer: Actor = { actorId: 'officer-1', actorRole: 'secretariat' };
const at = (iso: string, actor: Actor = {}): DecisionContext => ({ now: new Date(iso), calendar: WEEKDAYS_ONLY, policy: DEFAULT_ASSESSMENT_POLICY, ...actor });
const stateOf = (events: AssessmentEvent[]) => events.reduce(evolveAssessment, initialAssessmentCaseState);
const when = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) => [...history, ...decideAssessment(command, stateOf(history), context)];

const submitted = when([], { type: 'SubmitApplication', caseId, kind: 'NEW', institutionId: 'inst-1', standard: { name: 'BP', category: 'PUBLIC', measurand: 'pressure' } }, at('2026-11-23T02:00:00Z'));
const noticed = when(submitted, { type: 'RequestSupplement', caseId, missing: ['technical report'] }, at('2026-11-24T02:00:00Z'));
const accepted = when(submitted, { type: 'AcceptApplication', caseId }, at('2026-11-24T02:00:00Z'));
const assigned = when(accepted, { type: 'AssignAssessors', caseId, assessors: [{ expertId: 'exp-1', discipline: 'pressure', refusals: [] }] }, at('2026-11-25T02:00:00Z'));
const evaluating = when(assigned, { type: 'StartEvaluation', caseId, mode: 'ON_SITE' }, at('2026-11-26T02:00:00Z'));
const rectifying = when(evaluating, { type: 'RequestRectification', caseId, nonconformities: [{ clause: '4.2.3', finding: 'stability records missing' }] }, at('2026-11-27T02:00:00Z', assessorLi));
const concluded = when(evaluating, { type: 'ConcludeEvaluation', caseId, outcome: 'PASS', summary: 'meets JJF 1033' }, at('2026-11-30T02:00:00Z', assessorLi));

// s = 0.0149443… mm of these 10 readings (technical-checks.unit.spec.ts derives it).
const readings = { values: [10.01, 10.02, 9.99, 10.0, 10.01, 10.03, 9.98, 10.0, 10.02, 10.01], unit: 'mm' };
const repeatabilityData: TechnicalCheckData = { check: 'REPEATABILITY', input: { readings, declaredComponent: { value: 0.015, unit: 'mm' } } };
const record = (data: TechnicalCheckData): AssessmentCommand => ({ type: 'RecordTechnicalCheck', caseId, data });
const refusalOf = (history: AssessmentEvent[], command: AssessmentCommand, context: DecisionContext) => thrownBy(() => decideAssessment(command, stateOf(history), context), DomainError);

describe('RecordTechnicalCheck: the event', () => {
  it('computes the check and records the whole record, which passes the catalogue and changes no state', () => {
    // given a submitted case, when the applicant records a repeatability series
    const events = decideAssessment(record(repeatabilityData), stateOf(submitted), at('2026-11-23T05:00:00Z', applicant));
    // then one event carries the inputs, the formula and the result
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.type).toBe(AssessmentEventTypes.TechnicalCheckRecorded);
    expect(event.data).toMatchObject({
      caseId,
      recordedAt: '2026-11-23T05:00:00.000Z',
      check: 'REPEATABILITY',
      record: { check: 'repeatability', formula: 's = sqrt(Σ(x_i − x̄)² / (n − 1))', inputs: { readings, declaredComponent: { value: 0.015, unit: 'mm' } }, pass: true },
    });
    const data = event.data as { record: { result: { s: number; n: number } } };
    expect(data.record.result.n).toBe(10);
    expect(data.record.result.s).toBeCloseTo(0.0149443411809732627, 14);
    expect(eventProblems(event.type, 1, event.data)).toEqual([]);
    expect(stateOf([...submitted, ...events])).toEqual(stateOf(submitted));
  });

  it('records each of the four checks with a record the catalogue accepts', () => {
    const data: TechnicalCheckData[] = [
      repeatabilityData,
      {
        check: 'STABILITY',
        input: {
          groups: [
            { takenOn: '2025-01-15', readings: [100.0, 100.5, 101.0] },
            { takenOn: '2025-02-16', readings: [100.5, 100.75, 101.0] },
            { takenOn: '2025-03-20', readings: [100.0, 100.25, 100.5] },
            { takenOn: '2025-05-02', readings: [100.25, 100.5, 100.75] },
          ],
          unit: 'mV',
          criterion: { kind: 'MPE', value: 0.5, unit: 'mV' },
        },
      },
      { check: 'UNCERTAINTY_BUDGET', input: { components: [{ name: 'repeatability', u: { value: 3, unit: 'mm' }, contributionUnit: 'mm' }, { name: 'resolution', u: { value: 4, unit: 'mm' }, contributionUnit: 'mm' }] } },
      { check: 'VERIFICATION_OF_RESULTS', input: { lab: { y: { value: 10.3, unit: 'kPa' }, U: { value: 0.3, unit: 'kPa' } }, reference: { y: { value: 10, unit: 'kPa' }, U: { value: 0.4, unit: 'kPa' } } } },
    ];
    const outcomes = data.map((d) => {
      const [event] = decideAssessment(record(d), stateOf(evaluating), at('2026-11-26T05:00:00Z', assessorLi));
      expect(eventProblems(event.type, 1, event.data)).toEqual([]);
      const { check, record: r } = event.data as { check: TechnicalCheckData['check']; record: Parameters<typeof summariseTechnicalCheck>[1] };
      return summariseTechnicalCheck(check, r, '2026-11-26T05:00:00.000Z');
    });
    // Stability 0.5 mV equals |MPE|: fails (strictly below); budget 3-4-5; |0.3| ≤ 0.5: passes.
    expect(outcomes.map((o) => [o.check, o.pass])).toEqual([
      ['REPEATABILITY', true],
      ['STABILITY', false],
      ['UNCERTAINTY_BUDGET', null],
      ['VERIFICATION_OF_RESULTS', true],
    ]);
    expect(outcomes[1].result).toEqual({ m: 4, stability: 0.5, limit: 0.5, unit: 'mV' });
    expect(outcomes[2].result).toEqual({ combined: 5, k: 2, expanded: 10, unit: 'mm' });
  });

  it('refuses a record whose data breaks the shape (a mismatched tag or a non-finite number)', () => {
    const [event] = decideAssessment(record(repeatabilityData), stateOf(submitted), at('2026-11-23T05:00:00Z', applicant));
    const data = event.data as { record: { check: string; result: { s: number } } };
    expect(eventProblems(event.type, 1, { ...data, record: { ...data.record, check: 'something-else' } })).toEqual([
      'data.record.check must be one of repeatability, stability, uncertainty-budget, verification-of-results',
    ]);
    expect(eventProblems(event.type, 1, { ...data, record: { ...data.record, result: { ...data.record.result, s: Number.NaN } } })).toEqual(['data.record.result.s must be a finite number']);
  });
});

describe('RecordTechnicalCheck: who may record, and when', () => {
  it('lets the applicant record from submission to rectification', () => {
    for (const [label, history] of [
      ['SUBMITTED', submitted],
      ['SUPPLEMENT_REQUESTED', noticed],
      ['ACCEPTED', accepted],
      ['ASSESSORS_ASSIGNED', assigned],
      ['UNDER_EVALUATION', evaluating],
      ['RECTIFICATION', rectifying],
    ] as const) {
      expect([label, stateOf(history).status, decideAssessment(record(repeatabilityData), stateOf(history), at('2026-11-27T05:00:00Z', applicant)).length]).toEqual([label, label, 1]);
    }
  });

  it('lets an assigned assessor record during the evaluation and the rectification only', () => {
    expect(decideAssessment(record(repeatabilityData), stateOf(evaluating), at('2026-11-26T05:00:00Z', assessorLi))).toHaveLength(1);
    expect(decideAssessment(record(repeatabilityData), stateOf(rectifying), at('2026-11-27T05:00:00Z', assessorLi))).toHaveLength(1);
    const early = refusalOf(assigned, record(repeatabilityData), at('2026-11-25T05:00:00Z', assessorLi));
    expect(early.code).toBe('assessment.step-not-allowed-now');
    expect(early.text.en).toContain('UNDER_EVALUATION or RECTIFICATION');
    expect(early.text['zh-CN']).toContain('由考评员录入技术考核数据');
  });

  it('refuses an expert who is not assigned to the case', () => {
    const refusal = refusalOf(evaluating, record(repeatabilityData), at('2026-11-26T05:00:00Z', bystander));
    expect(refusal.code).toBe('assessment.not-an-assigned-assessor');
    expect(refusal.text['zh-CN']).toContain('只有指派给案件');
  });

  it('refuses another institution, and any role but the applicant and the assessors', () => {
    const other = refusalOf(submitted, record(repeatabilityData), at('2026-11-23T05:00:00Z', otherInstitution));
    expect(other.code).toBe('assessment.not-the-applicant');
    expect(other.text['zh-CN']).toContain('申请单位');
    const secretariat = refusalOf(evaluating, record(repeatabilityData), at('2026-11-26T05:00:00Z', officer));
    expect(secretariat.code).toBe('assessment.technical-data-author');
    expect(secretariat.text.en).toContain('secretariat');
    expect(secretariat.text['zh-CN']).toContain('考评员');
  });

  it('refuses everyone once the evaluation is concluded, and on a case that does not exist', () => {
    expect(refusalOf(concluded, record(repeatabilityData), at('2026-12-01T05:00:00Z', applicant)).code).toBe('assessment.step-not-allowed-now');
    expect(refusalOf(concluded, record(repeatabilityData), at('2026-12-01T05:00:00Z', assessorLi)).code).toBe('assessment.step-not-allowed-now');
    expect(refusalOf([], record(repeatabilityData), at('2026-12-01T05:00:00Z', applicant)).code).toBe('assessment.unknown-case');
  });

  it('checks who and when before the data: a refused actor hears about the rule of the process, not the data', () => {
    const tooFew: TechnicalCheckData = { check: 'REPEATABILITY', input: { readings: { values: [1, 2, 3], unit: 'mm' }, declaredComponent: { value: 1, unit: 'mm' } } };
    expect(refusalOf(concluded, record(tooFew), at('2026-12-01T05:00:00Z', applicant))).not.toBeInstanceOf(InvalidDataError);
  });
});

describe('RecordTechnicalCheck: invalid data', () => {
  it('refuses with the rule the computation names, as invalid data', () => {
    const cases: [TechnicalCheckData, string][] = [
      [{ check: 'REPEATABILITY', input: { readings: { values: [1, 2, 3], unit: 'mm' }, declaredComponent: { value: 1, unit: 'mm' } } }, 'technical.too-few-readings'],
      [{ check: 'REPEATABILITY', input: { readings, declaredComponent: { value: 15, unit: 'µm' } } }, 'technical.unit-mismatch'],
      [
        {
          check: 'STABILITY',
          input: { groups: ['2025-01-15', '2025-02-10', '2025-04-01', '2025-06-01'].map((takenOn) => ({ takenOn, readings: [1, 2, 3] })), unit: 'mV', criterion: { kind: 'MPE', value: 1, unit: 'mV' } },
        },
        'technical.groups-too-close',
      ],
      [{ check: 'UNCERTAINTY_BUDGET', input: { components: [] } }, 'technical.empty-budget'],
      [{ check: 'UNCERTAINTY_BUDGET', input: { components: [{ name: 'a', u: { value: 1, unit: 'mm' }, contributionUnit: 'mm' }], k: 0 } }, 'technical.bad-coverage-factor'],
      [{ check: 'VERIFICATION_OF_RESULTS', input: { lab: { y: { value: 1, unit: 'kPa' }, U: { value: -0.1, unit: 'kPa' } }, reference: { y: { value: 1, unit: 'kPa' }, U: { value: 0.1, unit: 'kPa' } } } }, 'technical.negative-uncertainty'],
    ];
    for (const [data, code] of cases) {
      const refusal = thrownBy(() => decideAssessment(record(data), stateOf(evaluating), at('2026-11-26T05:00:00Z', applicant)), InvalidDataError);
      expect([data.check, refusal.code]).toEqual([data.check, code]);
      expect(refusal.text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
