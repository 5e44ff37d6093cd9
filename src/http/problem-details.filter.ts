import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from '../event-store/errors.js';
import { DomainError, NotFoundError, type LocalizedText } from '../shared/domain-error.js';
import { requestContext } from './request-context.js';

/** One field's reason for refusing a request body. */
export interface FieldProblem {
  field: string;
  reasons: string[];
}

/** A 400 that carries every field's reason, raised by the validation pipe. */
export class ValidationProblem extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super('The request is not valid.');
  }

  static fromErrors(errors: ValidationError[], parent = ''): ValidationProblem {
    const fields: FieldProblem[] = [];
    const walk = (list: ValidationError[], prefix: string) => {
      for (const error of list) {
        const field = prefix ? `${prefix}.${error.property}` : error.property;
        if (error.constraints) fields.push({ field, reasons: Object.values(error.constraints) });
        if (error.children?.length) walk(error.children, field);
      }
    };
    walk(errors, parent);
    return new ValidationProblem(fields);
  }
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code?: string;
  errors?: FieldProblem[];
  requestId: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const pick = (text: LocalizedText, request: Request) => (/^zh\b/i.test(request.header('accept-language') ?? '') ? text['zh-CN'] : text.en);

/**
 * Maps every error to RFC 9457 problem details. Domain refusals become 409 with the rule's own
 * words; malformed input becomes 4xx; only a fault of the server itself becomes 500, and its
 * details stay in the log rather than in the answer.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.originalUrl} failed [${problem.requestId}]`, (exception as Error)?.stack);
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, request: Request): Problem {
    const base = (status: number, detail: string, extra: Partial<Problem> = {}): Problem => ({
      type: extra.code ? `urn:metrology:problem:${extra.code}` : 'about:blank',
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      instance: request.originalUrl,
      requestId: requestContext(request).requestId,
      ...extra,
    });
    if (exception instanceof ValidationProblem) return base(400, 'The request is not valid; see errors for each field.', { errors: exception.fields });
    if (exception instanceof DomainError) return base(409, pick(exception.text, request), { code: exception.code });
    if (exception instanceof NotFoundError) return base(404, pick(exception.text, request));
    if (exception instanceof WrongExpectedRevisionError || exception instanceof IdempotencyConflictError) {
      return base(409, `${exception.message}; reload and try again.`, { code: 'concurrency-conflict' });
    }
    if (exception instanceof InvalidEventError) return base(422, exception.message, { code: 'invalid-event' });
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return base(status, Array.isArray(message) ? message.join('; ') : String(message ?? exception.message));
    }
    // Errors raised by body parsing (malformed JSON, body too large) carry their own 4xx status.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail = status === 413 ? 'The request body is too large.' : status === 400 ? 'The request body is not valid JSON.' : (exception as Error).message;
      return base(status, detail);
    }
    return base(HttpStatus.INTERNAL_SERVER_ERROR, 'The server failed to handle the request; it has been logged with the request id.');
  }
}
