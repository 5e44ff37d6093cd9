import type { LoggerService, LogLevel } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppConfig } from '../config/app-config.js';

/** The ids of the request (or workflow step) being handled, for every log line written meanwhile. */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
}

export const logContext = new AsyncLocalStorage<LogContext>();

type Level = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

/** Which levels each LOG_LEVEL setting writes: a level writes itself and everything more severe. */
const ENABLED: Record<AppConfig['logLevel'], readonly Level[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

const STACK = /\n\s+at /;

/**
 * Nest's logger, writing one JSON object per line: `time`, `level`, `msg`, `context` (the logger's
 * name), `requestId` and `correlationId` when a request is being handled, any fields of an object
 * message, and `stack` for errors. Log shippers read it without a parser of their own.
 */
export class JsonLogger implements LoggerService {
  private enabled: Set<Level>;

  constructor(
    level: AppConfig['logLevel'] = 'log',
    private readonly out: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
  ) {
    this.enabled = new Set(ENABLED[level]);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels as Level[]);
  }

  /** One line, for callers that are not Nest loggers (the Temporal runtime's log). */
  entry(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
    if (!this.enabled.has(level)) return;
    this.emit(level, msg, undefined, fields, undefined);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.enabled.has(level)) return;
    // Nest's Logger passes its context last; error() passes the stack before it.
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' && !(rest.length === 1 && level === 'error' && STACK.test(rest[0] as string)) ? (rest.pop() as string) : undefined;
    let stack: string | undefined;
    if ((level === 'error' || level === 'fatal') && rest.length > 0 && (typeof rest[0] === 'string' || rest[0] === undefined)) stack = rest.shift() as string | undefined;
    let msg: string;
    let fields: Record<string, unknown> = {};
    if (message instanceof Error) {
      msg = message.message;
      stack ??= message.stack;
    } else if (typeof message === 'object' && message !== null) {
      const { msg: m, message: mm, ...others } = message as Record<string, unknown>;
      msg = String(m ?? mm ?? '');
      fields = others;
    } else {
      msg = String(message);
    }
    if (rest.length > 0) fields.details = rest;
    this.emit(level, msg, context, fields, stack);
  }

  private emit(level: Level, msg: string, context: string | undefined, fields: Record<string, unknown>, stack: string | undefined): void {
    const ids = logContext.getStore();
    const { time: _time, level: _level, msg: _msg, ...extra } = fields;
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      msg,
      ...(context ? { context } : {}),
      ...(ids?.requestId ? { requestId: ids.requestId } : {}),
      ...(ids?.correlationId ? { correlationId: ids.correlationId } : {}),
      ...extra,
      ...(stack ? { stack } : {}),
    };
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch {
      text = JSON.stringify({ time: line.time, level, msg, ...(context ? { context } : {}), note: 'fields could not be serialised' });
    }
    this.out(text);
  }
}
