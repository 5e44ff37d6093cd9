import type { Anchor, EventStore } from '../event-store/event-store.port.js';
import type { StreamHead } from '../event-store/anchors.js';
import type { HashedFields } from '../event-store/hashing.js';

/** Names the layout of an evidence file; scripts/verify-evidence.mjs checks it. */
export const EVIDENCE_FORMAT = 'metrology-evidence/1';

export interface EvidenceHeader {
  format: typeof EVIDENCE_FORMAT;
  streamId: string;
  exportedAt: string;
}

/** One event with exactly the fields its hash covers, plus its hash and global position. */
export interface EvidenceEvent extends HashedFields {
  hash: string;
  globalPosition: number;
}

/** An anchor with exactly the fields its hash covers, and the head of the stream it records. */
export interface EvidenceAnchor {
  anchor: Omit<Anchor, 'changedStreams'>;
  head: StreamHead;
}

export interface Evidence {
  header: EvidenceHeader;
  events: EvidenceEvent[];
  anchors: EvidenceAnchor[];
}

/** The store read an event through an upcaster: its stored payload, and so its hash input, is gone. */
export class EvidenceNotReproducibleError extends Error {
  constructor(streamId: string, revision: number, storedVersion: number, readVersion: number) {
    super(
      `event ${revision} of stream "${streamId}" is stored at schema version ${storedVersion} and reads as version ${readVersion}: ` +
        'the export cannot reproduce the stored payload that its hash covers',
    );
    this.name = 'EvidenceNotReproducibleError';
  }
}

/**
 * Gathers the evidence for one stream: its events as hashed, and every anchor that covers it with
 * the head of the stream that anchor records. The anchors come from a verification of the stream
 * (the port has no method to list them), which is run first so that every anchored head is among
 * the events read afterwards. A store whose anchors do not check out yields the anchors before the
 * broken one; the events are exported as stored, so a standalone verifier finds what was altered.
 */
export async function collectEvidence(store: EventStore, streamId: string, now: () => Date = () => new Date()): Promise<Evidence> {
  const anchors: EvidenceAnchor[] = [];
  await store.verify({
    streamId,
    onAnchor: (anchor, head) => {
      if (!head) return;
      const { seq, createdAt, globalPosition, streamCount, headsRoot, prevHash, hash } = anchor;
      anchors.push({ anchor: { seq, createdAt, globalPosition, streamCount, headsRoot, prevHash, hash }, head });
    },
  });
  const events = (await store.readStream(streamId)).map((e): EvidenceEvent => {
    if (e.storedSchemaVersion !== undefined) throw new EvidenceNotReproducibleError(streamId, e.revision, e.storedSchemaVersion, e.schemaVersion);
    const { id, revision, type, schemaVersion, data, metadata, recordedAt, prevHash, hash, globalPosition } = e;
    return { id, streamId: e.streamId, revision, type, schemaVersion, data, metadata, recordedAt, prevHash, hash, globalPosition };
  });
  return { header: { format: EVIDENCE_FORMAT, streamId, exportedAt: now().toISOString() }, events, anchors };
}

/** The evidence as JSON lines: the header, one line per event in revision order, one line per anchor. */
export function evidenceToJsonLines(evidence: Evidence): string {
  return [evidence.header, ...evidence.events, ...evidence.anchors].map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** One stream's evidence as JSON lines, to be checked with `node scripts/verify-evidence.mjs <file>`. */
export async function exportStream(store: EventStore, streamId: string): Promise<string> {
  return evidenceToJsonLines(await collectEvidence(store, streamId));
}
