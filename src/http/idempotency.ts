import { BadRequestException, Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { from, switchMap, type Observable } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { EVENT_STORE, type EventStore, type IdempotencyRecord, type IdempotentAnswer } from '../event-store/event-store.port.js';
import type { Actor } from '../identity/roles.js';
import { DomainError, InvalidDataError } from '../shared/domain-error.js';

/** 1 to 200 characters of letters, digits, ".", "_", ":" and "-". */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A request still running this long after it claimed its key is taken to have died with its node. */
export const IDEMPOTENCY_LEASE_MS = 60_000;
/** How long a resend waits for the answer of the same request still running, before 409. */
export const IDEMPOTENCY_WAIT_MS = 5_000;
const POLL_MS = 25;
/** Expired answers are deleted at most this often per process. */
const PURGE_EVERY_MS = 10 * 60_000;
/** The headers of an answer that a replay repeats. */
const REPLAYED_HEADERS = ['location', 'content-type'];

interface IdempotentRequest {
  actor?: Actor;
  idempotency?: { key: string; requestHash: string; commandId: string };
}

/**
 * The command id of a write sent with an Idempotency-Key: derived from the actor, the key and the
 * request's hash, so that the same request sent twice (one after the other, or at the same time on
 * two nodes) is one command and records its events once. The hash is part of it so that a key
 * reused for another request after its answer expired is a new command, not taken for the old one.
 * Undefined for a request without a key.
 */
export function idempotentCommandId(request: Request): string | undefined {
  return (request as Request & IdempotentRequest).idempotency?.commandId;
}

export function commandIdForKey(actorId: string, key: string, requestHash: string): string {
  return `idempotency:${createHash('sha256').update(`${actorId}\u0000${key}\u0000${requestHash}`).digest('hex').slice(0, 40)}`;
}

/** JSON with object keys sorted: the same body sent with its properties in another order hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a resend must repeat: method, path with query, and body. A multipart upload is not parsed
 * yet when this runs; its length stands for it (its command id derives from the file's content anyway).
 */
export function requestHashOf(request: Pick<Request, 'method' | 'originalUrl' | 'body'> & { headers: Request['headers'] }): string {
  const multipart = /^multipart\//i.test(request.headers['content-type'] ?? '');
  const body = multipart ? `multipart:${request.headers['content-length'] ?? '?'}` : canonicalJson(request.body ?? null);
  return createHash('sha256').update(`${request.method} ${request.originalUrl}\n${body}`).digest('hex');
}

/** Thrown to answer a resend with the stored answer; the problem-details filter writes it as it was. */
export class IdempotentReplay extends Error {
  constructor(readonly answer: IdempotentAnswer) {
    super('idempotent replay');
    this.name = 'IdempotentReplay';
  }

  write(response: Response): void {
    response.status(this.answer.status);
    for (const [name, value] of Object.entries(this.answer.headers)) response.setHeader(name, value);
    response.setHeader('Idempotent-Replayed', 'true');
    response.send(this.answer.body);
  }
}

const reused = () =>
  new InvalidDataError('idempotency-key-reused', {
    en: 'This Idempotency-Key was already used for a different request (another method, path or body); use a new key for a new request.',
    'zh-CN': '该幂等键（Idempotency-Key）已用于另一个请求（方法、路径或请求体不同）；新的请求请使用新的键。',
  });

const inFlight = () =>
  new DomainError('idempotency-key-in-flight', {
    en: 'A request with this Idempotency-Key is still being processed; send it again in a moment to get its answer.',
    'zh-CN': '使用该幂等键（Idempotency-Key）的请求仍在处理中；请稍后重发以获取其结果。',
  });

/**
 * `Idempotency-Key` on every write under /api/v1 (POST, PUT, PATCH, DELETE) by an authenticated
 * actor. A malformed key is refused (400). The first request with a key claims it in the event
 * store's database, runs with a command id derived from the actor, the key and the request, and
 * its answer (2xx or 4xx: status, body, Location) is stored before it is sent, for
 * IDEMPOTENCY_TTL_HOURS. A resend gets that answer again with `Idempotent-Replayed: true`; a
 * different request with the same key gets 422 `idempotency-key-reused`; a resend while the first
 * is still running waits for its answer up to IDEMPOTENCY_WAIT_MS, then gets 409
 * `idempotency-key-in-flight`. A 5xx is not stored: the claim is dropped and a resend runs again
 * (with the same command id, so that it records nothing twice).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('idempotency');
  private readonly ttlMs: number;
  private nextPurge = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = (config.idempotencyTtlHours ?? 24) * 3_600_000;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & IdempotentRequest>();
    const key = request.header('idempotency-key');
    const actor = request.actor;
    if (key === undefined || !actor || !WRITE_METHODS.has(request.method) || !request.path.startsWith('/api/v1/')) return next.handle();
    if (!IDEMPOTENCY_KEY.test(key)) throw new BadRequestException('Idempotency-Key must be 1 to 200 characters of letters, digits, ".", "_", ":" or "-".');
    const response = context.switchToHttp().getResponse<Response>();
    return from(this.claim(request, response, actor.id, key)).pipe(switchMap(() => next.handle()));
  }

  private async claim(request: Request & IdempotentRequest, response: Response, scope: string, key: string): Promise<void> {
    this.purgeNowAndThen();
    const requestHash = requestHashOf(request);
    const deadline = Date.now() + IDEMPOTENCY_WAIT_MS;
    for (;;) {
      const now = new Date();
      const record: IdempotencyRecord | undefined = await this.store.claimIdempotencyKey(scope, key, requestHash, new Date(now.getTime() + IDEMPOTENCY_LEASE_MS), now);
      if (!record) break;
      if (record.requestHash !== requestHash) throw reused();
      if (record.answer) throw new IdempotentReplay(record.answer);
      // The same request is running (here or on another node): wait for its answer.
      const answer = await this.awaitAnswer(scope, key, requestHash, deadline);
      if (answer) throw new IdempotentReplay(answer);
      if (Date.now() >= deadline) throw inFlight();
      // Its claim was dropped (it failed with a 5xx): claim the key for this request.
    }
    request.idempotency = { key, requestHash, commandId: commandIdForKey(scope, key, requestHash) };
    this.recordAnswer(response, scope, key, requestHash);
  }

  /** The answer once it is stored; undefined when the claim is dropped or the deadline passes. */
  private async awaitAnswer(scope: string, key: string, requestHash: string, deadline: number): Promise<IdempotentAnswer | undefined> {
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const record = await this.store.getIdempotentAnswer(scope, key, new Date());
      if (!record) return undefined;
      if (record.requestHash !== requestHash) throw reused();
      if (record.answer) return record.answer;
    }
    return undefined;
  }

  /**
   * Holds the response's body back until the answer is stored, so that every answer a client has
   * seen is the one a resend gets. A failure to store it is logged; the answer is sent anyway and
   * the claim lapses after IDEMPOTENCY_LEASE_MS (a resend then runs again, recording nothing twice).
   */
  private recordAnswer(response: Response, scope: string, key: string, requestHash: string): void {
    const send = response.send.bind(response);
    response.send = ((body?: unknown) => {
      // An object goes through res.json, which comes back here with its JSON text.
      if (body !== null && body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body)) return send(body);
      response.send = send;
      const status = response.statusCode;
      const text = body === undefined || body === null ? '' : Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = response.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      const stored =
        status >= 500
          ? this.store.releaseIdempotencyKey(scope, key, requestHash)
          : this.store.saveIdempotentAnswer(scope, key, requestHash, { status, body: text, headers }, new Date(Date.now() + this.ttlMs));
      stored
        .catch((error: unknown) => this.logger.warn(`could not store the answer for Idempotency-Key ${key}: ${(error as Error).message}`))
        .finally(() => send(body));
      return response;
    }) as Response['send'];
  }

  private purgeNowAndThen(): void {
    if (Date.now() < this.nextPurge) return;
    this.nextPurge = Date.now() + PURGE_EVERY_MS;
    this.store.purgeIdempotentAnswers(new Date()).catch(() => undefined);
  }
}
