import { BadRequestException, UnsupportedMediaTypeException, ValidationPipe, type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import helmet from 'helmet';
import type { AppConfig } from './config/app-config.js';
import { RateLimiter } from './http/rate-limit.js';
import { consoleSecurityHeaders, isConsolePath, serveConsole } from './console/serve-console.js';
import { requestContextMiddleware } from './http/request-context.js';
import { ValidationProblem } from './http/problem-details.filter.js';
import { httpObservability } from './operations/http-observability.js';
import { Metrics } from './operations/metrics.js';

/** Largest JSON body the API accepts; larger ones get 413. */
export const MAX_BODY = '256kb';
/** Deepest nesting of objects and arrays a JSON body may have; the request DTOs need a few levels. */
export const MAX_BODY_DEPTH = 32;

/** A lone surrogate (not Unicode) or U+0000 (PostgreSQL's text and jsonb cannot hold it). */
const NOT_STORABLE = /[\p{Cs}\u0000]/u;
/** Keys the validation pipe deletes silently (stripProtoKeys), so that forbidNonWhitelisted never sees them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a parsed JSON body is refused before validation, or undefined. Iterative: no depth overflows it. */
function hostileJson(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const pending: [object, number][] = [[body, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > MAX_BODY_DEPTH) return `The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`;
    for (const [key, value] of Object.entries(node)) {
      if (PROTOTYPE_KEYS.has(key)) return `The request body has the property "${key}", which no operation accepts.`;
      if (NOT_STORABLE.test(key) || (typeof value === 'string' && NOT_STORABLE.test(value))) {
        return 'The request body holds a string with a lone surrogate (not Unicode) or the character U+0000.';
      }
      if (typeof value === 'object' && value !== null) pending.push([value, depth + 1]);
    }
  }
  return undefined;
}

/** The only routes whose body may be multipart/form-data (document uploads); every other body is JSON. */
const MULTIPART_ROUTES = new Set(['POST /api/v1/documents']);

/**
 * Refuses with 415 a request whose body is not JSON: the JSON parser leaves such a body unread, and
 * the operation then ran as if it had none (a PATCH whose fields are all optional took a text/plain
 * body for an empty change and answered 404 for the made-up id rather than refusing the body).
 */
function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  // Uploads are multipart forms; their route parses and checks them itself (src/documents/http/).
  if (MULTIPART_ROUTES.has(`${request.method} ${request.path}`) && request.is('multipart/form-data')) return next();
  const length = request.headers['content-length'];
  const hasBody = request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  next(hasBody && !request.is('application/json') ? new UnsupportedMediaTypeException('The request body must be JSON (Content-Type: application/json).') : undefined);
}

/**
 * Refuses with 400 a JSON body whose bytes are not UTF-8 (RFC 8259 §8.1); the parser would replace
 * them with U+FFFD and a corrupted name was accepted and recorded. Called by the JSON body parser.
 */
function requireUtf8(_request: Request, _response: Response, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) throw new BadRequestException('The request body is not valid UTF-8.');
}

/**
 * Refuses with 400 a JSON body that parses but that no operation accepts, before the validation
 * pipe sees it (each of these was found by test/e2e/hostile-input.e2e.spec.ts):
 * - nesting deeper than MAX_BODY_DEPTH: class-transformer recurses once per level and overflowed
 *   the stack on 10,000 levels, a 500;
 * - strings or keys with a lone surrogate or U+0000: the validators accepted them and the event
 *   was recorded, though PostgreSQL's jsonb refuses both, so the projection's document could not;
 * - the keys "__proto__", "constructor" and "prototype": Nest's ValidationPipe deletes them
 *   without a word before validating, so a valid body carrying them was accepted (201) instead of
 *   refused as having unknown properties.
 */
function refuseHostileJson(request: Request, _response: Response, next: NextFunction): void {
  const problem = hostileJson(request.body);
  next(problem ? new BadRequestException(problem) : undefined);
}

/** HTTP set-up shared by main.ts and the end-to-end tests, so the tests exercise the real edge. */
export function configureHttp(app: INestApplication, config: Pick<AppConfig, 'rateLimits' | 'corsOrigins' | 'trustProxy' | 'production' | 'oidc' | 'jwtSecret'>): void {
  const express = app as NestExpressApplication;
  // Behind a reverse proxy every client would otherwise share the proxy's address and rate limit.
  express.set('trust proxy', config.trustProxy);
  // First the request id, so that every answer below, a refusal included, carries it.
  app.use(requestContextMiddleware);
  // Then timing and the access log, so that refusals below (413, 415, 429) are counted and logged too.
  app.use(httpObservability(app.get(Metrics)));
  // Security headers. The API answers JSON only, so its pages may load nothing; Swagger UI needs its own scripts and styles.
  const strict = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } } });
  const docs = helmet({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] } } });
  // The web console (src/console/) runs its own scripts and may call an identity provider.
  const consolePages = consoleSecurityHeaders(config);
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path.startsWith('/api/docs') ? docs : isConsolePath(request.path) ? consolePages : strict)(request, response, next),
  );
  // The console's pages and files: every path outside /api, /health and /metrics.
  app.use(serveConsole(config));
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['X-Request-Id', 'X-Correlation-Id', 'Retry-After', 'Location', 'Idempotent-Replayed'] });
  app.use(new RateLimiter(config.rateLimits).middleware());
  express.use(requireJsonBody);
  // Nest's type leaves out `verify` because it takes it over for `rawBody: true`; neither main.ts
  // nor the tests set rawBody, and then the options reach body-parser as they are.
  express.useBodyParser('json', { limit: MAX_BODY, verify: requireUtf8 } as NestExpressBodyParserOptionsFor<'json'>);
  express.use(refuseHostileJson);
  express.disable('x-powered-by');
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
