import { anchorHash, headsRoot, type StreamHead } from './anchors.js';
import type { Anchor } from './event-store.port.js';
import { storedHash, type StoredEventRow } from './stored-event.js';

export type BrokenLinkKind =
  | 'hash-mismatch'
  | 'chain-broken'
  | 'revision-gap'
  | 'anchored-event-missing'
  | 'anchored-hash-mismatch'
  | 'anchor-chain-broken'
  | 'anchor-root-mismatch';

/** The first place where the record is not what was written. */
export interface BrokenLink {
  kind: BrokenLinkKind;
  streamId?: string;
  revision?: number;
  globalPosition?: number;
  anchorSeq?: number;
  detail: string;
}

export interface VerificationReport {
  ok: boolean;
  scope: { streamId?: string };
  eventsChecked: number;
  streamsChecked: number;
  anchorsChecked: number;
  firstBroken?: BrokenLink;
  durationMs: number;
}

export interface VerifyOptions {
  /** Only this stream (and the anchors' heads for it). */
  streamId?: string;
  onProgress?: (checked: number, total: number) => void;
  /**
   * Called for each anchor once it has checked out, with the head it records for `streamId` (the
   * latest head of that stream recorded by this anchor or an earlier one; undefined when none yet).
   * Lets an evidence export name the anchors that cover a stream without a store method of its own.
   */
  onAnchor?: (anchor: Anchor, head: StreamHead | undefined) => void;
}

/** What verification reads; each adapter provides it over its own tables. */
export interface VerificationSource {
  countEvents(streamId?: string): Promise<number>;
  /** Events ordered by (stream id, revision), strictly after `after`. */
  eventsInStreamOrder(after: { streamId: string; revision: number } | null, limit: number, streamId?: string): Promise<StoredEventRow[]>;
  anchors(): Promise<Anchor[]>;
  anchorHeads(seq: number): Promise<StreamHead[]>;
  eventHashAt(streamId: string, revision: number): Promise<string | undefined>;
}

const BATCH = 2000;

/**
 * Recomputes every event hash from the stored bytes, checks every stream's revisions and
 * chain links, then every anchor's chain, heads root and anchored heads (so that a deleted
 * tail or a re-hashed forgery is caught). Stops at the first broken link and names it.
 */
export async function verifyEvents(source: VerificationSource, options: VerifyOptions = {}): Promise<VerificationReport> {
  const started = Date.now();
  const total = await source.countEvents(options.streamId);
  let eventsChecked = 0;
  let streamsChecked = 0;
  let anchorsChecked = 0;
  const report = (firstBroken?: BrokenLink): VerificationReport => ({
    ok: !firstBroken,
    scope: options.streamId ? { streamId: options.streamId } : {},
    eventsChecked,
    streamsChecked,
    anchorsChecked,
    ...(firstBroken ? { firstBroken } : {}),
    durationMs: Date.now() - started,
  });

  let previous: StoredEventRow | undefined;
  let cursor: { streamId: string; revision: number } | null = null;
  for (;;) {
    const rows = await source.eventsInStreamOrder(cursor, BATCH, options.streamId);
    for (const row of rows) {
      const revision = Number(row.revision);
      const at = { streamId: row.stream_id, revision, globalPosition: Number(row.global_position) };
      const sameStream = previous?.stream_id === row.stream_id;
      if (!sameStream) streamsChecked += 1;
      const expectedRevision = sameStream ? Number(previous!.revision) + 1 : 0;
      if (revision !== expectedRevision) {
        return report({ kind: 'revision-gap', ...at, detail: `expected revision ${expectedRevision}, found ${revision}: an event is missing or was moved` });
      }
      const expectedPrev = sameStream ? previous!.hash : null;
      if (row.prev_hash !== expectedPrev) {
        return report({ kind: 'chain-broken', ...at, detail: `previous hash ${row.prev_hash} does not match the hash of revision ${revision - 1}` });
      }
      if (storedHash(row) !== row.hash) {
        return report({ kind: 'hash-mismatch', ...at, detail: 'the stored content does not match its hash: the event was altered' });
      }
      previous = row;
      eventsChecked += 1;
      if (eventsChecked % 1000 === 0) options.onProgress?.(eventsChecked, total);
    }
    if (rows.length < BATCH) break;
    const last = rows[rows.length - 1];
    cursor = { streamId: last.stream_id, revision: Number(last.revision) };
  }
  options.onProgress?.(eventsChecked, total);

  const heads = new Map<string, StreamHead & { anchorSeq: number }>();
  let prevAnchorHash: string | null = null;
  let expectedSeq = 1;
  for (const anchor of await source.anchors()) {
    if (anchor.seq !== expectedSeq || anchor.prevHash !== prevAnchorHash || anchorHash(anchor) !== anchor.hash) {
      return report({ kind: 'anchor-chain-broken', anchorSeq: anchor.seq, detail: `anchor ${anchor.seq} does not follow anchor ${expectedSeq - 1} or was altered` });
    }
    for (const head of await source.anchorHeads(anchor.seq)) heads.set(head.streamId, { ...head, anchorSeq: anchor.seq });
    if (headsRoot(heads.values()) !== anchor.headsRoot || heads.size !== anchor.streamCount) {
      return report({ kind: 'anchor-root-mismatch', anchorSeq: anchor.seq, detail: `the heads recorded by anchor ${anchor.seq} do not add up to its root` });
    }
    prevAnchorHash = anchor.hash;
    expectedSeq += 1;
    anchorsChecked += 1;
    if (options.onAnchor) {
      const head = options.streamId ? heads.get(options.streamId) : undefined;
      options.onAnchor(anchor, head && { streamId: head.streamId, revision: head.revision, hash: head.hash });
    }
  }
  const anchored = options.streamId ? [heads.get(options.streamId)].filter((h) => h !== undefined) : [...heads.values()];
  for (const head of anchored) {
    const hash = await source.eventHashAt(head.streamId, head.revision);
    const at = { streamId: head.streamId, revision: head.revision, anchorSeq: head.anchorSeq };
    if (hash === undefined) {
      return report({ kind: 'anchored-event-missing', ...at, detail: `anchor ${head.anchorSeq} recorded revision ${head.revision} of this stream, which is gone: its tail was deleted` });
    }
    if (hash !== head.hash) {
      return report({ kind: 'anchored-hash-mismatch', ...at, detail: `anchor ${head.anchorSeq} recorded another hash for this revision: the stream was rewritten` });
    }
  }
  return report();
}
