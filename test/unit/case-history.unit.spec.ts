import { describe, expect, it } from '@jest/globals';
import { ComparisonEventTypes } from '../../events/comparison.events.js';
import type { EventMetadata } from '../../events/metadata.js';
import { SpecificationEventTypes } from '../../events/specification.events.js';
import { comparisonDeadlines, specificationDeadlines } from '../../src/audit/case-deadlines.js';
import { caseHistory, changedPaths } from '../../src/audit/case-history.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';

/** The auditor's case history from recorded events (pure): the limits of a comparison and a specification, and the changed paths between two states. */
const meta: EventMetadata = { commandId: 'c', actorId: 'officer-1', role: 'secretariat', correlationId: 'corr-1', policyVersion: 'p/1' };

function recorded(streamId: string, ...steps: [type: string, data: Record<string, unknown>, recordedAt: string][]): RecordedEvent[] {
  return steps.map(([type, data, recordedAt], revision) => ({
    id: `e-${revision}`,
    streamId,
    revision,
    globalPosition: 10 + revision,
    type,
    schemaVersion: 1,
    data,
    metadata: meta,
    recordedAt,
    prevHash: revision === 0 ? null : `h-${revision - 1}`,
    hash: `h-${revision}`,
  }));
}

describe('case history: comparison limits', () => {
  const protocol = { legs: [{ participant: 'A', dueDate: '2027-02-01' }] };
  it('keeps a follow-up answered in time, misses a leg recorded overdue even when handed on later', () => {
    // given a leg recorded overdue and then handed on, and a follow-up answered within 30 days
    const events = recorded(
      'comparison-1',
      [ComparisonEventTypes.ProtocolDrafted, { protocol }, '2027-01-04T02:00:00.000Z'],
      [ComparisonEventTypes.ProtocolAgreed, {}, '2027-01-05T02:00:00.000Z'],
      [ComparisonEventTypes.LegOverdue, { participant: 'A' }, '2027-02-01T16:00:00.000Z'],
      [ComparisonEventTypes.TransferStandardHandedOver, { from: 'A', to: 'PILOT', handedOverAt: '2027-02-01T15:00:00.000Z' }, '2027-02-01T15:00:00.000Z'],
      [ComparisonEventTypes.Published, { unsatisfactoryLabs: ['A'], publishedAt: '2027-06-01T02:00:00.000Z' }, '2027-06-01T02:00:00.000Z'],
      [ComparisonEventTypes.CauseAnalysisRecorded, { lab: 'A', recordedAt: '2027-06-10T02:00:00.000Z' }, '2027-06-10T02:00:00.000Z'],
      [ComparisonEventTypes.CorrectiveActionRecorded, { lab: 'A', recordedAt: '2027-06-20T02:00:00.000Z' }, '2027-06-20T02:00:00.000Z'],
    );
    // when the limits are computed
    const limits = comparisonDeadlines(events);
    // then the leg stays missed and the follow-up is kept, closed by the later of its two records
    expect(limits.map((d) => [d.step, d.kept, d.closedAt])).toEqual([
      ['LEG:A', false, '2027-02-01T15:00:00.000Z'],
      ['FOLLOW_UP:A', true, '2027-06-20T02:00:00.000Z'],
    ]);
    expect(limits[1]).toMatchObject({ dueAt: '2027-07-01T02:00:00.000Z', rule: { calendarDays: 30, policyVersion: 'p/1' } });
  });
});

describe('case history: specification limits', () => {
  it('opens the periodic review at publication, judges an unanswered one overdue as of now, and cancels limits with the plan', () => {
    // given a published specification whose review is due on 2031-06-30
    const events = recorded(
      'specification-1',
      [SpecificationEventTypes.Planned, { plannedAt: '2026-04-01T02:00:00.000Z', planYear: 2026, limitYears: 2, deadlineOn: '2028-03-31' }, '2026-04-01T02:00:00.000Z'],
      [SpecificationEventTypes.Published, { publishedAt: '2026-09-01T02:00:00.000Z', publishedOn: '2026-09-01', periodicReviewDueOn: '2031-06-30', number: 'n' }, '2026-09-01T02:00:00.000Z'],
    );
    // when the history is judged in 2032
    const history = caseHistory({ kind: 'specification', id: '1' }, ['specification-1'], events, new Date('2032-01-01T00:00:00Z'));
    // then the completion was kept and the review is overdue (due at the end of its day, China time)
    expect(history.deadlines.map((d) => [d.step, d.status, d.dueAt])).toEqual([
      ['COMPLETION', 'KEPT', '2028-03-31T16:00:00.000Z'],
      ['PERIODIC_REVIEW', 'OVERDUE', '2031-06-30T16:00:00.000Z'],
    ]);
    // and a cancelled plan cancels its open limit
    const cancelled = specificationDeadlines([
      events[0],
      { ...events[1], type: SpecificationEventTypes.PlanAdjusted, data: { adjustment: 'CANCELLED', adjustedAt: '2026-05-01T02:00:00.000Z', reason: 'r' } },
    ]);
    expect(cancelled.map((d) => [d.step, d.kept])).toEqual([['COMPLETION', 'cancelled']]);
  });
});

describe('case history: changed paths', () => {
  it('lists each changed leaf with its path, and a value that appears or changes type as one change', () => {
    // given two states of an aggregate
    const before = { status: 'SUBMITTED', legs: [{ state: 'AT_LAB' }, { state: 'WAITING' }], tags: ['a'] };
    const after = { status: 'ACCEPTED', legs: [{ state: 'AT_LAB' }, { state: 'HANDED_ON' }], tags: ['a', 'b'], assessors: [{ id: 'x' }] };
    // when they are compared
    // then every difference is named, the unchanged ones are not
    expect(changedPaths(before, after)).toEqual([
      { path: 'status', before: 'SUBMITTED', after: 'ACCEPTED' },
      { path: 'legs[1].state', before: 'WAITING', after: 'HANDED_ON' },
      { path: 'tags[1]', after: 'b' },
      { path: 'assessors', after: [{ id: 'x' }] },
    ]);
    expect(changedPaths(before, before)).toEqual([]);
  });
});
