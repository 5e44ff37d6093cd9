import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { CertificateEventTypes } from '../../events/certificate.events.js';
import type { EventMetadata } from '../../events/metadata.js';
import { caseTimeline, summaryOf, type TimelineSourceEvent } from '../../src/standards/domain/case-timeline.js';

/** The case timeline (案件时间线) from recorded events: order, actors, summaries, and the time limits kept or missed. */
const caseId = 'case-tl';
const limit = (dueAt: string, workingDays = 5) => ({ dueAt, workingDays, calendar: 'cn-official/2026' });
const applicant: EventMetadata = { commandId: 'c', actorId: 'engineer-1', role: 'institution', institutionId: 'inst-1', correlationId: 'corr-1' };
const officer: EventMetadata = { commandId: 'c', actorId: 'officer-1', role: 'secretariat', correlationId: 'corr-2', policyVersion: 'national-default/2026.1' };
const assessor: EventMetadata = { commandId: 'c', actorId: 'exp-1', role: 'expert', correlationId: 'corr-3' };
const timer: EventMetadata = { commandId: 'c', actorId: 'system:workflow', role: 'system', correlationId: 'corr-4', causationId: 'evt-1', workflowId: `assessment-case-${caseId}` };

/** Events as recorded, one global position after the other in the given order; recordedAt is the step's own time. */
function recorded(...steps: [type: string, data: Record<string, unknown>, metadata: EventMetadata, stream?: 'certificate'][]): TimelineSourceEvent[] {
  const revisions = new Map<string, number>();
  return steps.map(([type, data, metadata, stream], index) => {
    const streamId = stream === 'certificate' ? `certificate-${caseId}` : `assessment-${caseId}`;
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const at = Object.entries(data).find(([key, value]) => key.endsWith('At') && typeof value === 'string')?.[1] as string;
    return { streamId, revision, globalPosition: 100 + index, type, data: { caseId, ...data }, recordedAt: at, metadata, hash: `hash-${index}` };
  });
}

const submitted = [AssessmentEventTypes.ApplicationSubmitted, { kind: 'NEW', institutionId: 'inst-1', standard: { name: 'BP standard', category: 'PUBLIC', measurand: 'pressure' }, submittedAt: '2026-11-23T02:00:00.000Z', acceptanceDeadline: limit('2026-11-30T16:00:00.000Z') }, applicant] as const;

describe('case timeline: the events', () => {
  it('lists the case and certificate events in global order, each with its actor, ids, policy version, hash and summary', () => {
    // given the case's events and its certificate's, handed over out of order
    const events = recorded(
      [...submitted],
      [AssessmentEventTypes.ApplicationAccepted, { acceptedAt: '2026-11-24T02:00:00.000Z' }, officer],
      [CertificateEventTypes.RenewalDue, { certificateNo: 'No.1', institutionId: 'inst-1', validUntil: '2031-11-30', dueOn: '2031-05-30', notifiedAt: '2031-05-29T16:00:00.000Z' }, timer, 'certificate'],
    );
    // when the timeline is computed
    const timeline = caseTimeline(caseId, [events[2], events[0], events[1]]);
    // then the entries follow the global position
    expect(timeline.caseId).toBe(caseId);
    expect(timeline.events.map((e) => [e.globalPosition, e.streamId, e.revision, e.type])).toEqual([
      [100, `assessment-${caseId}`, 0, AssessmentEventTypes.ApplicationSubmitted],
      [101, `assessment-${caseId}`, 1, AssessmentEventTypes.ApplicationAccepted],
      [102, `certificate-${caseId}`, 0, CertificateEventTypes.RenewalDue],
    ]);
    expect(timeline.events[0]).toEqual({
      streamId: `assessment-${caseId}`,
      revision: 0,
      globalPosition: 100,
      type: AssessmentEventTypes.ApplicationSubmitted,
      recordedAt: '2026-11-23T02:00:00.000Z',
      actor: { id: 'engineer-1', role: 'institution', institutionId: 'inst-1' },
      correlationId: 'corr-1',
      hash: 'hash-0',
      summary: {
        en: 'Application submitted for a new standard: "BP standard" (PUBLIC); acceptance due by 2026-11-30T16:00:00.000Z.',
        'zh-CN': '提交新建考核申请：“BP standard”（PUBLIC）；受理期限至 2026-11-30T16:00:00.000Z。',
      },
    });
    expect(timeline.events[1]).toMatchObject({ actor: { id: 'officer-1', role: 'secretariat' }, policyVersion: 'national-default/2026.1', summary: { en: 'Application accepted.', 'zh-CN': '申请已受理。' } });
    expect(timeline.events[1].actor).not.toHaveProperty('institutionId');
    expect(timeline.events[2]).toMatchObject({ actor: { id: 'system:workflow', role: 'system' }, causationId: 'evt-1', workflowId: `assessment-case-${caseId}` });
    expect(timeline.events[2].summary['zh-CN']).toBe('证书 No.1 到期待复查（有效期至 2031-11-30）。');
  });

  it('summarises a technical check, and names an event type it does not know', () => {
    const budget = {
      type: AssessmentEventTypes.TechnicalCheckRecorded,
      data: { caseId, recordedAt: '2026-11-26T02:00:00.000Z', check: 'UNCERTAINTY_BUDGET', record: { check: 'uncertainty-budget', result: { k: 2, expanded: { value: 10, unit: 'mm' } } } },
    };
    expect(summaryOf(budget)).toEqual({ en: 'Uncertainty budget recorded: U = 10 mm (k = 2).', 'zh-CN': '录入测量不确定度评定：U = 10 mm（k = 2）。' });
    const failed = { type: AssessmentEventTypes.TechnicalCheckRecorded, data: { caseId, recordedAt: 'x', check: 'STABILITY', record: { check: 'stability', pass: false } } };
    expect(summaryOf(failed)).toEqual({ en: 'Stability check recorded: fail.', 'zh-CN': '录入稳定性考核结果：不合格。' });
    const attached = {
      type: AssessmentEventTypes.DocumentsAttached,
      data: { caseId, attachedAt: 'x', purpose: 'RECTIFICATION', documents: [{ sha256: 'ab', name: 'budget.pdf', kind: 'RECTIFICATION_EVIDENCE', size: 3 }] },
    };
    expect(summaryOf(attached)).toEqual({ en: '1 document(s) attached as rectification evidence: budget.pdf.', 'zh-CN': '整改附材料 1 份：budget.pdf。' });
    expect(summaryOf({ type: 'standards.assessment.something-new', data: {} })).toEqual({
      en: 'standards.assessment.something-new recorded.',
      'zh-CN': '记录事件 standards.assessment.something-new。',
    });
  });
});

describe('case timeline: the time limits', () => {
  it('keeps the acceptance limit answered by a supplement notice, then by an acceptance in the new window', () => {
    const { deadlines } = caseTimeline(
      caseId,
      recorded(
        [...submitted],
        [AssessmentEventTypes.SupplementRequested, { requestedAt: '2026-11-25T02:00:00.000Z', missing: ['technical report'] }, officer],
        [AssessmentEventTypes.ApplicationResubmitted, { resubmittedAt: '2026-12-01T02:00:00.000Z', acceptanceDeadline: limit('2026-12-08T16:00:00.000Z') }, applicant],
        [AssessmentEventTypes.ApplicationAccepted, { acceptedAt: '2026-12-08T15:59:59.999Z' }, officer],
      ),
    );
    expect(deadlines).toEqual([
      {
        step: 'ACCEPTANCE',
        dueAt: '2026-11-30T16:00:00.000Z',
        calendar: 'cn-official/2026',
        workingDays: 5,
        kept: true,
        closedAt: '2026-11-25T02:00:00.000Z',
        openedBy: { type: AssessmentEventTypes.ApplicationSubmitted, globalPosition: 100 },
        closedBy: { type: AssessmentEventTypes.SupplementRequested, globalPosition: 101 },
      },
      {
        step: 'ACCEPTANCE',
        dueAt: '2026-12-08T16:00:00.000Z',
        calendar: 'cn-official/2026',
        workingDays: 5,
        kept: true,
        closedAt: '2026-12-08T15:59:59.999Z',
        openedBy: { type: AssessmentEventTypes.ApplicationResubmitted, globalPosition: 102 },
        closedBy: { type: AssessmentEventTypes.ApplicationAccepted, globalPosition: 103 },
      },
    ]);
  });

  it('counts an acceptance at or after the due instant, and a deemed acceptance, as a missed acceptance limit', () => {
    const late = caseTimeline(caseId, recorded([...submitted], [AssessmentEventTypes.ApplicationAccepted, { acceptedAt: '2026-11-30T16:00:00.000Z' }, officer]));
    expect(late.deadlines.map((d) => [d.step, d.kept, d.closedAt])).toEqual([['ACCEPTANCE', false, '2026-11-30T16:00:00.000Z']]);
    const deemed = caseTimeline(
      caseId,
      recorded([...submitted], [AssessmentEventTypes.ApplicationDeemedAccepted, { acceptedAt: '2026-11-30T16:00:03.000Z', deadline: limit('2026-11-30T16:00:00.000Z') }, timer]),
    );
    expect(deemed.deadlines.map((d) => [d.step, d.kept, d.closedBy?.type])).toEqual([['ACCEPTANCE', false, AssessmentEventTypes.ApplicationDeemedAccepted]]);
  });

  it('leaves a limit nothing has answered yet open', () => {
    const { deadlines } = caseTimeline(caseId, recorded([...submitted]));
    expect(deadlines).toEqual([expect.objectContaining({ step: 'ACCEPTANCE', kept: 'open' })]);
    expect(deadlines[0]).not.toHaveProperty('closedAt');
  });

  it('keeps a rectification submitted in time; a recorded miss is missed', () => {
    const requested = [AssessmentEventTypes.RectificationRequested, { requestedAt: '2026-12-01T02:00:00.000Z', nonconformities: [{ clause: '4.2', finding: 'x' }], deadline: limit('2026-12-22T16:00:00.000Z', 15) }, assessor] as const;
    const kept = caseTimeline(caseId, recorded([...submitted], [...requested], [AssessmentEventTypes.RectificationSubmitted, { submittedAt: '2026-12-20T02:00:00.000Z', evidence: ['sha256:ab'] }, applicant]));
    expect(kept.deadlines.filter((d) => d.step === 'RECTIFICATION')).toEqual([
      expect.objectContaining({ dueAt: '2026-12-22T16:00:00.000Z', workingDays: 15, kept: true, closedAt: '2026-12-20T02:00:00.000Z' }),
    ]);
    const missed = caseTimeline(caseId, recorded([...submitted], [...requested], [AssessmentEventTypes.RectificationDeadlineMissed, { missedAt: '2026-12-22T16:00:01.000Z', deadline: limit('2026-12-22T16:00:00.000Z', 15) }, timer]));
    expect(missed.deadlines.filter((d) => d.step === 'RECTIFICATION').map((d) => [d.kept, d.closedAt, d.closedBy?.type])).toEqual([
      [false, '2026-12-22T16:00:01.000Z', AssessmentEventTypes.RectificationDeadlineMissed],
    ]);
  });

  it('follows the decision limit: set by the conclusion, replaced by an extension, missed once recorded overdue', () => {
    const concluded = [AssessmentEventTypes.EvaluationConcluded, { concludedAt: '2027-01-04T02:00:00.000Z', outcome: 'PASS', summary: 'ok', decisionDeadline: limit('2027-01-18T16:00:00.000Z', 10) }, assessor] as const;
    const decided = (decidedAt: string) => [AssessmentEventTypes.CaseDecided, { decidedAt, decision: 'REFUSED', reasons: ['x'] }, officer] as const;

    const inTime = caseTimeline(caseId, recorded([...concluded], [...decided('2027-01-10T02:00:00.000Z')]));
    expect(inTime.deadlines.map((d) => [d.step, d.kept, d.closedAt])).toEqual([['DECISION', true, '2027-01-10T02:00:00.000Z']]);

    const extended = caseTimeline(
      caseId,
      recorded(
        [...concluded],
        [AssessmentEventTypes.DecisionLimitExtended, { extendedAt: '2027-01-15T02:00:00.000Z', reasons: ['expert opinion pending'], deadline: limit('2027-02-01T16:00:00.000Z', 10), previousDueAt: '2027-01-18T16:00:00.000Z' }, officer],
        [AssessmentEventTypes.DecisionOverdue, { dueAt: '2027-02-01T16:00:00.000Z', escalatedAt: '2027-02-01T16:00:05.000Z' }, timer],
        [...decided('2027-02-03T02:00:00.000Z')],
      ),
    );
    expect(extended.deadlines.map((d) => [d.step, d.dueAt, d.kept, d.closedAt, d.closedBy?.type])).toEqual([
      ['DECISION', '2027-01-18T16:00:00.000Z', true, '2027-01-15T02:00:00.000Z', AssessmentEventTypes.DecisionLimitExtended],
      ['DECISION', '2027-02-01T16:00:00.000Z', false, '2027-02-03T02:00:00.000Z', AssessmentEventTypes.CaseDecided],
    ]);

    const overdueStillOpen = caseTimeline(caseId, recorded([...concluded], [AssessmentEventTypes.DecisionOverdue, { dueAt: '2027-01-18T16:00:00.000Z', escalatedAt: '2027-01-18T16:00:05.000Z' }, timer]));
    expect(overdueStillOpen.deadlines.map((d) => [d.kept, d.closedAt])).toEqual([[false, undefined]]);
  });

  it('sets no decision limit for a conclusion recorded without one', () => {
    const { deadlines } = caseTimeline(caseId, recorded([AssessmentEventTypes.EvaluationConcluded, { concludedAt: '2027-01-04T02:00:00.000Z', outcome: 'PASS', summary: 'ok' }, assessor]));
    expect(deadlines).toEqual([]);
  });

  it('lists a deadline field of an event type it does not know, as open', () => {
    const { deadlines } = caseTimeline(
      caseId,
      recorded([...submitted], ['standards.assessment.site-visit-scheduled', { scheduledAt: '2026-11-24T02:00:00.000Z', reportDeadline: limit('2026-12-04T16:00:00.000Z', 8), note: 'x' }, officer]),
    );
    expect(deadlines.map((d) => [d.step, d.dueAt, d.workingDays, d.kept, d.openedBy.type])).toEqual([
      ['ACCEPTANCE', '2026-11-30T16:00:00.000Z', 5, 'open', AssessmentEventTypes.ApplicationSubmitted],
      ['REPORT', '2026-12-04T16:00:00.000Z', 8, 'open', 'standards.assessment.site-visit-scheduled'],
    ]);
  });
});
