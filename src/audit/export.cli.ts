import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadStoreSettings } from '../config/app-config.js';
import { createEventStore } from '../event-store/create-event-store.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { collectEvidence, evidenceToJsonLines } from './evidence-export.js';

/**
 * Evidence export of one stream: `npm run export -- --stream <id> [--out file]`. Writes the JSON
 * lines (to stdout without --out) that `node scripts/verify-evidence.mjs <file>` checks without the
 * project. Exit status: 0 written, 1 no such stream or not exportable, 2 usage error.
 */
const USAGE = 'usage: npm run export -- --stream <id> [--out <file>]';

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values: { stream?: string; out?: string };
try {
  ({ values } = parseArgs({ options: { stream: { type: 'string' }, out: { type: 'string' } } }));
} catch (error) {
  usage((error as Error).message);
}
const streamId = values.stream?.trim();
if (!streamId) usage('--stream is required');

let store: EventStore | undefined;
try {
  store = await createEventStore(loadStoreSettings().eventStoreUrl);
  const evidence = await collectEvidence(store, streamId);
  if (evidence.events.length === 0) {
    console.error(`stream "${streamId}" has no events`);
    process.exitCode = 1;
  } else {
    const text = evidenceToJsonLines(evidence);
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    console.error(`${evidence.events.length} events and ${evidence.anchors.length} anchor(s) of "${streamId}"${values.out ? ` written to ${values.out}` : ''}`);
  }
} catch (error) {
  if (error instanceof ConfigError) usage(error.message);
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await store?.close();
}
