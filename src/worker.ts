import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { JsonLogger } from './operations/json-logger.js';
import { Metrics } from './operations/metrics.js';
import { serveMetrics } from './operations/metrics-server.js';
import { connectWithRetry, createMetrologyWorker } from './temporal/worker-factory.js';
import { workerActivities } from './worker-activities.js';

/** The Temporal worker process: workflows, their activities, and the event-to-workflow bridge. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // The Temporal SDK logs through its own runtime: give it the same level as the rest (before any connection).
  // Both as JSON lines: Nest's and the Temporal SDK's log (the SDK's entries keep their own fields).
  const json = new JsonLogger(config.logLevel);
  const temporalLevel: Record<string, LogLevel> = { error: 'ERROR', warn: 'WARN', log: 'INFO', debug: 'DEBUG' };
  const fromTemporal = { TRACE: 'verbose', DEBUG: 'debug', INFO: 'log', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger(temporalLevel[config.logLevel] ?? 'INFO', (entry) =>
      json.entry(fromTemporal[entry.level], entry.message, { context: 'temporal', ...(entry.meta ?? {}) }),
    ),
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, roles: { projections: false, bridge: true } }), { logger: json });
  const metrics = app.get(Metrics);
  metrics.collectProcessMetrics();
  const metricsServer = config.workerMetricsPort ? await serveMetrics(metrics, config.workerMetricsPort, config.host) : undefined;
  const logger = new Logger('worker');
  const connection = await connectWithRetry(config.temporalAddress);
  const worker = await createMetrologyWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    activities: workerActivities(app),
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
  });
  // Temporal's runtime shuts the worker down on SIGINT and SIGTERM; run() then resolves.
  logger.log(`worker polling task queue "${config.temporalTaskQueue}" on ${config.temporalAddress}`);
  await worker.run();
  metricsServer?.close();
  await app.close();
  await connection.close();
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
