import { describe, expect, it } from '@jest/globals';
import { eventProblems } from '../../events/catalogue.js';
import { ComparisonEventTypes, type ComparisonEvent, type ComparisonProtocol, type DraftAIssuedV1 } from '../../events/comparison.events.js';
import { SHAPE_OUTLIER_SCREENINGS, SHAPE_REFERENCE_METHODS } from '../../events/comparison.shapes.js';
import {
  decideComparison,
  evolveComparison,
  initialComparisonState,
  type ComparisonCommand,
  type ComparisonContext,
  type ComparisonState,
} from '../../src/comparisons/domain/comparison.js';
import { evaluateComparison, OUTLIER_SCREENINGS, REFERENCE_METHODS } from '../../src/comparisons/domain/evaluation.js';
import { DomainError, InvalidDataError } from '../../src/shared/domain-error.js';
import { thrownBy } from '../support/thrown.js';

/**
 * The comparison process (比对) as given/when/then on the pure decider: every transition and the
 * refusals that guard it. Every event decided here is also checked against the event catalogue's shape.
 */
const id = 'cmp-1';
const PILOT = 'pilot-lab';
const [A, B, C, D] = ['lab-a', 'lab-b', 'lab-c', 'lab-d'];
const NOW = new Date('2027-01-04T02:00:00Z');
const organiser: ComparisonContext = { now: NOW, actorRole: 'secretariat' };
const lab = (institutionId: string): ComparisonContext => ({ now: NOW, actorRole: 'institution', actorInstitutionId: institutionId });
const pilot = lab(PILOT);

const protocol = (overrides: Partial<ComparisonProtocol> = {}): ComparisonProtocol => ({
  measurand: 'mass',
  unit: 'mg',
  transferStandard: { name: '1 kg weight', id: 'TS-1' },
  scheme: 'RING',
  legs: [
    { participant: A, dueDate: '2027-02-01' },
    { participant: B, dueDate: '2027-03-01' },
    { participant: C, dueDate: '2027-04-01' },
    { participant: D, dueDate: '2027-05-01' },
  ],
  referenceMethod: 'weighted-mean',
  ...overrides,
});

/** Decides each command on the state so far, checks each event's shape, and folds it in. */
function run(state: ComparisonState, ...steps: [ComparisonCommand, ComparisonContext][]): { state: ComparisonState; events: ComparisonEvent[] } {
  const events: ComparisonEvent[] = [];
  for (const [command, context] of steps) {
    const decided = decideComparison(command, state, context);
    for (const event of decided) expect({ type: event.type, problems: eventProblems(event.type, 1, event.data) }).toEqual({ type: event.type, problems: [] });
    events.push(...decided);
    state = decided.reduce(evolveComparison, state);
  }
  return { state, events };
}
const refusalOf = (fn: () => unknown): DomainError => thrownBy(fn, DomainError);

const propose: ComparisonCommand = { type: 'ProposeComparison', comparisonId: id, title: '1 kg weights 2027', measurand: 'mass', pilotInstitutionId: PILOT, participants: [A, B, C, D] };
const consultAll = (...labs: string[]) => labs.map((l): [ComparisonCommand, ComparisonContext] => [{ type: 'ConsultProtocol', comparisonId: id, agreed: true }, lab(l)]);
const proposed = () => run(initialComparisonState, [propose, organiser]).state;
const approved = () => run(proposed(), [{ type: 'ApproveComparison', comparisonId: id }, organiser]).state;
const drafted = (p: ComparisonProtocol = protocol()) => run(approved(), [{ type: 'DraftProtocol', comparisonId: id, protocol: p }, pilot]).state;
const agreed = (p?: ComparisonProtocol) => run(drafted(p), ...consultAll(A, B, C, D)).state;
const preTested = (p?: ComparisonProtocol) => run(agreed(p), [{ type: 'RecordStabilityCheck', comparisonId: id, stage: 'PRE_TEST', stable: true, summary: 'drift 0.01 mg over 4 weeks' }, pilot]).state;
const circulating = (p?: ComparisonProtocol) => run(preTested(p), [{ type: 'StartCirculation', comparisonId: id }, pilot]).state;
const handOver = (by: string): [ComparisonCommand, ComparisonContext] => [{ type: 'HandOverTransferStandard', comparisonId: id }, lab(by)];
const receive = (by: string): [ComparisonCommand, ComparisonContext] => [{ type: 'ReceiveTransferStandard', comparisonId: id }, lab(by)];
const result = (value: number, expandedUncertainty = 0.1, unit = 'mg') => ({ value, expandedUncertainty, coverageFactor: 2, unit });
const submit = (by: string, value: number, U = 0.1): [ComparisonCommand, ComparisonContext] => [{ type: 'SubmitResult', comparisonId: id, result: result(value, U) }, lab(by)];
/** A ring circulated to the end, the standard back with the pilot. */
const ringDone = () => run(circulating(), handOver(PILOT), receive(A), handOver(A), receive(B), handOver(B), receive(C), handOver(C), receive(D), handOver(D), receive(PILOT)).state;
/** Every lab's result in; D's is far off (|En| > 1). */
const VALUES: Record<string, [number, number]> = { [PILOT]: [0.0, 0.1], [A]: [0.02, 0.1], [B]: [-0.03, 0.12], [C]: [0.05, 0.15], [D]: [0.6, 0.2] };
const locked = () => run(ringDone(), ...Object.entries(VALUES).map(([l, [v, u]]) => submit(l, v, u))).state;
const draftA = () => run(locked(), [{ type: 'IssueDraftA', comparisonId: id }, pilot]);
const published = () =>
  run(
    draftA().state,
    [{ type: 'IssueDraftB', comparisonId: id, summary: 'No comments on Draft A' }, pilot],
    [{ type: 'ApproveReport', comparisonId: id }, organiser],
    [{ type: 'PublishReport', comparisonId: id }, organiser],
  ).state;

describe('comparison: proposal and approval', () => {
  it('given nothing, when the organiser proposes, then the comparison is PROPOSED with its pilot and participants', () => {
    const { state, events } = run(initialComparisonState, [propose, organiser]);
    expect(events.map((e) => e.type)).toEqual([ComparisonEventTypes.Proposed]);
    expect(state).toMatchObject({ status: 'PROPOSED', pilotInstitutionId: PILOT, participants: [A, B, C, D] });
  });

  it('refuses a proposal by an institution, with the pilot among the participants, with fewer than 2 participants, and a second one', () => {
    expect(refusalOf(() => decideComparison(propose, initialComparisonState, pilot)).code).toBe('comparison.organiser-only');
    expect(thrownBy(() => decideComparison({ ...propose, participants: [A, PILOT] }, initialComparisonState, organiser), InvalidDataError).code).toBe('comparison.pilot-among-participants');
    expect(thrownBy(() => decideComparison({ ...propose, participants: [A] }, initialComparisonState, organiser), InvalidDataError).code).toBe('comparison.participants');
    expect(thrownBy(() => decideComparison({ ...propose, participants: [A, A] }, initialComparisonState, organiser), InvalidDataError).code).toBe('comparison.participants');
    const refusal = refusalOf(() => decideComparison(propose, proposed(), organiser));
    expect(refusal.code).toBe('comparison.already-proposed');
    expect(refusal.text['zh-CN']).toContain('已提出');
  });

  it('given a proposal, the organiser approves it; the pilot may not, nor may it be approved twice', () => {
    expect(approved().status).toBe('APPROVED');
    expect(refusalOf(() => decideComparison({ type: 'ApproveComparison', comparisonId: id }, proposed(), pilot)).code).toBe('comparison.organiser-only');
    expect(refusalOf(() => decideComparison({ type: 'ApproveComparison', comparisonId: id }, approved(), organiser)).code).toBe('comparison.step-not-allowed-now');
    expect(refusalOf(() => decideComparison({ type: 'ApproveComparison', comparisonId: 'other' }, initialComparisonState, organiser)).code).toBe('comparison.unknown');
  });
});

describe('comparison: the protocol and the consultation of every participant', () => {
  it('given approval, the pilot drafts the protocol; a participant or the organiser may not', () => {
    expect(drafted()).toMatchObject({ status: 'PROTOCOL_DRAFTED', protocolVersion: 1 });
    const draft: ComparisonCommand = { type: 'DraftProtocol', comparisonId: id, protocol: protocol() };
    expect(refusalOf(() => decideComparison(draft, approved(), lab(A))).code).toBe('comparison.pilot-only');
    expect(refusalOf(() => decideComparison(draft, approved(), organiser)).code).toBe('comparison.pilot-only');
    expect(refusalOf(() => decideComparison(draft, proposed(), pilot)).code).toBe('comparison.step-not-allowed-now');
  });

  it('refuses a protocol without exactly one leg per participant, with an impossible due date, or with due dates going backwards', () => {
    const draft = (p: ComparisonProtocol) => () => decideComparison({ type: 'DraftProtocol', comparisonId: id, protocol: p }, approved(), pilot);
    const legs = protocol().legs;
    expect(thrownBy(draft(protocol({ legs: legs.slice(0, 3) })), InvalidDataError).code).toBe('comparison.one-leg-per-participant');
    expect(thrownBy(draft(protocol({ legs: [...legs.slice(0, 3), { participant: A, dueDate: '2027-06-01' }] })), InvalidDataError).code).toBe('comparison.one-leg-per-participant');
    expect(thrownBy(draft(protocol({ legs: [{ participant: A, dueDate: '2027-02-30' }, ...legs.slice(1)] })), InvalidDataError).code).toBe('comparison.leg-due-date');
    expect(thrownBy(draft(protocol({ legs: [legs[1], legs[0], legs[2], legs[3]] })), InvalidDataError).code).toBe('comparison.legs-out-of-order');
  });

  it('agrees the protocol only when every participant has agreed, with the last agreement', () => {
    const three = run(drafted(), ...consultAll(A, B, C));
    expect(three.state.status).toBe('PROTOCOL_DRAFTED');
    expect(three.events.map((e) => e.type)).toEqual(Array(3).fill(ComparisonEventTypes.ProtocolConsulted));
    const all = run(three.state, ...consultAll(D));
    expect(all.events.map((e) => e.type)).toEqual([ComparisonEventTypes.ProtocolConsulted, ComparisonEventTypes.ProtocolAgreed]);
    expect(all.state.status).toBe('PROTOCOL_AGREED');
  });

  it('an objection keeps the protocol in draft; the redraft opens a new consultation of everyone', () => {
    const objected = run(drafted(), ...consultAll(A, B, C), [{ type: 'ConsultProtocol', comparisonId: id, agreed: false, objections: ['Leg too short'] }, lab(D)]).state;
    expect(objected.status).toBe('PROTOCOL_DRAFTED');
    const redrafted = run(objected, [{ type: 'DraftProtocol', comparisonId: id, protocol: protocol({ legs: protocol().legs.map((l, i) => (i === 3 ? { ...l, dueDate: '2027-06-01' } : l)) }) }, pilot]).state;
    expect(redrafted).toMatchObject({ status: 'PROTOCOL_DRAFTED', protocolVersion: 2, consultations: {} });
    // D alone agreeing the new version is not enough: A, B and C are consulted again.
    expect(run(redrafted, ...consultAll(D)).state.status).toBe('PROTOCOL_DRAFTED');
    expect(run(redrafted, ...consultAll(D, A, B, C)).state.status).toBe('PROTOCOL_AGREED');
  });

  it('refuses an objection without reasons, an agreement with objections, a second answer, and an answer by the pilot or an outsider', () => {
    const consult = (agreed: boolean, objections: string[] | undefined, by: string, state = drafted()) => () =>
      decideComparison({ type: 'ConsultProtocol', comparisonId: id, agreed, ...(objections ? { objections } : {}) }, state, lab(by));
    expect(thrownBy(consult(false, undefined, A), InvalidDataError).code).toBe('comparison.objection-needs-reasons');
    expect(thrownBy(consult(true, ['but'], A), InvalidDataError).code).toBe('comparison.agreement-with-objections');
    expect(refusalOf(consult(true, undefined, A, run(drafted(), ...consultAll(A)).state)).code).toBe('comparison.already-consulted');
    expect(refusalOf(consult(true, undefined, PILOT)).code).toBe('comparison.participant-only');
    expect(refusalOf(consult(true, undefined, 'lab-x')).code).toBe('comparison.participant-only');
  });
});

describe('comparison: pre-test and circulation', () => {
  it('an unstable pre-test is recorded but the comparison waits; a stable one makes it PRE_TESTED; circulation starts only then', () => {
    const unstable = run(agreed(), [{ type: 'RecordStabilityCheck', comparisonId: id, stage: 'PRE_TEST', stable: false, summary: 'drift 0.3 mg' }, pilot]).state;
    expect(unstable.status).toBe('PROTOCOL_AGREED');
    expect(unstable.stabilityChecks).toHaveLength(1);
    expect(refusalOf(() => decideComparison({ type: 'StartCirculation', comparisonId: id }, unstable, pilot)).code).toBe('comparison.step-not-allowed-now');
    expect(preTested().status).toBe('PRE_TESTED');
    expect(refusalOf(() => decideComparison({ type: 'RecordStabilityCheck', comparisonId: id, stage: 'PRE_TEST', stable: true, summary: 'ok' }, agreed(), lab(A))).code).toBe('comparison.pilot-only');
    expect(refusalOf(() => decideComparison({ type: 'StartCirculation', comparisonId: id }, preTested(), lab(A))).code).toBe('comparison.pilot-only');
    expect(circulating()).toMatchObject({ status: 'CIRCULATING', custody: { holder: PILOT } });
  });

  it('a ring runs the legs in order and returns to the pilot after the last', () => {
    const { events, state } = run(circulating(), handOver(PILOT), receive(A), handOver(A), receive(B));
    expect(events.filter((e) => e.type === ComparisonEventTypes.TransferStandardHandedOver).map((e) => e.data)).toMatchObject([
      { from: PILOT, to: A },
      { from: A, to: B },
    ]);
    expect(state.custody).toMatchObject({ holder: B });
    expect(ringDone().custody).toMatchObject({ holder: PILOT });
    expect(ringDone().legs!.every((l) => l.receivedAt && l.handedOverAt)).toBe(true);
    expect(refusalOf(() => decideComparison(handOver(PILOT)[0], ringDone(), pilot)).code).toBe('comparison.circulation-complete');
  });

  it('refuses a hand-over by who does not hold the standard and a receipt by who it was not sent to', () => {
    const inTransit = run(circulating(), handOver(PILOT)).state;
    expect(refusalOf(() => decideComparison(handOver(A)[0], circulating(), lab(A))).code).toBe('comparison.not-the-holder');
    expect(refusalOf(() => decideComparison(receive(B)[0], inTransit, lab(B))).code).toBe('comparison.not-the-recipient');
    expect(refusalOf(() => decideComparison(receive('lab-x')[0], inTransit, lab('lab-x'))).code).toBe('comparison.lab-only');
  });

  it('in a star scheme the standard returns to the pilot after each leg, and the pilot must find it stable before the next leg', () => {
    const star = circulating(protocol({ scheme: 'STAR' }));
    const back = run(star, handOver(PILOT), receive(A), handOver(A), receive(PILOT));
    expect(back.events.filter((e) => e.type === ComparisonEventTypes.TransferStandardHandedOver).map((e) => e.data)).toMatchObject([
      { from: PILOT, to: A },
      { from: A, to: PILOT },
    ]);
    const refusal = refusalOf(() => decideComparison(handOver(PILOT)[0], back.state, pilot));
    expect(refusal.code).toBe('comparison.star-stability-check-required');
    expect(refusal.text['zh-CN']).toContain('星式');
    const check = (stable: boolean): [ComparisonCommand, ComparisonContext] => [{ type: 'RecordStabilityCheck', comparisonId: id, stage: 'BETWEEN_LEGS', stable, summary: 'checked against the pilot reference' }, pilot];
    const unstable = run(back.state, check(false)).state;
    expect(refusalOf(() => decideComparison(handOver(PILOT)[0], unstable, pilot)).code).toBe('comparison.star-stability-check-required');
    const checked = run(back.state, check(true));
    expect(checked.events[0].data).toMatchObject({ stage: 'BETWEEN_LEGS', afterLeg: A, stable: true });
    expect(run(checked.state, handOver(PILOT)).events[0].data).toMatchObject({ from: PILOT, to: B });
  });

  it('refuses a stability check between legs in a ring, or while the standard is away from the pilot', () => {
    const check: ComparisonCommand = { type: 'RecordStabilityCheck', comparisonId: id, stage: 'BETWEEN_LEGS', stable: true, summary: 'x' };
    expect(refusalOf(() => decideComparison(check, run(circulating(), handOver(PILOT), receive(A)).state, pilot)).code).toBe('comparison.stability-check-between-legs');
    const star = run(circulating(protocol({ scheme: 'STAR' })), handOver(PILOT), receive(A)).state;
    expect(refusalOf(() => decideComparison(check, star, pilot)).code).toBe('comparison.stability-check-between-legs');
  });
});

describe('comparison: results locked on submission, corrections only before Draft A', () => {
  it('a participant submits after receiving the standard; the result is locked: a second submission is refused', () => {
    const atA = run(circulating(), handOver(PILOT), receive(A)).state;
    expect(refusalOf(() => decideComparison(submit(B, 0.1)[0], atA, lab(B))).code).toBe('comparison.result-before-measurement');
    const submitted = run(atA, submit(A, 0.02)).state;
    expect(submitted.results![A].result).toEqual(result(0.02));
    const refusal = refusalOf(() => decideComparison(submit(A, 0.03)[0], submitted, lab(A)));
    expect(refusal.code).toBe('comparison.result-locked');
    expect(refusal.text['zh-CN']).toContain('锁定');
  });

  it('refuses a result in another unit than the protocol’s, and one by an outsider', () => {
    const atA = run(circulating(), handOver(PILOT), receive(A)).state;
    expect(thrownBy(() => decideComparison({ type: 'SubmitResult', comparisonId: id, result: result(0.02, 0.1, 'g') }, atA, lab(A)), InvalidDataError).code).toBe('comparison.unit-differs');
    expect(refusalOf(() => decideComparison(submit('lab-x', 1)[0], atA, lab('lab-x'))).code).toBe('comparison.lab-only');
  });

  it('locks the results when the last lab’s result is in', () => {
    const almost = run(ringDone(), ...Object.entries(VALUES).slice(0, 4).map(([l, [v, u]]) => submit(l, v, u))).state;
    expect(almost.status).toBe('CIRCULATING');
    const last = run(almost, submit(D, 0.6, 0.2));
    expect(last.events.map((e) => e.type)).toEqual([ComparisonEventTypes.ResultSubmitted, ComparisonEventTypes.ResultsLocked]);
    expect(last.state.status).toBe('RESULTS_LOCKED');
  });

  it('a correction is a written, reasoned request decided by the pilot; accepted, it replaces the locked result', () => {
    const request: ComparisonCommand = { type: 'RequestCorrection', comparisonId: id, reasons: 'Air buoyancy correction applied twice', corrected: result(0.1, 0.2) };
    expect(thrownBy(() => decideComparison({ ...request, reasons: 'typo' }, locked(), lab(D)), InvalidDataError).code).toBe('comparison.correction-needs-reasons');
    const requested = run(locked(), [request, lab(D)]).state;
    expect(refusalOf(() => decideComparison(request, requested, lab(D))).code).toBe('comparison.correction-pending');
    expect(refusalOf(() => decideComparison({ type: 'IssueDraftA', comparisonId: id }, requested, pilot)).code).toBe('comparison.correction-pending');
    const decide = (decision: 'ACCEPTED' | 'REJECTED'): ComparisonCommand => ({ type: 'DecideCorrection', comparisonId: id, lab: D, decision, reasons: 'Worksheet checked' });
    expect(refusalOf(() => decideComparison(decide('ACCEPTED'), requested, lab(A))).code).toBe('comparison.pilot-only');
    const accepted = run(requested, [decide('ACCEPTED'), pilot]).state;
    expect(accepted.results![D]).toMatchObject({ result: result(0.1, 0.2), corrections: 1 });
    const rejected = run(requested, [decide('REJECTED'), pilot]).state;
    expect(rejected.results![D].result).toEqual(result(0.6, 0.2));
    expect(refusalOf(() => decideComparison(decide('ACCEPTED'), rejected, pilot)).code).toBe('comparison.no-pending-correction');
  });

  it("the pilot's own correction is decided by the organiser, not by the pilot", () => {
    const requested = run(locked(), [{ type: 'RequestCorrection', comparisonId: id, reasons: 'Wrong temperature correction', corrected: result(0.01) }, pilot]).state;
    const decide: ComparisonCommand = { type: 'DecideCorrection', comparisonId: id, lab: PILOT, decision: 'ACCEPTED', reasons: 'Agreed' };
    expect(refusalOf(() => decideComparison(decide, requested, pilot)).code).toBe('comparison.organiser-only');
    expect(run(requested, [decide, organiser]).state.results![PILOT].result.value).toBe(0.01);
  });

  it('refuses a correction request, or a decision, once Draft A is issued', () => {
    const issued = draftA().state;
    const refusal = refusalOf(() => decideComparison({ type: 'RequestCorrection', comparisonId: id, reasons: 'Air buoyancy correction applied twice', corrected: result(0.1) }, issued, lab(D)));
    expect(refusal.code).toBe('comparison.step-not-allowed-now');
    expect(refusal.text.en).toContain('only before Draft A');
    expect(refusalOf(() => decideComparison({ type: 'DecideCorrection', comparisonId: id, lab: D, decision: 'ACCEPTED', reasons: 'x' }, issued, pilot)).code).toBe('comparison.step-not-allowed-now');
  });
});

describe('comparison: Draft A, report, publication and follow-up', () => {
  it('Draft A records the evaluation of the locked results by the protocol’s method, and recomputing from the event gives the same numbers', () => {
    const { events, state } = draftA();
    expect(state.status).toBe('DRAFT_A');
    const data = events[0].data as DraftAIssuedV1;
    expect(data.input).toEqual({ method: 'weighted-mean', unit: 'mg', results: Object.entries(VALUES).map(([l, [v, u]]) => ({ lab: l, value: v, expandedUncertainty: u, coverageFactor: 2 })) });
    // Through JSON, as the store keeps it: the recomputation from the stored input is the stored evaluation.
    const stored = JSON.parse(JSON.stringify(data)) as DraftAIssuedV1;
    expect(evaluateComparison(stored.input)).toEqual(stored.evaluation);
    expect(stored.evaluation.results.filter((r) => r.satisfactory === false).map((r) => r.lab)).toEqual([D]);
    expect(stored.evaluation.reference.unit).toBe('mg');
  });

  it('Draft A with the pilot method and a declared instability records both, and u_tr enters every En', () => {
    const state = run(
      ringDone(),
      ...Object.entries(VALUES).map(([l, [v, u]]) => submit(l, v, u)),
    ).state;
    const withPilot: ComparisonState = { ...state, protocol: { ...state.protocol!, referenceMethod: 'pilot', transferStandardUncertainty: 0.02 } };
    const [event] = decideComparison({ type: 'IssueDraftA', comparisonId: id }, withPilot, pilot);
    const data = event.data as DraftAIssuedV1;
    expect(data.input).toMatchObject({ method: 'pilot', pilotLab: PILOT, transferStandardUncertainty: 0.02 });
    expect(eventProblems(event.type, 1, data)).toEqual([]);
    expect(data.evaluation.results.find((r) => r.lab === PILOT)).toMatchObject({ en: null, satisfactory: null });
    expect(data.evaluation.results.filter((r) => r.lab !== PILOT).map((r) => r.formula.includes('u_tr²'))).toEqual([true, true, true, true]);
    expect(data.evaluation.transferStandardUncertainty).toEqual({ value: 0.02, unit: 'mg', coverageFactor: 1 });
    expect(evaluateComparison(data.input)).toEqual(data.evaluation);
  });

  it('only the pilot issues Draft A, only with the results locked; then Draft B, the organiser’s approval and publication', () => {
    expect(refusalOf(() => decideComparison({ type: 'IssueDraftA', comparisonId: id }, ringDone(), pilot)).code).toBe('comparison.step-not-allowed-now');
    expect(refusalOf(() => decideComparison({ type: 'IssueDraftA', comparisonId: id }, locked(), lab(A))).code).toBe('comparison.pilot-only');
    expect(refusalOf(() => decideComparison({ type: 'ApproveReport', comparisonId: id }, draftA().state, organiser)).code).toBe('comparison.step-not-allowed-now');
    const b = run(draftA().state, [{ type: 'IssueDraftB', comparisonId: id, summary: 'No comments' }, pilot]).state;
    expect(b.status).toBe('DRAFT_B');
    expect(refusalOf(() => decideComparison({ type: 'ApproveReport', comparisonId: id }, b, pilot)).code).toBe('comparison.organiser-only');
    const approvedReport = run(b, [{ type: 'ApproveReport', comparisonId: id }, organiser]).state;
    expect(approvedReport.status).toBe('REPORT_APPROVED');
    expect(refusalOf(() => decideComparison({ type: 'PublishReport', comparisonId: id }, approvedReport, pilot)).code).toBe('comparison.organiser-only');
  });

  it('publication opens a follow-up for each unsatisfactory lab: cause analysis, then corrective action, then the organiser closes it', () => {
    const state = published();
    expect(state.status).toBe('FOLLOW_UP');
    expect(state.followUps).toEqual([{ lab: D, en: expect.any(Number), dueAt: expect.any(String) }]);
    expect(Math.abs(state.followUps![0].en!)).toBeGreaterThan(1);
    const action: ComparisonCommand = { type: 'RecordCorrectiveAction', comparisonId: id, action: 'Balance recalibrated', reComparison: true };
    expect(refusalOf(() => decideComparison(action, state, lab(D))).code).toBe('comparison.cause-analysis-first');
    expect(refusalOf(() => decideComparison({ type: 'RecordCauseAnalysis', comparisonId: id, analysis: 'x' }, state, lab(A))).code).toBe('comparison.no-open-follow-up');
    const close: ComparisonCommand = { type: 'CloseFollowUp', comparisonId: id, lab: D, summary: 'Verified' };
    expect(refusalOf(() => decideComparison(close, state, organiser)).code).toBe('comparison.follow-up-incomplete');
    const analysed = run(state, [{ type: 'RecordCauseAnalysis', comparisonId: id, analysis: 'Balance outside its temperature range' }, lab(D)], [action, lab(D)]).state;
    expect(analysed.followUps![0]).toMatchObject({ causeAnalysis: { analysis: 'Balance outside its temperature range' }, correctiveAction: { reComparison: true } });
    expect(refusalOf(() => decideComparison(close, analysed, lab(D))).code).toBe('comparison.organiser-only');
    const closed = run(analysed, [close, organiser]).state;
    expect(closed.status).toBe('CLOSED');
    expect(refusalOf(() => decideComparison(close, closed, organiser)).code).toBe('comparison.step-not-allowed-now');
  });

  it('a comparison with every lab satisfactory is PUBLISHED with no follow-up', () => {
    const fine = run(ringDone(), ...Object.entries({ ...VALUES, [D]: [0.04, 0.2] as [number, number] }).map(([l, [v, u]]) => submit(l, v, u))).state;
    const state = run(
      fine,
      [{ type: 'IssueDraftA', comparisonId: id }, pilot],
      [{ type: 'IssueDraftB', comparisonId: id, summary: 'No comments' }, pilot],
      [{ type: 'ApproveReport', comparisonId: id }, organiser],
      [{ type: 'PublishReport', comparisonId: id }, organiser],
    ).state;
    expect(state).toMatchObject({ status: 'PUBLISHED', followUps: [] });
  });
});

describe('comparison events in the catalogue', () => {
  it('the shapes name the same methods and screenings as the evaluation', () => {
    expect([...SHAPE_REFERENCE_METHODS]).toEqual([...REFERENCE_METHODS]);
    expect([...SHAPE_OUTLIER_SCREENINGS]).toEqual([...OUTLIER_SCREENINGS]);
  });

  it('refuses a Draft A event whose evaluation lacks a field or carries a null where a number belongs', () => {
    const data = draftA().events[0].data as DraftAIssuedV1;
    const { formula: _formula, ...withoutFormula } = data.evaluation;
    expect(eventProblems(ComparisonEventTypes.DraftAIssued, 1, { ...data, evaluation: withoutFormula })).toEqual(['data.evaluation.formula is required']);
    const nullValue = { ...data, evaluation: { ...data.evaluation, reference: { ...data.evaluation.reference, value: null } } };
    expect(eventProblems(ComparisonEventTypes.DraftAIssued, 1, nullValue)).toEqual(['data.evaluation.reference.value must be a finite number']);
  });
});
