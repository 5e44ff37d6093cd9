import { describe, expect, it } from '@jest/globals';
import { canonicalJson, commandIdForKey, IDEMPOTENCY_KEY, requestHashOf } from '../../src/http/idempotency.js';

const request = (method: string, originalUrl: string, body: unknown, headers: Record<string, string> = {}) => ({ method, originalUrl, body, headers });

describe('Idempotency-Key rules', () => {
  it('accepts 1 to 200 characters of letters, digits, ".", "_", ":" and "-", nothing else', () => {
    for (const key of ['a', 'order-2026.11:27_01', 'x'.repeat(200)]) expect(IDEMPOTENCY_KEY.test(key)).toBe(true);
    for (const key of ['', 'x'.repeat(201), 'a b', 'a/b', 'ключ', 'a\nb']) expect(IDEMPOTENCY_KEY.test(key)).toBe(false);
  });

  it('given the same body with its properties in another order, when hashed, then the requests are the same', () => {
    const a = request('POST', '/api/v1/x', { b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } });
    const b = request('POST', '/api/v1/x', { a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 });
    expect(requestHashOf(a)).toBe(requestHashOf(b));
    expect(canonicalJson(a.body)).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
  });

  it('given another method, path, query or body, when hashed, then the requests differ', () => {
    const base = requestHashOf(request('POST', '/api/v1/x', { a: 1 }));
    expect(requestHashOf(request('PATCH', '/api/v1/x', { a: 1 }))).not.toBe(base);
    expect(requestHashOf(request('POST', '/api/v1/y', { a: 1 }))).not.toBe(base);
    expect(requestHashOf(request('POST', '/api/v1/x?z=1', { a: 1 }))).not.toBe(base);
    expect(requestHashOf(request('POST', '/api/v1/x', { a: 2 }))).not.toBe(base);
    expect(requestHashOf(request('POST', '/api/v1/x', [1, 2]))).not.toBe(requestHashOf(request('POST', '/api/v1/x', [2, 1])));
  });

  it('given a multipart upload, when hashed, then its length stands for its body', () => {
    const upload = (length: string) => request('POST', '/api/v1/documents', undefined, { 'content-type': 'multipart/form-data; boundary=x', 'content-length': length });
    expect(requestHashOf(upload('100'))).toBe(requestHashOf(upload('100')));
    expect(requestHashOf(upload('100'))).not.toBe(requestHashOf(upload('101')));
  });

  it('derives one command id per actor, key and request', () => {
    const id = commandIdForKey('admin-1', 'k', 'h');
    expect(commandIdForKey('admin-1', 'k', 'h')).toBe(id);
    expect(new Set([id, commandIdForKey('admin-2', 'k', 'h'), commandIdForKey('admin-1', 'k2', 'h'), commandIdForKey('admin-1', 'k', 'h2')]).size).toBe(4);
  });
});
