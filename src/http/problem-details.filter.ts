import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Request, Response } from 'express';
import { CalendarYearMissingError } from '../calendar/official-calendar.js';
import { IdempotencyConflictError, InvalidEventError, WrongExpectedRevisionError } from '../event-store/errors.js';
import { DocumentIntegrityError } from '../documents/document-store.port.js';
import { DomainError, InvalidDataError, NotFoundError, type LocalizedText } from '../shared/domain-error.js';
import { IdempotentReplay } from './idempotency.js';
import { callerLanguage, requestContext } from './request-context.js';

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

/** Stable problem types and titles per status, in both languages; a domain refusal's type names its rule. */
const PROBLEMS: Record<number, { type: string; en: string; zh: string }> = {
  400: { type: 'invalid-request', en: 'Bad Request', zh: '请求无效' },
  401: { type: 'unauthenticated', en: 'Unauthorized', zh: '未认证' },
  403: { type: 'forbidden', en: 'Forbidden', zh: '无权操作' },
  404: { type: 'not-found', en: 'Not Found', zh: '未找到' },
  405: { type: 'method-not-allowed', en: 'Method Not Allowed', zh: '不支持该方法' },
  409: { type: 'conflict', en: 'Conflict', zh: '冲突' },
  413: { type: 'body-too-large', en: 'Content Too Large', zh: '请求体过大' },
  415: { type: 'unsupported-media-type', en: 'Unsupported Media Type', zh: '不支持的媒体类型' },
  422: { type: 'unprocessable', en: 'Unprocessable Content', zh: '无法处理的内容' },
  429: { type: 'rate-limited', en: 'Too Many Requests', zh: '请求过于频繁' },
  500: { type: 'internal', en: 'Internal Server Error', zh: '服务器内部错误' },
  503: { type: 'unavailable', en: 'Service Unavailable', zh: '服务不可用' },
};

const wantsChinese = (request: Request) => callerLanguage(request) === 'zh-CN';

const pick = (text: LocalizedText, request: Request) => (wantsChinese(request) ? text['zh-CN'] : text.en);

/**
 * Maps every error to RFC 9457 problem details. Domain refusals become 409 with the rule's own
 * words, 422 when the rule refuses the submitted data itself; malformed input becomes 4xx; only a
 * fault of the server itself becomes 500, and its details stay in the log rather than in the answer.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // A resend with an Idempotency-Key: the stored answer, as it was (src/http/idempotency.ts).
    if (exception instanceof IdempotentReplay) return exception.write(response);
    const problem = this.toProblem(exception, request);
    if (problem.status >= 500) this.logger.error(`${request.method} ${request.originalUrl} failed [${problem.requestId}]`, (exception as Error)?.stack);
    response.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, request: Request): Problem {
    const base = (status: number, detail: string, extra: Partial<Problem> = {}): Problem => ({
      type: `urn:metrology:problem:${extra.code ?? PROBLEMS[status]?.type ?? `http-${status}`}`,
      title: (wantsChinese(request) ? PROBLEMS[status]?.zh : PROBLEMS[status]?.en) ?? 'Error',
      status,
      detail,
      instance: request.originalUrl,
      requestId: requestContext(request).requestId,
      ...extra,
    });
    if (exception instanceof ValidationProblem) {
      return base(400, wantsChinese(request) ? '请求无效，各字段的原因见 errors。' : 'The request is not valid; see errors for each field.', { errors: exception.fields });
    }
    if (exception instanceof CalendarYearMissingError) return base(422, pick(exception.text, request), { code: exception.code });
    // Stored content that no longer matches its hash: withheld, a fault at rest (logged with both hashes as a 500).
    if (exception instanceof DocumentIntegrityError) {
      return base(
        HttpStatus.INTERNAL_SERVER_ERROR,
        wantsChinese(request)
          ? `文件 ${exception.expected} 的存储内容与其 SHA-256 不符，已拒绝提供；该故障已按请求编号记录。`
          : `The stored content of document ${exception.expected} does not match its SHA-256; it is withheld, and the fault has been logged with the request id.`,
        { code: exception.code },
      );
    }
    // Data a computation's rule refuses (before the DomainError it extends): fix the data, not the timing.
    if (exception instanceof InvalidDataError) return base(422, pick(exception.text, request), { code: exception.code });
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
    return base(
      HttpStatus.INTERNAL_SERVER_ERROR,
      wantsChinese(request) ? '服务器未能处理该请求，已按请求编号记录。' : 'The server failed to handle the request; it has been logged with the request id.',
    );
  }
}
