#!/usr/bin/env node
/**
 * Standalone verifier of an evidence file (format metrology-evidence/1), for an auditor.
 * Needs Node.js 20 or later and nothing else: it imports only Node's built-in modules.
 *
 *   node scripts/verify-evidence.mjs <file.jsonl>
 *
 * The file holds one JSON value per line: a header {format, streamId, exportedAt}; then the
 * stream's events in revision order, each {id, streamId, revision, type, schemaVersion, data,
 * metadata, recordedAt, prevHash, hash, globalPosition}; then zero or more anchor lines
 * {anchor: {seq, createdAt, globalPosition, streamCount, headsRoot, prevHash, hash}, head: {streamId, revision, hash}}.
 *
 * Checks: revisions run 0, 1, 2, … without a gap; each event's prevHash is the previous event's
 * hash (null for the first); each hash is SHA-256 (hex) of the canonical JSON of
 * {data, id, metadata, prevHash, recordedAt, revision, schemaVersion, streamId, type};
 * each anchor's hash is SHA-256 of the canonical JSON of
 * {createdAt, globalPosition, headsRoot, prevHash, seq, streamCount}, consecutive anchors chain
 * by prevHash, and the event at each anchored head revision exists and has the anchored hash.
 * Canonical JSON (RFC 8785 for the values events hold): object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers written as JavaScript's JSON.stringify writes them.
 * (The anchors' heads root spans every stream of the store, so it cannot be checked from one.)
 *
 * A case's evidence (format metrology-case-evidence/1, from GET /api/v1/audit/cases/:kind/:id/export)
 * starts with a case header {format, case: {kind, id}, streams: [...], exportedAt}, followed by one
 * section per listed stream, each laid out as above (its own header, events, anchors). Each section
 * is checked as above, and the sections must be exactly the streams the case header lists.
 *
 * Exit status: 0 and "OK: N events verified"; 1 and "BROKEN at revision R (global position P): reason"
 * (for a case: "BROKEN in stream S at revision R …", or "BROKEN: …" when a section is missing);
 * 2 when the file cannot be read or is not an evidence file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

function canonicalJson(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number');
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error(`a ${typeof value} is not a JSON value`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
}

const sha256 = (value) => createHash('sha256').update(canonicalJson(value)).digest('hex');

function unreadable(reason) {
  console.error(`UNREADABLE: ${reason}`);
  process.exit(2);
}

/** The stream being checked, named in a case file's messages. */
let inStream;

function broken(revision, globalPosition, reason) {
  console.log(`BROKEN${inStream ? ` in stream "${inStream}"` : ''} at revision ${revision} (global position ${globalPosition ?? 'unknown'}): ${reason}`);
  process.exit(1);
}

const file = process.argv[2];
if (!file || process.argv.length > 3) unreadable('usage: node scripts/verify-evidence.mjs <file.jsonl>');
let lines;
try {
  lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
} catch (error) {
  unreadable(`cannot read ${file}: ${error.message}`);
}
const values = lines.map((line, i) => {
  try {
    return JSON.parse(line);
  } catch {
    return unreadable(`line ${i + 1} is not JSON (is the file truncated?)`);
  }
});

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStreamHeader = (v) => isObject(v) && v.format === 'metrology-evidence/1';

/** Checks one stream's section (its header, events, anchors); exits on the first broken link. Returns [events, anchors] counted. */
function verifyStream(header, rest, allowEmpty) {
  if (!isStreamHeader(header) || typeof header.streamId !== 'string') unreadable('the first line is not a metrology-evidence/1 header');
  const events = rest.filter((v) => isObject(v) && !('anchor' in v));
  const anchors = rest.filter((v) => isObject(v) && 'anchor' in v);
  if (events.length + anchors.length !== rest.length) unreadable('a line is not a JSON object');
  if (events.length === 0 && !(allowEmpty && anchors.length > 0)) unreadable('the file holds no events');
  for (const e of events) {
    if (!Number.isInteger(e.revision) || typeof e.hash !== 'string' || typeof e.id !== 'string') unreadable(`an event line lacks its revision, id or hash`);
  }
  for (const a of anchors) {
    if (!isObject(a.anchor) || !isObject(a.head) || !Number.isInteger(a.head.revision)) unreadable('an anchor line lacks its anchor or head');
  }

  events.forEach((e, i) => {
    if (e.streamId !== header.streamId) broken(e.revision, e.globalPosition, `the event belongs to stream "${e.streamId}", not "${header.streamId}"`);
    if (e.revision !== i) broken(e.revision, e.globalPosition, `expected revision ${i}: an event is missing or was moved`);
    const expectedPrev = i === 0 ? null : events[i - 1].hash;
    if (e.prevHash !== expectedPrev) broken(e.revision, e.globalPosition, `prevHash does not match the hash of revision ${i - 1}: the chain is broken`);
    const { data, id, metadata, prevHash, recordedAt, revision, schemaVersion, streamId, type } = e;
    if (sha256({ data, id, metadata, prevHash, recordedAt, revision, schemaVersion, streamId, type }) !== e.hash) {
      broken(e.revision, e.globalPosition, 'the content does not match its hash: the event was altered');
    }
  });

  anchors.forEach(({ anchor, head }, i) => {
    const event = events[head.revision];
    const at = (reason) => broken(head.revision, event?.globalPosition, `anchor ${anchor.seq}: ${reason}`);
    const { seq, createdAt, globalPosition, streamCount, headsRoot, prevHash } = anchor;
    if (sha256({ seq, createdAt, globalPosition, streamCount, headsRoot, prevHash }) !== anchor.hash) at('its content does not match its hash: the anchor was altered');
    const previous = anchors[i - 1]?.anchor;
    if (previous && previous.seq + 1 === seq && prevHash !== previous.hash) at(`it does not chain to anchor ${previous.seq}`);
    if (head.streamId !== header.streamId) at(`it records stream "${head.streamId}", not "${header.streamId}"`);
    if (!event) at(`it recorded revision ${head.revision}, which is missing: the stream's tail was deleted`);
    if (event.hash !== head.hash) at(`it recorded another hash for revision ${head.revision}: the stream was rewritten`);
  });
  return [events.length, anchors.length];
}

const [header, ...rest] = values;
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
if (isObject(header) && header.format === 'metrology-case-evidence/1') {
  if (!Array.isArray(header.streams) || header.streams.some((s) => typeof s !== 'string')) unreadable('the case header lacks its list of streams');
  if (rest.length > 0 && !isStreamHeader(rest[0])) unreadable('the line after the case header is not a stream header');
  const sections = [];
  for (const value of rest) {
    if (isStreamHeader(value)) sections.push({ header: value, lines: [] });
    else sections[sections.length - 1].lines.push(value);
  }
  const found = sections.map((s) => s.header.streamId);
  const missing = header.streams.filter((s) => !found.includes(s));
  if (missing.length > 0) {
    console.log(`BROKEN: the case header lists stream(s) ${missing.map((s) => `"${s}"`).join(', ')}, whose section is missing`);
    process.exit(1);
  }
  const extra = found.filter((s, i) => !header.streams.includes(s) || found.indexOf(s) !== i);
  if (extra.length > 0) {
    console.log(`BROKEN: section(s) ${extra.map((s) => `"${s}"`).join(', ')} not listed once in the case header`);
    process.exit(1);
  }
  let eventCount = 0;
  let anchorCount = 0;
  for (const section of sections) {
    inStream = section.header.streamId;
    const [e, a] = verifyStream(section.header, section.lines, true);
    eventCount += e;
    anchorCount += a;
  }
  console.log(`OK: ${eventCount} events verified in ${plural(sections.length, 'stream')}${anchorCount ? `, ${plural(anchorCount, 'anchor')} checked` : ''}`);
} else {
  const [eventCount, anchorCount] = verifyStream(header, rest, false);
  console.log(`OK: ${eventCount} events verified${anchorCount ? `, ${plural(anchorCount, 'anchor')} checked` : ''}`);
}
