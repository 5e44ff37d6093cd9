import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module.js';
import { ConfigError, loadConfig, loadStoreSettings } from '../config/app-config.js';
import { JsonLogger } from '../operations/json-logger.js';
import { progressBar } from '../shared/progress-bar.js';
import { createEventStore } from './create-event-store.js';
import type { EventStore } from './event-store.port.js';
import { rebuildProjection } from './projection-rebuild.js';
import { SubscriptionRunner } from './subscription-runner.js';
import type { Projection } from './subscription.js';

/**
 * Rebuilds read models from the log: `npm run rebuild -- <projection>|--all` (a name as /health
 * lists it, with or without its `projection:` prefix). Opens the store named by EVENT_STORE_URL
 * (default: sqlite in DATA_DIR), drops each chosen projection's documents and checkpoint, replays
 * the whole log through it (the projections are the application's own, as its modules register
 * them), with a progress bar on stderr, and prints each projection's report (events, events per
 * second) as one JSON line on stdout. Stop the API processes first: a projection that a running API
 * applies meanwhile is detected and its rebuild fails.
 * Exit status: 0 rebuilt, 1 a rebuild failed, 2 usage error or a store that cannot be opened.
 */
const USAGE = 'usage: npm run rebuild -- <projection>|--all';

function usage(message: string, known: readonly Projection[] = []): never {
  console.error(`${message}\n${USAGE}${known.length ? `\nprojections: ${known.map((p) => p.name).join(', ')}` : ''}`);
  process.exit(2);
}

let values: { all?: boolean };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({ allowPositionals: true, options: { all: { type: 'boolean', default: false } } }));
} catch (error) {
  usage((error as Error).message);
}
if (values.all === (positionals.length > 0)) usage(values.all ? 'name projections or give --all, not both' : 'name a projection, or give --all');

let store: EventStore | undefined;
let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
try {
  const { eventStoreUrl } = loadStoreSettings();
  // The rebuild authenticates no one and serves nothing: the application's modules only need a
  // valid configuration to register their projections.
  const config = loadConfig({ ...process.env, EVENT_STORE_URL: eventStoreUrl, JWT_SECRET: randomBytes(32).toString('hex'), JWT_JWKS_URL: undefined });
  store = await createEventStore(eventStoreUrl);
  app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, roles: { projections: false, bridge: false }, eventStore: store }), {
    logger: new JsonLogger('warn'),
  });
  const registered = app.get(SubscriptionRunner).registeredProjections();
  const named = (name: string) => registered.find((p) => p.name === name || p.name === `projection:${name}`);
  const unknown = positionals.filter((name) => !named(name));
  if (unknown.length) usage(`unknown projection ${unknown.map((n) => `"${n}"`).join(', ')}`, registered);
  const chosen = values.all ? [...registered] : [...new Set(positionals.map((name) => named(name)!))];
  for (const projection of chosen) {
    console.error(`${projection.name}: dropping its documents (${projection.collections?.join(', ') ?? 'none named'}) and checkpoint, replaying the log`);
    const progress = progressBar('positions');
    const report = await rebuildProjection(store, projection, { onProgress: (position, head) => progress.update(position, head) });
    progress.done();
    console.error(
      `${projection.name}: rebuilt from ${report.eventsRead} events (${report.eventsApplied} applied) in ${(report.durationMs / 1000).toFixed(1)} s, ` +
        `${report.eventsPerSecond.toLocaleString('en-US')} events/s`,
    );
    console.log(JSON.stringify(report));
  }
  process.exitCode = 0;
} catch (error) {
  if (error instanceof ConfigError) usage(error.message);
  console.error(`rebuild failed: ${(error as Error).message}`);
  process.exitCode = store ? 1 : 2;
} finally {
  await app?.close();
  await store?.close();
}
