import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureHttp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { JsonLogger } from './operations/json-logger.js';
import { Metrics } from './operations/metrics.js';

/** The HTTP API process: controllers, command and query buses, and the projections. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config, roles: { projections: true, bridge: false } }), {
    bodyParser: false,
    // One JSON object per line, at LOG_LEVEL (src/operations/json-logger.ts).
    logger: new JsonLogger(config.logLevel),
  });
  app.get(Metrics).collectProcessMetrics();
  configureHttp(app, config);
  await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
    // Another program on the port is the user's to resolve; name it plainly, not as a stack trace.
    if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
    throw new ConfigError('PORT', `${config.port} cannot be used on ${config.host} (${error.code}): another program holds it, or it needs privileges; choose another port`);
  });
  new Logger('api').log(`API listening on http://localhost:${config.port} (docs: /api/docs), event store ${config.eventStoreUrl.split(':')[0]}, Temporal ${config.temporalAddress}`);
}

bootstrap().catch((error) => {
  // Configuration errors name the setting; print them plainly, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
