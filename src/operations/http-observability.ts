import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Observable } from 'rxjs';
import { requestContext } from '../http/request-context.js';
import { logContext } from './json-logger.js';
import type { Metrics } from './metrics.js';

/** The route template that answered (`/api/v1/assessment-cases/:caseId`), or `unmatched` (404s, refusals before routing). */
export function routeOf(request: Request): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * Times every request into metrology_http_request_duration_seconds (by method, route template and
 * status) and writes one access log line per request with its request and correlation ids. Runs
 * right after the request-context middleware, so that refusals before routing are counted too.
 */
export function httpObservability(metrics: Metrics, logger = new Logger('http')) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const ids = requestContext(request);
    let reported = false;
    const report = (aborted: boolean) => {
      if (reported) return;
      reported = true;
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(request);
      const status = response.statusCode;
      metrics.observeHttp(request.method, route, status, durationSeconds);
      const durationMs = Math.round(durationSeconds * 10_000) / 10;
      logger.log({
        msg: `${request.method} ${route} ${status} ${durationMs} ms${aborted ? ' (aborted by the client)' : ''}`,
        kind: 'access',
        method: request.method,
        route,
        path: request.path,
        status,
        durationMs,
        requestId: ids.requestId,
        correlationId: ids.correlationId,
        ...(aborted ? { aborted: true } : {}),
      });
    };
    response.once('finish', () => report(false));
    response.once('close', () => report(!response.writableFinished));
    logContext.run(ids, next);
  };
}

/**
 * Carries the request's ids into the handler's asynchronous work (the body parser's stream events
 * can lose the middleware's context), so that every log line written for a request names it.
 */
@Injectable()
export class LogContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const ids = requestContext(context.switchToHttp().getRequest<Request>());
    return new Observable((subscriber) => logContext.run(ids, () => next.handle().subscribe(subscriber)));
  }
}
