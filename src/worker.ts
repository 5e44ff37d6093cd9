import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { ComparisonActivitiesService } from './comparisons/workflow/comparison.activities.js';
import { AssessmentCaseActivitiesService } from './standards/workflow/assessment-case.activities.js';
import { connectWithRetry, createMetrologyWorker } from './temporal/worker-factory.js';

/** The Temporal worker process: workflows, their activities, and the event-to-workflow bridge. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // The Temporal SDK logs through its own runtime: give it the same level as the rest (before any connection).
  const temporalLevel: Record<string, LogLevel> = { error: 'ERROR', warn: 'WARN', log: 'INFO', debug: 'DEBUG' };
  Runtime.install({ logger: new DefaultLogger(temporalLevel[config.logLevel] ?? 'INFO') });
  const levels = (['error', 'warn', 'log', 'debug'] as const).slice(0, ['error', 'warn', 'log', 'debug'].indexOf(config.logLevel) + 1);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config, roles: { projections: false, bridge: true } }), { logger: [...levels] });
  const logger = new Logger('worker');
  const connection = await connectWithRetry(config.temporalAddress);
  const worker = await createMetrologyWorker({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.temporalTaskQueue,
    activities: { ...app.get(AssessmentCaseActivitiesService).bound(), ...app.get(ComparisonActivitiesService).bound() },
  });
  // Temporal's runtime shuts the worker down on SIGINT and SIGTERM; run() then resolves.
  logger.log(`worker polling task queue "${config.temporalTaskQueue}" on ${config.temporalAddress}`);
  await worker.run();
  await app.close();
  await connection.close();
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
