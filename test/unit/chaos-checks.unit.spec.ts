import { describe, expect, it } from '@jest/globals';
import { findLostAndDuplicated, type AcknowledgedWrite, type LogRow } from '../../bench/chaos-checks.js';
import { eventIdFor } from '../../src/event-store/event-ids.js';

/** An event of the log as the fault run reads it; `index` is its place among its command's events. */
const row = (position: number, stream: string, revision: number, type: string, commandId: string, index = 0, data: object = {}, institutionId?: string): LogRow => ({
  global_position: String(position),
  event_id: eventIdFor(commandId, index),
  stream_id: stream,
  revision,
  type,
  data: JSON.stringify(data),
  metadata: JSON.stringify({ commandId, actorId: 'someone', role: 'secretariat', correlationId: 'c', ...(institutionId ? { institutionId } : {}) }),
});
const SUBMITTED = 'standards.assessment.application-submitted';
const ACCEPTED = 'standards.assessment.application-accepted';
const CONSULTED = 'comparisons.comparison.protocol-consulted';
const submit: AcknowledgedWrite = { label: 'assessment.submit', key: 'k1', status: 201, recorded: [], created: { stream: 'assessment-1', type: SUBMITTED } };
const accept: AcknowledgedWrite = { label: 'assessment.accept', key: 'k2', status: 200, recorded: [{ type: ACCEPTED, globalPosition: 2 }] };
const names = new Set(['Standard 1']);
const log = [row(1, 'assessment-1', 0, SUBMITTED, 'cmd-1', 0, { standard: { name: 'Standard 1' } }), row(2, 'assessment-1', 1, ACCEPTED, 'cmd-2')];

describe('the fault run’s verdict on the log', () => {
  it('finds nothing lost or doubled in a log that holds each acknowledged write once', () => {
    expect(findLostAndDuplicated(log, [submit, accept], names)).toEqual({ lost: [], duplicated: [], events: 2 });
  });

  it('counts an acknowledged write as lost when its event is missing or another event stands at its position', () => {
    // given the acceptance was answered 200 but its event is not in the log
    const { lost } = findLostAndDuplicated(log.slice(0, 1), [submit, accept], names);
    expect(lost).toEqual([expect.stringContaining(`${ACCEPTED} at 2 is missing`)]);
    // and a submission answered 201 whose case stream does not exist
    expect(findLostAndDuplicated([], [submit], names).lost).toEqual([expect.stringContaining('assessment-1 has no')]);
    // and an answer that names the wrong event
    expect(findLostAndDuplicated([log[0], row(2, 'assessment-1', 1, 'standards.assessment.case-decided', 'cmd-2')], [accept], names).lost).toHaveLength(1);
  });

  it('counts a business step recorded twice in a stream, by two commands, as duplicated', () => {
    const twice = [...log, row(3, 'assessment-1', 2, ACCEPTED, 'cmd-3')];
    expect(findLostAndDuplicated(twice, [submit, accept], names).duplicated).toEqual([expect.stringContaining(`${ACCEPTED} twice (positions 2 and 3)`)]);
  });

  it('allows one consultation per participant, and not two by the same one', () => {
    const consulted = [row(10, 'comparison-9', 0, CONSULTED, 'a', 0, {}, 'LAB-A'), row(11, 'comparison-9', 1, CONSULTED, 'b', 0, {}, 'LAB-B')];
    expect(findLostAndDuplicated(consulted, [], names).duplicated).toEqual([]);
    expect(findLostAndDuplicated([...consulted, row(12, 'comparison-9', 2, CONSULTED, 'c', 0, {}, 'LAB-A')], [], names).duplicated).toHaveLength(1);
  });

  it('counts one intention recorded as two entities (a proposal resent without idempotency) as duplicated', () => {
    const two = [...log, row(5, 'assessment-2', 0, SUBMITTED, 'cmd-5', 0, { standard: { name: 'Standard 1' } })];
    expect(findLostAndDuplicated(two, [], names).duplicated).toEqual(['"Standard 1" recorded as two entities (assessment-1 and assessment-2)']);
  });

  it('counts an event of a command beyond its own indices, or a command in two streams, as duplicated', () => {
    // the command's only event carries the id of its second index: a copy made under another id
    const stray = [log[0], { ...row(2, 'assessment-1', 1, ACCEPTED, 'cmd-2'), event_id: eventIdFor('cmd-2', 1) }];
    expect(findLostAndDuplicated(stray, [], names).duplicated).toEqual([expect.stringContaining('beyond its own indices')]);
    const split = [log[0], row(2, 'assessment-1', 1, ACCEPTED, 'cmd-2', 0), row(3, 'specification-7', 0, 'specifications.project.proposed', 'cmd-2', 1)];
    expect(findLostAndDuplicated(split, [], names).duplicated).toEqual([expect.stringContaining('events in 2 streams')]);
  });
});
