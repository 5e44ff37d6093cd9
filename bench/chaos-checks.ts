/**
 * The fault run's verdict on the log (bench/chaos.ts), as a pure function of the events and of the
 * writes the client saw acknowledged, so that it can be tested on a log made up for the purpose.
 */
import { eventIdFor } from '../src/event-store/event-ids.js';

/** An event as the PostgreSQL store keeps it (the events table's columns, JSON as text). */
export interface LogRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

/** A write the client saw answered with 2xx. */
export interface AcknowledgedWrite {
  label: string;
  key: string;
  status: number;
  /** The events the answer names (type and global position). */
  recorded: { type: string; globalPosition: number }[];
  /** For an answer that names none (a submission): the stream it created and the type of its first event. */
  created?: { stream: string; type: string };
}

/**
 * lost: an acknowledged write whose named events are not in the log (or not of the type named), or
 * whose created stream does not start with the event named. duplicated: a command with an event
 * beyond its own indices or in two streams; one business step twice in a stream of the load (a
 * consultation once per institution); one of the client's unique names recorded as two entities.
 */
export function findLostAndDuplicated(rows: LogRow[], acks: AcknowledgedWrite[], names: ReadonlySet<string>): { lost: string[]; duplicated: string[]; events: number } {
  const byPosition = new Map(rows.map((r) => [Number(r.global_position), r]));
  const byStream = new Map<string, LogRow[]>();
  for (const r of [...rows].sort((a, b) => a.revision - b.revision)) {
    const list = byStream.get(r.stream_id);
    if (list) list.push(r);
    else byStream.set(r.stream_id, [r]);
  }
  const commandIds = new Map<string, LogRow[]>();
  for (const r of rows) {
    const commandId = JSON.parse(r.metadata).commandId as string;
    const list = commandIds.get(commandId);
    if (list) list.push(r);
    else commandIds.set(commandId, [r]);
  }
  const lost: string[] = [];
  for (const ack of acks) {
    for (const { type, globalPosition } of ack.recorded) {
      const row = byPosition.get(globalPosition);
      if (!row || row.type !== type) lost.push(`${ack.label} (key ${ack.key}): ${type} at ${globalPosition} is ${row ? row.type : 'missing'}`);
    }
    if (ack.created && byStream.get(ack.created.stream)?.[0]?.type !== ack.created.type) lost.push(`${ack.label} (key ${ack.key}): ${ack.created.stream} has no ${ack.created.type}`);
    if (ack.recorded.length === 0 && !ack.created) lost.push(`${ack.label} (key ${ack.key}): answered ${ack.status} naming no event`);
  }

  const duplicated: string[] = [];
  // One command, one event per index: the event id derives from both, so a second copy is a second id.
  for (const [commandId, events] of commandIds) {
    const ids = new Set<string>();
    for (const [index] of events.entries()) ids.add(eventIdFor(commandId, index));
    const stray = events.filter((e) => !ids.has(e.event_id));
    if (stray.length) duplicated.push(`command ${commandId}: ${stray.length} event(s) beyond its own indices`);
    const streams = new Set(events.map((e) => e.stream_id));
    if (streams.size > 1) duplicated.push(`command ${commandId}: events in ${streams.size} streams`);
  }
  // One business step once per stream (a consultation once per participant).
  const ours = rows.filter((r) => /^(assessment|comparison|specification)/.test(r.stream_id));
  const seen = new Map<string, LogRow>();
  for (const r of ours) {
    const meta = JSON.parse(r.metadata);
    // Steps a stream may hold more than once, each for someone or something else: a consultation per institution, a reminder per step.
    const who = r.type.endsWith('protocol-consulted') ? meta.institutionId ?? meta.actorId : String(JSON.parse(r.data).step ?? '');
    const key = `${r.stream_id}|${r.type}|${who}`;
    if (seen.has(key)) duplicated.push(`${r.stream_id}: ${r.type}${who ? ` by ${who}` : ''} twice (positions ${seen.get(key)!.global_position} and ${r.global_position})`);
    else seen.set(key, r);
  }
  // One intention, one entity: the client's names are unique.
  const entities = new Map<string, string>();
  for (const r of ours.filter((r) => r.revision === 0)) {
    const data = JSON.parse(r.data);
    const name = (data.title ?? data.standard?.name) as string | undefined;
    if (!name || !names.has(name)) continue;
    if (entities.has(name)) duplicated.push(`"${name}" recorded as two entities (${entities.get(name)} and ${r.stream_id})`);
    else entities.set(name, r.stream_id);
  }
  return { lost, duplicated, events: rows.length };
}
