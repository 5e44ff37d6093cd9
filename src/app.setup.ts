import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { requestContextMiddleware } from './http/request-context.js';
import { ValidationProblem } from './http/problem-details.filter.js';

/** Largest JSON body the API accepts; larger ones get 413. */
export const MAX_BODY = '256kb';

/** HTTP set-up shared by main.ts and the end-to-end tests, so the tests exercise the real edge. */
export function configureHttp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: MAX_BODY });
  express.disable('x-powered-by');
  app.use(requestContextMiddleware);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => ValidationProblem.fromErrors(errors),
    }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Legal metrology workflow engine')
      .setDescription('Assessment of measurement standards, measurement comparisons and local technical specifications, as an event-sourced record.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
