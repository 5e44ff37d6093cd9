import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssessmentEventTypes } from '../../events/assessment.events.js';
import { EVIDENCE_FORMAT, EvidenceNotReproducibleError, exportStream } from '../../src/audit/evidence-export.js';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { eventHash } from '../../src/event-store/hashing.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';

/**
 * The evidence export and the auditor's standalone verifier (scripts/verify-evidence.mjs, run as
 * a separate Node process, as an auditor would): an export verifies; an altered, shortened or
 * re-hashed file does not; an unreadable one is refused as such.
 */
const VERIFIER = join(process.cwd(), 'scripts', 'verify-evidence.mjs');

function verifyFile(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VERIFIER, file], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const event = (caseId: string, measurand: string): NewEvent => ({
  id: randomUUID(),
  type: AssessmentEventTypes.ApplicationSubmitted,
  schemaVersion: 1,
  metadata: { commandId: `cmd-${randomUUID()}`, actorId: 'u-1', role: 'institution', correlationId: 'corr-1', requestId: '请求-1' },
  data: {
    caseId,
    kind: 'NEW',
    institutionId: 'inst-1',
    standard: { name: '血压计检定装置 "Sphygmo" \u2028 1.5e-7', category: 'PUBLIC', measurand },
    submittedAt: '2026-11-27T02:00:00.000Z',
    acceptanceDeadline: { dueAt: '2026-12-04T16:00:00.000Z', workingDays: 5, calendar: 'weekdays-only/v1' },
  },
});

type Line = Record<string, unknown> & { data?: { standard: { measurand: string } } };

describe('evidence export and the standalone verifier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'metrology-evidence-'));
  const streamId = 'assessment-case-1';
  let store: SqliteEventStore;
  let text: string;
  let lines: Line[];
  let events: RecordedEvent[];

  const write = (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const jsonl = (values: unknown[]) => values.map((v) => `${JSON.stringify(v)}\n`).join('');
  const eventLines = () => lines.filter((l) => 'hash' in l && !('anchor' in l));
  const anchorLines = () => lines.filter((l) => 'anchor' in l);

  beforeAll(async () => {
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    await store.append(streamId, [event(streamId, 'mass'), event(streamId, 'length')], 'no_stream');
    await store.append('other-stream', [event('other-stream', 'time')], 'no_stream');
    await store.append(streamId, [event(streamId, 'pressure')], 1);
    await store.createAnchor(); // records revision 2 of the stream
    await store.append(streamId, [event(streamId, 'volume')], 2);
    await store.createAnchor(); // records revision 3
    await store.append('other-stream', [event('other-stream', 'force')], 0);
    await store.createAnchor(); // records only the other stream; carries revision 3 of this one
    text = await exportStream(store, streamId);
    lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
    events = await store.readStream(streamId);
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a header, every event with exactly its hashed fields, then the anchors that cover the stream', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(lines[0]).toEqual({ format: EVIDENCE_FORMAT, streamId, exportedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(eventLines()).toHaveLength(4);
    for (const [i, line] of eventLines().entries()) {
      expect(Object.keys(line).sort()).toEqual(['data', 'globalPosition', 'hash', 'id', 'metadata', 'prevHash', 'recordedAt', 'revision', 'schemaVersion', 'streamId', 'type']);
      expect(line).toMatchObject({ revision: i, hash: events[i].hash, globalPosition: events[i].globalPosition });
      expect(eventHash(line as never)).toBe(line.hash);
    }
    expect(anchorLines().map((l) => [(l.anchor as { seq: number }).seq, (l.head as { revision: number }).revision])).toEqual([
      [1, 2],
      [2, 3],
      [3, 3],
    ]);
    expect(Object.keys(anchorLines()[0].anchor as object).sort()).toEqual(['createdAt', 'globalPosition', 'hash', 'headsRoot', 'prevHash', 'seq', 'streamCount']);
    expect(anchorLines()[2].head).toEqual({ streamId, revision: 3, hash: events[3].hash });
    expect(lines).toHaveLength(1 + 4 + 3);
  });

  it('verifies with the standalone verifier: exit 0, OK: N events verified', async () => {
    const result = await verifyFile(write('intact.jsonl', text));
    expect(result.stdout).toMatch(/^OK: 4 events verified/);
    expect(result.code).toBe(0);
  });

  it('refuses a file whose event data was changed: exit 1, naming the revision', async () => {
    const altered = lines.map((l) => (l.revision === 2 && l.data ? { ...l, data: { ...l.data, standard: { ...l.data.standard, measurand: 'temperature' } } } : l));
    const result = await verifyFile(write('altered.jsonl', jsonl(altered)));
    expect(result.code).toBe(1);
    expect(result.stdout.trim()).toBe(`BROKEN at revision 2 (global position ${events[2].globalPosition}): the content does not match its hash: the event was altered`);
  });

  it('catches a re-hashed forgery and a removed tail by the anchors', async () => {
    const forged = structuredClone(lines);
    let prevHash: string | null = null;
    for (const line of forged.filter((l) => 'hash' in l && !('anchor' in l))) {
      if (line.revision === 1) line.data!.standard.measurand = 'forged';
      line.prevHash = prevHash;
      line.hash = eventHash(line as never);
      prevHash = line.hash as string;
    }
    const rehashed = await verifyFile(write('forged.jsonl', jsonl(forged)));
    expect(rehashed.code).toBe(1);
    expect(rehashed.stdout).toMatch(/^BROKEN at revision 2 \(global position \d+\): anchor 1: it recorded another hash for revision 2/);

    const shortened = await verifyFile(write('shortened.jsonl', jsonl(lines.filter((l) => l.revision !== 3))));
    expect(shortened.code).toBe(1);
    expect(shortened.stdout).toMatch(/^BROKEN at revision 3 \(global position unknown\): anchor 2: .*missing/);
  });

  it('refuses unreadable input with exit 2', async () => {
    const truncated = await verifyFile(write('truncated.jsonl', text.slice(0, Math.floor(text.length / 2))));
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/not JSON/);
    expect((await verifyFile(write('garbage.jsonl', 'this is not evidence\n\u0000\u0001'))).code).toBe(2);
    expect((await verifyFile(write('header-only.jsonl', `${text.split('\n')[0]}\n`))).code).toBe(2);
    expect((await verifyFile(join(dir, 'no-such-file.jsonl'))).code).toBe(2);
  });

  it('refuses to export an event read through an upcaster, whose stored payload it cannot reproduce', async () => {
    const upcasting = new Proxy(store, {
      get(target, property) {
        if (property === 'readStream') {
          return async (...args: Parameters<EventStore['readStream']>) =>
            (await target.readStream(...args)).map((e) => (e.revision === 1 ? { ...e, schemaVersion: 2, storedSchemaVersion: 1 } : e));
        }
        const value = Reflect.get(target, property) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(exportStream(upcasting, streamId)).rejects.toThrow(EvidenceNotReproducibleError);
    await expect(exportStream(upcasting, streamId)).rejects.toThrow(/event 1 of stream "assessment-case-1" is stored at schema version 1/);
  });
});
