import { parseArgs } from 'node:util';
import { ConfigError, loadStoreSettings } from '../config/app-config.js';
import { createEventStore } from '../event-store/create-event-store.js';
import type { EventStore } from '../event-store/event-store.port.js';
import type { BrokenLink } from '../event-store/verification.js';
import { progressBar } from '../shared/progress-bar.js';
import { verifyCase } from './case-evidence.js';
import { CASE_KINDS, caseStreams, isCaseKind } from './case-history.js';

/**
 * Integrity check of the event store from the command line:
 * `npm run verify -- [--stream <id> | --case <kind>/<id>] [--anchor]`; --case checks every stream
 * of an assessment, comparison, specification or standard (see case-history.ts). Opens the store
 * named by EVENT_STORE_URL (default: sqlite in DATA_DIR), optionally records an anchor first, recomputes every hash, chain
 * link and anchor, and prints the report as JSON, as the last line of stdout. Progress goes to
 * stderr. Exit status: 0 intact, 1 broken (the first broken link is named on stderr), 2 usage error,
 * an unknown case, or a store that cannot be opened or read.
 */
const USAGE = `usage: npm run verify -- [--stream <id> | --case <${CASE_KINDS.join('|')}>/<id>] [--anchor]`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function describeBroken(link: BrokenLink): string {
  const where = [
    link.streamId !== undefined ? `stream "${link.streamId}"` : undefined,
    link.revision !== undefined ? `revision ${link.revision}` : undefined,
    link.globalPosition !== undefined ? `global position ${link.globalPosition}` : undefined,
    link.anchorSeq !== undefined ? `anchor ${link.anchorSeq}` : undefined,
  ].filter(Boolean);
  return `BROKEN (${link.kind})${where.length ? ` at ${where.join(', ')}` : ''}: ${link.detail}`;
}

let values: { stream?: string; case?: string; anchor?: boolean };
try {
  ({ values } = parseArgs({ options: { stream: { type: 'string' }, case: { type: 'string' }, anchor: { type: 'boolean', default: false } } }));
} catch (error) {
  usage((error as Error).message);
}
if (values.stream !== undefined && values.stream.trim() === '') usage('--stream needs a stream id');
if (values.stream !== undefined && values.case !== undefined) usage('give --stream or --case, not both');
const caseRef = values.case === undefined ? undefined : /^([a-z]+)\/([0-9a-fA-F-]{36})$/.exec(values.case);
if (values.case !== undefined && (!caseRef || !isCaseKind(caseRef[1]))) usage('--case needs <kind>/<uuid>, e.g. assessment/7d3c1a00-0000-4000-8000-000000000000');

let store: EventStore | undefined;
try {
  store = await createEventStore(loadStoreSettings().eventStoreUrl);
  if (values.anchor) {
    const anchor = await store.createAnchor();
    console.error(`anchor ${anchor.seq} recorded over ${anchor.streamCount} stream(s) (${anchor.changedStreams} changed), hash ${anchor.hash}`);
  }
  const progress = progressBar('events');
  const onProgress = (checked: number, total: number) => progress.update(checked, total);
  const report = caseRef
    ? await (async () => {
        const ref = { kind: caseRef[1] as (typeof CASE_KINDS)[number], id: caseRef[2] };
        return verifyCase(store!, ref, await caseStreams(store!, ref.kind, ref.id), onProgress);
      })()
    : await store.verify({ streamId: values.stream, onProgress });
  progress.done();
  if (report.firstBroken) console.error(describeBroken(report.firstBroken));
  else console.error(`intact: ${report.eventsChecked} events in ${report.streamsChecked} stream(s), ${report.anchorsChecked} anchor(s)`);
  console.log(JSON.stringify(report));
  process.exitCode = report.ok ? 0 : 1;
} catch (error) {
  if (error instanceof ConfigError) usage(error.message);
  console.error(`cannot verify: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await store?.close();
}
