import { describe, expect, it } from '@jest/globals';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { eventProblems, knownEventTypes, upcast } from '../../events/catalogue.js';
import { canonicalJson, eventHash } from '../../src/event-store/hashing.js';

const submitted = {
  caseId: 'c-1',
  kind: 'NEW',
  institutionId: 'inst-1',
  standard: { name: 'n', category: 'PUBLIC', measurand: 'pressure' },
  submittedAt: '2026-11-27T02:00:00.000Z',
  acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
};

describe('event catalogue', () => {
  it('knows every assessment event type by its stable name', () => {
    expect(knownEventTypes()).toEqual(expect.arrayContaining(Object.values(AssessmentEventTypes)));
  });

  it('accepts a well-formed payload and names every problem of a malformed one', () => {
    expect(eventProblems(AssessmentEventTypes.ApplicationSubmitted, 1, submitted)).toEqual([]);
    expect(eventProblems('standards.assessment.no-such-thing', 1, {})).toEqual(['unknown event type "standards.assessment.no-such-thing"']);
    expect(eventProblems(AssessmentEventTypes.ApplicationSubmitted, 2, submitted)[0]).toMatch(/schema version 1, not 2/);
    expect(eventProblems(AssessmentEventTypes.ApplicationSubmitted, 1, { ...submitted, kind: 'OTHER', extra: 1, submittedAt: 'yesterday' })).toEqual([
      'data.kind must be one of NEW, RE_EXAMINATION, UPGRADE, CHANGE',
      'data.submittedAt must be an ISO 8601 instant',
      'data.extra is not a known field',
    ]);
  });

  it('leaves a current-version payload unchanged when upcasting', () => {
    expect(upcast(AssessmentEventTypes.ApplicationSubmitted, 1, submitted)).toEqual({ schemaVersion: 1, data: submitted });
  });
});

describe('canonical JSON and event hashes', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 'é': 'x' })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"é":"x"}');
  });

  it('writes integer-like keys in code-unit order too, and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: [1, { '10': 'x', '9': 'y', a: undefined }], a: 'ü\n' })).toBe('{"a":"ü\\n","b":[1,{"10":"x","9":"y"}]}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow('non-finite');
    expect(() => canonicalJson({ d: new Date(0) })).toThrow('toJSON');
    expect(() => canonicalJson({ b: BigInt(1) })).toThrow('bigint');
  });

  it('changes when any hashed field changes', () => {
    const fields = { id: 'e1', streamId: 's', revision: 0, type: 't', schemaVersion: 1, data: { a: 1 }, metadata: { m: 'x' }, recordedAt: '2026-01-01T00:00:00.000Z', prevHash: null };
    const base = eventHash(fields);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash({ ...fields, data: { a: 1 } })).toBe(base);
    for (const change of [{ data: { a: 2 } }, { revision: 1 }, { prevHash: 'ab' }, { metadata: { m: 'y' } }, { recordedAt: '2026-01-01T00:00:00.001Z' }]) {
      expect(eventHash({ ...fields, ...change })).not.toBe(base);
    }
  });
});
