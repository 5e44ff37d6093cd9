import { HttpException, HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';

export interface RateLimits {
  /** Requests per minute from one client address; 0 turns the limit off. */
  perAddress: number;
  /** Requests per minute with one bearer token; 0 turns the limit off. */
  perToken: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token buckets per client address and per bearer token, refilled continuously to the per-minute
 * rate (bursts up to one minute's worth). Limits hold per process: with several API nodes behind a
 * balancer, each enforces its own. /health and /metrics are exempt so that probes and scrapers never trip it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = Date.now();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the request may be retried, or 0 when it may pass now. */
  take(address: string, authorization: string | undefined): number {
    const now = this.now();
    this.sweep(now);
    let wait = this.takeFrom(`a:${address}`, this.limits.perAddress, now);
    if (authorization?.startsWith('Bearer ')) {
      // The token itself is the key (hashed): verifying it here would put crypto before the limit.
      const key = `t:${createHash('sha256').update(authorization).digest('base64url').slice(0, 22)}`;
      wait = Math.max(wait, this.takeFrom(key, this.limits.perToken, now));
    }
    return wait;
  }

  private takeFrom(key: string, perMinute: number, now: number): number {
    if (perMinute <= 0) return 0;
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerMs / 1000));
  }

  /** Forgets buckets untouched for two minutes (they are full again by then). */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.updatedAt > 120_000) this.buckets.delete(key);
  }

  middleware() {
    return (request: Request, response: Response, next: NextFunction): void => {
      if (request.path === '/health' || request.path === '/metrics') return next();
      const wait = this.take(request.ip ?? request.socket.remoteAddress ?? 'unknown', request.header('authorization'));
      if (wait === 0) return next();
      response.setHeader('Retry-After', String(wait));
      // The exception filter writes the problem document, in the caller's language.
      next(new HttpException(`Too many requests; retry after ${wait} s.`, HttpStatus.TOO_MANY_REQUESTS));
    };
  }
}
