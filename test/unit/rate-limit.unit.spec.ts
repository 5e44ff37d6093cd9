import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from '../../src/http/rate-limit.js';

describe('rate limits', () => {
  it('lets a minute of requests through per address, then asks to wait, and refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter({ perAddress: 3, perToken: 0 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('10.0.0.1', undefined))).toEqual([0, 0, 0]);
    expect(limiter.take('10.0.0.1', undefined)).toBe(20); // one token per 20 s at 3 a minute
    expect(limiter.take('10.0.0.2', undefined)).toBe(0); // another address has its own bucket
    now = 20_000;
    expect(limiter.take('10.0.0.1', undefined)).toBe(0);
    expect(limiter.take('10.0.0.1', undefined)).toBeGreaterThan(0);
  });

  it('limits a bearer token across addresses', () => {
    const limiter = new RateLimiter({ perAddress: 100, perToken: 2 }, () => 0);
    expect(limiter.take('10.0.0.1', 'Bearer abc')).toBe(0);
    expect(limiter.take('10.0.0.2', 'Bearer abc')).toBe(0);
    expect(limiter.take('10.0.0.3', 'Bearer abc')).toBe(30);
    expect(limiter.take('10.0.0.3', 'Bearer other')).toBe(0);
  });

  it('turns a limit off with 0', () => {
    const limiter = new RateLimiter({ perAddress: 0, perToken: 0 }, () => 0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('10.0.0.1', 'Bearer abc')).toBe(0);
  });
});
