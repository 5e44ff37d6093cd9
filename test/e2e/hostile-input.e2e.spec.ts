import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import request from 'supertest';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { startApp, tokenFor } from '../support/app.js';
import { createTestDatabase, startDevServer } from '../support/services.js';

/**
 * Property-based tests over every write operation of the OpenAPI document: hostile bodies (wrong
 * types, huge strings, deep nesting, prototype-pollution keys, lone surrogates, impossible dates,
 * numbers as strings, arrays where objects belong, null, no body, other content types, thousands
 * of keys, malformed JSON, invalid UTF-8) always get a 4xx as problem details without a stack
 * trace, and the event store holds exactly the events it held before.
 *
 * The operations come from /api/docs-json, so a new write operation is covered as soon as it is
 * published; it only needs an entry in CALLER, the token of a role allowed to call it.
 */

/** Runs per operation, and the seed that makes a run reproducible (override: HOSTILE_SEED, HOSTILE_RUNS). */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 150);
const SEED = Number(process.env.HOSTILE_SEED ?? 20_240_409);

const institution = tokenFor('institution', { sub: 'engineer-hostile', institutionId: 'county-institute-hostile' });
const admin = tokenFor('admin');
const secretariat = tokenFor('secretariat');
const expert = tokenFor('expert');
/**
 * A token of a role allowed to call each write operation, keyed "METHOD /path" as in the OpenAPI
 * document (src/identity/permissions.ts says which roles may). A new operation fails the first
 * test below until it has an entry here.
 */
const CALLER: Record<string, string> = {
  'POST /api/v1/assessment-cases': institution,
  'POST /api/v1/assessment-cases/completeness': institution,
  'POST /api/v1/documents': institution,
  'POST /api/v1/assessment-cases/{caseId}/supplement-requests': secretariat,
  'POST /api/v1/assessment-cases/{caseId}/resubmissions': institution,
  'POST /api/v1/assessment-cases/{caseId}/acceptance': secretariat,
  'POST /api/v1/assessment-cases/{caseId}/assessors': secretariat,
  'POST /api/v1/assessment-cases/{caseId}/evaluation': secretariat,
  'POST /api/v1/assessment-cases/{caseId}/rectification-requests': expert,
  'POST /api/v1/assessment-cases/{caseId}/rectifications': institution,
  'POST /api/v1/assessment-cases/{caseId}/rectification-confirmations': expert,
  'POST /api/v1/assessment-cases/{caseId}/conclusions': expert,
  'POST /api/v1/assessment-cases/{caseId}/decisions': secretariat,
  'POST /api/v1/assessment-cases/{caseId}/decision-extensions': secretariat,
  'POST /api/v1/assessment-cases/{caseId}/technical-checks/repeatability': institution,
  'POST /api/v1/assessment-cases/{caseId}/technical-checks/stability': expert,
  'POST /api/v1/assessment-cases/{caseId}/technical-checks/uncertainty-budget': institution,
  'POST /api/v1/assessment-cases/{caseId}/technical-checks/verification-of-results': expert,
  'POST /api/v1/certificates/{caseId}/sealing': secretariat,
  'POST /api/v1/certificates/{caseId}/revocation': secretariat,
  'POST /api/v1/certificates/{caseId}/cancellation': secretariat,
  'POST /api/v1/certificates/{caseId}/changes': institution,
  'POST /api/v1/comparisons/evaluate': institution,
  'POST /api/v1/comparisons': secretariat,
  'POST /api/v1/comparisons/{comparisonId}/approval': secretariat,
  'POST /api/v1/comparisons/{comparisonId}/protocol': institution,
  'POST /api/v1/comparisons/{comparisonId}/consultations': institution,
  'POST /api/v1/comparisons/{comparisonId}/pre-test': institution,
  'POST /api/v1/comparisons/{comparisonId}/stability-checks': institution,
  'POST /api/v1/comparisons/{comparisonId}/circulation': institution,
  'POST /api/v1/comparisons/{comparisonId}/handovers': institution,
  'POST /api/v1/comparisons/{comparisonId}/receipts': institution,
  'POST /api/v1/comparisons/{comparisonId}/results': institution,
  'POST /api/v1/comparisons/{comparisonId}/correction-requests': institution,
  'POST /api/v1/comparisons/{comparisonId}/correction-decisions': institution,
  'POST /api/v1/comparisons/{comparisonId}/draft-a': institution,
  'POST /api/v1/comparisons/{comparisonId}/draft-b': institution,
  'POST /api/v1/comparisons/{comparisonId}/report-approval': secretariat,
  'POST /api/v1/comparisons/{comparisonId}/publication': secretariat,
  'POST /api/v1/comparisons/{comparisonId}/follow-up/cause-analysis': institution,
  'POST /api/v1/comparisons/{comparisonId}/follow-up/corrective-action': institution,
  'POST /api/v1/comparisons/{comparisonId}/follow-up-closures': secretariat,
  'POST /api/v1/specifications': institution,
  'POST /api/v1/specifications/{projectId}/appraisal': secretariat,
  'POST /api/v1/specifications/{projectId}/public-notice': secretariat,
  'POST /api/v1/specifications/{projectId}/plan': secretariat,
  'POST /api/v1/specifications/{projectId}/cancellation': secretariat,
  'POST /api/v1/specifications/{projectId}/drafter-change': secretariat,
  'POST /api/v1/specifications/{projectId}/drafting-group': secretariat,
  'POST /api/v1/specifications/{projectId}/versions': expert,
  'POST /api/v1/specifications/{projectId}/consultation': secretariat,
  'POST /api/v1/specifications/{projectId}/comments': institution,
  'POST /api/v1/specifications/{projectId}/comment-period-closure': secretariat,
  'POST /api/v1/specifications/{projectId}/comments/{commentId}/disposition': expert,
  'POST /api/v1/specifications/{projectId}/review': secretariat,
  'POST /api/v1/specifications/{projectId}/meetings': secretariat,
  'POST /api/v1/specifications/{projectId}/submission': secretariat,
  'POST /api/v1/specifications/{projectId}/publication': secretariat,
  'POST /api/v1/specifications/{projectId}/filing': secretariat,
  'POST /api/v1/specifications/{projectId}/entry-into-force': secretariat,
  'POST /api/v1/specifications/{projectId}/periodic-review': secretariat,
  'POST /api/v1/specifications/{projectId}/effect-evaluation': secretariat,
  'POST /api/v1/specifications/{projectId}/evaluation-conclusion': secretariat,
  'POST /api/v1/integrity/anchors': admin,
  'POST /api/v1/registry/institutions': admin,
  'PATCH /api/v1/registry/institutions/{institutionId}': admin,
  'POST /api/v1/registry/experts': admin,
  'POST /api/v1/registry/experts/{expertId}/qualifications': admin,
  'POST /api/v1/registry/experts/{expertId}/qualification-revocations': admin,
  'POST /api/v1/registry/experts/{expertId}/affiliations': admin,
  'POST /api/v1/registry/experts/{expertId}/interests': admin,
  'POST /api/v1/registry/conflict-check': admin,
  // Public, development only (src/console/): signs a token, records nothing.
  'POST /api/v1/dev/sign-in': admin,
};

// ---------------------------------------------------------------------------------------------
// The OpenAPI document, as far as these tests read it

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
}

interface Operation {
  key: string;
  method: 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  /** The JSON body's schema, resolved; undefined when the operation declares no body. */
  body?: Schema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string }[] }>>;
  components?: { schemas?: Record<string, Schema> };
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

function writeOperations(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema, depth = 0): Schema => {
    if (depth > 20) return schema;
    if (schema.$ref) {
      const name = schema.$ref.replace('#/components/schemas/', '');
      const target = doc.components?.schemas?.[name];
      if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
      return resolve({ ...target, ...schema, $ref: undefined }, depth + 1);
    }
    let merged: Schema = { ...schema };
    if (schema.allOf) {
      merged = schema.allOf.map((s) => resolve(s, depth + 1)).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties }, required: [...(a.required ?? []), ...(b.required ?? [])] }), { ...schema, allOf: undefined });
    }
    if (merged.properties) merged.properties = Object.fromEntries(Object.entries(merged.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    if (merged.items) merged.items = resolve(merged.items, depth + 1);
    return merged;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of WRITE_METHODS) {
      const op = item[method];
      if (!op) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        body: schema ? resolve(schema) : undefined,
      });
    }
  }
  return operations;
}

/** A body the schema accepts, from its examples and enums. */
function sampleOf(schema: Schema): unknown {
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'object':
    case undefined:
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleOf(v)]));
    case 'array':
      return schema.items ? [sampleOf(schema.items)] : [];
    case 'string':
      if (schema.format === 'date-time') return '2024-01-02T03:04:05.000Z';
      if (schema.format === 'date') return '2024-01-02';
      if (schema.format === 'uuid') return '7d3c1a00-0000-4000-8000-000000000000';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

interface Field {
  path: string[];
  schema: Schema;
  required: boolean;
}

/** Every field of a body schema, nested ones included (the root is the field with the empty path). */
function fieldsOf(schema: Schema, path: string[] = [], required = true): Field[] {
  const own: Field = { path, schema, required };
  if (path.length > 8 || !schema.properties) return [own];
  const children = Object.entries(schema.properties).flatMap(([name, child]) => fieldsOf(child, [...path, name], schema.required?.includes(name) ?? false));
  return [own, ...children];
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Sets an own, enumerable property, also for "__proto__" (an object literal would set the prototype). */
function withKey<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const loneSurrogate = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((c) => String.fromCharCode(c));
const withLoneSurrogate = fc.tuple(fc.string({ maxLength: 10 }), loneSurrogate, fc.string({ maxLength: 10 })).map(([a, s, b]) => a + s + b);
const withNul = fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`);
const impossibleDate = fc.constantFrom('2023-02-30', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T25:61:61Z', '0000-00-00', '+275760-09-14T00:00:00.001Z', '2024-01-01T00:00:00+99:99', 'yesterday', '');
const hugeString = fc.integer({ min: 1_000, max: 120_000 }).map((n) => 'x'.repeat(n));
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  withLoneSurrogate,
  withNul,
  impossibleDate,
  hugeString,
  fc.constantFrom(' ', 'null', 'undefined', 'NaN', '-0', '1e309', '{"$gt":""}', "'; DROP TABLE events; --", '<script>alert(1)</script>', '../../etc/passwd', '%00', '\u202e', '\ufeff', '𝕏'.repeat(2_000)),
);
const numberAsString = fc.oneof(fc.integer().map(String), fc.double().map(String), fc.constantFrom('1e3', '0x10', 'NaN', 'Infinity', '-0', ' 42 ', '1_000'));
const scalar = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), hostileText, fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1e308, 2 ** 53));
/** Any JSON value, hostile strings and keys included, bounded in depth. */
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTO_KEYS), withLoneSurrogate), tie('value')), { maxLength: 4 }).map((entries) => entries.reduce((o, [k, v]) => withKey(o, k, v), {} as object)),
  ),
})).value;

/** A value the field's schema refuses. `required` decides whether null/absent counts as refused. */
function invalidFor(field: Field): fc.Arbitrary<unknown> {
  const { schema, required } = field;
  const options: fc.Arbitrary<unknown>[] = [];
  const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.array(scalar, { maxLength: 3 }), fc.constant({}));
  if (required) options.push(fc.constant(null));
  if (schema.enum?.length) {
    const allowed = new Set(schema.enum);
    options.push(hostileText.filter((s) => !allowed.has(s)), fc.constantFrom(...schema.enum.map((e) => (typeof e === 'string' ? e.toLowerCase() : e)), ...schema.enum.map((e) => ` ${String(e)}`)).filter((v) => !allowed.has(v)), notString);
  } else if (schema.type === 'string') {
    options.push(notString, withLoneSurrogate, withNul);
    if (schema.maxLength !== undefined) options.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 100_000 }).map((n) => 'é'.repeat(n)));
    if ((schema.minLength ?? 0) > 0) options.push(fc.constant(''));
    // A date field: by its format, or by an example that is a date (the DTOs give one).
    if (schema.format === 'date-time' || schema.format === 'date' || (typeof schema.example === 'string' && /^\d{4}-\d{2}-\d{2}/.test(schema.example))) options.push(impossibleDate);
  } else if (schema.type === 'integer' || schema.type === 'number') {
    options.push(numberAsString, fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({}));
    if (schema.type === 'integer') options.push(fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true }));
    if (schema.minimum !== undefined) options.push(fc.constant(schema.minimum - 1));
    if (schema.maximum !== undefined) options.push(fc.constant(schema.maximum + 1));
  } else if (schema.type === 'boolean') {
    options.push(fc.constantFrom('true', 'false', 1, 0, 'yes'), fc.constant([]));
  } else if (schema.type === 'array') {
    options.push(fc.constant({}), hostileText, fc.integer());
  } else {
    // An object: arrays where objects belong, scalars, deep nesting, an unknown key.
    options.push(
      fc.array(scalar, { maxLength: 3 }),
      fc.array(fc.constant(sampleOf(schema)), { minLength: 1, maxLength: 3 }),
      scalar.filter((v) => v !== null),
      fc.integer({ min: 50, max: 2_000 }).map((depth) => JSON.parse(deeplyNested(depth, 'object'))),
      fc.tuple(unknownKey(schema), anyJson).map(([k, v]) => withKey(structuredClone(sampleOf(schema)) as object, k, v)),
    );
  }
  return fc.oneof(...options);
}

/** A key the object schema does not declare: a random name, or one aimed at the prototype. */
function unknownKey(schema: Schema): fc.Arbitrary<string> {
  const declared = new Set(Object.keys(schema.properties ?? {}));
  return fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ minLength: 1, maxLength: 30 }), withLoneSurrogate).filter((k) => !declared.has(k));
}

function setAt(root: unknown, path: string[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (remove) delete node[last];
  else withKey(node, last, value);
  return copy;
}

// ---------------------------------------------------------------------------------------------
// Hostile requests

interface HostileRequest {
  kind: string;
  contentType?: string;
  body?: string | Buffer;
  pathValues: string[];
}

const json = (value: unknown) => JSON.stringify(value) ?? 'null';

/** The bodies: each is refused by the operation's schema (or is no JSON at all). */
function hostileBodies(op: Operation): fc.Arbitrary<Omit<HostileRequest, 'pathValues'>> {
  const declared = new Set(Object.keys(op.body?.properties ?? {}));
  const freshKey = fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !declared.has(k) && !(PROTO_KEYS as readonly string[]).includes(k));
  const kinds: fc.Arbitrary<Omit<HostileRequest, 'pathValues'>>[] = [
    // Top-level values that are no object: null, scalars, numbers as strings, arrays.
    fc.oneof(scalar, numberAsString, fc.array(anyJson, { maxLength: 5 }), fc.constant([]), fc.constant(op.body ? [sampleOf(op.body)] : [])).map((v) => ({ kind: 'not an object', contentType: 'application/json', body: json(v) })),
    // Objects with at least one undeclared key.
    fc.tuple(freshKey, anyJson, fc.array(fc.tuple(fc.string({ maxLength: 12 }), anyJson), { maxLength: 5 })).map(([k, v, rest]) => ({
      kind: 'undeclared keys',
      contentType: 'application/json',
      body: json(rest.reduce((o, [rk, rv]) => withKey(o, rk, rv), withKey({}, k, v))),
    })),
    // Huge numbers of keys (within the body limit).
    fc.integer({ min: 1_000, max: 12_000 }).map((n) => ({
      kind: 'many keys',
      contentType: 'application/json',
      body: json(Object.fromEntries([...Array.from({ length: n }, (_, i) => [`k${i}`, i]), ...Object.entries(op.body ? (sampleOf(op.body) as object) : {})])),
    })),
    // Deep nesting at the top (under a declared property: the broken-field mutations below).
    fc.tuple(fc.integer({ min: 100, max: 40_000 }), fc.constantFrom('array' as const, 'object' as const)).map(([depth, shape]) => ({ kind: 'deep nesting', contentType: 'application/json', body: deeplyNested(depth, shape) })),
    // Prototype-pollution keys, alone or next to a valid body.
    fc.tuple(fc.constantFrom(...PROTO_KEYS), fc.constantFrom({ admin: true }, { roles: ['admin'] }, { prototype: { admin: true } }, null, 'x'), fc.boolean()).map(([key, value, withSample]) => ({
      kind: 'prototype pollution',
      contentType: 'application/json',
      body: json(withKey(withSample && op.body ? (structuredClone(sampleOf(op.body)) as object) : {}, key, value)),
    })),
    // Text that is no JSON, or JSON cut short.
    fc.oneof(fc.constantFrom('{', '{"a":', "{'a':1}", 'undefined', '{"a":1,}', 'NaN', '[1,2', '{"a":01}', '\u0000', '{"a":"\\ud800', '{"a":"\\x41"}', '{"a" 1}', 'tru'), fc.string({ maxLength: 60 }).filter((s) => s.trim() !== '' && !parses(s)))
      .map((text) => ({ kind: 'malformed JSON', contentType: 'application/json', body: text })),
    // Bytes that are not UTF-8 inside a string of an otherwise valid body.
    fc.constantFrom(Buffer.from([0xff, 0xfe]), Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0x80])).map((bad) => {
      const text = json(op.body ? sampleOf(op.body) : { a: 'x' });
      // Inside the last string value, so that a decoder that replaces bad bytes yields a valid body.
      const at = text.lastIndexOf('":"') + 3;
      return { kind: 'invalid UTF-8', contentType: 'application/json', body: Buffer.concat([Buffer.from(text.slice(0, at)), bad, Buffer.from(text.slice(at))]) };
    }),
    // Other content types, or a charset the API does not read, with a valid-looking body.
    fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=utf-16', 'application/json; charset=latin-9', 'text/json'), fc.boolean()).map(
      ([contentType, sample]) => ({ kind: 'content type', contentType, body: sample && op.body ? json(sampleOf(op.body)) : 'kind=NEW&standard[name]=x' }),
    ),
    // No body, or an empty one.
    fc.constantFrom({ kind: 'no body' }, { kind: 'empty body', contentType: 'application/json', body: '' }, { kind: 'empty body', contentType: 'application/json', body: '   ' }),
  ];
  if (op.body) {
    const fields = fieldsOf(op.body);
    const stringFields = fields.filter((f) => f.schema.type === 'string' && !f.schema.enum);
    // The valid sample with one to three fields broken: wrong types, huge strings, absent
    // required fields, impossible dates, numbers as strings, arrays for objects...
    const mutation = fc.constantFrom(...fields).chain((field) =>
      field.required && field.path.length > 0
        ? fc.oneof(invalidFor(field).map((value) => ({ field, value, remove: false })), fc.constant({ field, value: undefined, remove: true }))
        : invalidFor(field).map((value) => ({ field, value, remove: false })),
    );
    kinds.push(
      fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
        // Every mutation is invalid on its own; the first is applied last, so none can undo it. When
        // an earlier one replaced or removed its parent, the first is applied to the sample alone.
        const apply = (value: unknown, m: (typeof mutations)[number]) => setAt(value, m.field.path, m.value, m.remove);
        let value = sampleOf(op.body!);
        for (const m of mutations.slice(1)) {
          try {
            value = apply(value, m);
          } catch {
            // Its parent is no longer an object: this mutation has nothing left to break.
          }
        }
        try {
          value = apply(value, mutations[0]);
        } catch {
          value = apply(sampleOf(op.body!), mutations[0]);
        }
        return { kind: 'broken field', contentType: 'application/json', body: json(value) };
      }),
    );
    if (stringFields.length) {
      // The valid sample with invalid Unicode (a lone surrogate) or a NUL in one of its strings.
      kinds.push(
        fc.tuple(fc.constantFrom(...stringFields), fc.oneof(withLoneSurrogate, withNul)).map(([field, text]) => ({
          kind: 'invalid Unicode',
          contentType: 'application/json',
          body: json(setAt(sampleOf(op.body!), field.path, text)),
        })),
      );
    }
  }
  return fc.oneof(...kinds);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Path parameters: valid UUIDs, or hostile segments (percent-encoded as a client would send them). */
const pathValue = fc.oneof(
  fc.uuid(),
  fc.constantFrom('not-a-uuid', '..', '%2e%2e', '%00', '%FF', '%ED%A0%80', '%25', '0', '-1', 'null', '__proto__', 'x'.repeat(2_000), '7d3c1a00-0000-4000-8000-00000000000g'),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)),
);

// ---------------------------------------------------------------------------------------------

describe('hostile input to every write operation (PostgreSQL, Temporal dev server)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let app: INestApplication;
  let operations: Operation[] = [];
  const covered = { operations: new Set<string>(), requests: 0, byKind: new Map<string, number>() };

  beforeAll(async () => {
    env = await startDevServer();
    db = await createTestDatabase();
    store = new PostgresEventStore(db.url);
    await store.init();
    app = await startApp({ eventStore: store, temporalClient: env.client, taskQueue: 'hostile-e2e' });
    const docs = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    operations = writeOperations(docs.body as OpenApiDocument);
  });

  afterAll(async () => {
    console.log(
      `hostile input: ${covered.operations.size} write operations, ${covered.requests} generated requests (seed ${SEED}, ${RUNS} runs per operation)` +
        ` by kind: ${[...covered.byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    await app?.close();
    await store?.close();
    await db?.drop();
    await env?.teardown();
  });

  const eventCount = async () => (await store.readAll({ limit: 1_000_000 })).length;

  const send = (op: Operation, req: { contentType?: string; body?: string | Buffer; pathValues?: string[] }) => {
    let path = op.path;
    op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, req.pathValues?.[i] ?? '7d3c1a00-0000-4000-8000-000000000000')));
    let call = request(app.getHttpServer())[op.method](path).set('Authorization', `Bearer ${CALLER[op.key]}`);
    if (req.contentType !== undefined) call = call.set('Content-Type', req.contentType);
    if (req.body === undefined) return call;
    // Bytes as they are: superagent would otherwise send a Buffer as JSON ({"type":"Buffer",...}).
    return Buffer.isBuffer(req.body) ? call.serialize((bytes: Buffer) => bytes as unknown as string).send(req.body) : call.send(req.body);
  };

  /** Why the response breaks the rules, or undefined when it keeps them. */
  function problemWith(op: Operation, res: request.Response): string | undefined {
    const text = res.text ?? '';
    if (/\n\s+at \S+ \(|"stack"\s*:/.test(text)) return `the answer carries a stack trace: ${text.slice(0, 300)}`;
    // An operation that declares no body ignores one; it may succeed, but must not record events.
    if (!op.body && res.status >= 200 && res.status < 300) return undefined;
    if (res.status === 401 || res.status === 403) return `got ${res.status}: the token in CALLER for ${op.key} is not allowed to call it`;
    if (res.status < 400 || res.status >= 500) return `expected a 4xx, got ${res.status}: ${text.slice(0, 300)}`;
    if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) return `expected application/problem+json, got ${res.headers['content-type']}`;
    if (res.body?.status !== res.status) return `the problem's status ${res.body?.status} is not the response's ${res.status}`;
    return undefined;
  }

  it('has a caller for every write operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(0);
    const missing = operations.filter((op) => !CALLER[op.key]).map((op) => op.key);
    expect({ writeOperationsWithoutACallerInHostileInputSpec: missing }).toEqual({ writeOperationsWithoutACallerInHostileInputSpec: [] });
  });

  it('answers every hostile body to every write operation with a 4xx problem, and records nothing', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => CALLER[o.key])) {
      covered.operations.add(op.key);
      const before = await eventCount();
      const property = fc.asyncProperty(hostileBodies(op), fc.array(pathValue, { minLength: op.pathParams.length, maxLength: op.pathParams.length }), async (hostile, pathValues) => {
        covered.requests += 1;
        covered.byKind.set(hostile.kind, (covered.byKind.get(hostile.kind) ?? 0) + 1);
        const res = await send(op, { ...hostile, pathValues });
        const problem = problemWith(op, res);
        if (problem) throw new Error(`${op.key} (${hostile.kind}): ${problem}`);
      });
      const result = await fc.check(property, { numRuns: RUNS, seed: SEED, endOnFailure: process.env.HOSTILE_SHRINK !== '1' });
      if (result.failed) {
        const example = JSON.stringify(result.counterexample, (_k, v) => (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}…(${v.length} chars)` : v?.type === 'Buffer' ? `<bytes ${Buffer.from(v.data).toString('hex').slice(0, 120)}>` : v));
        failures.push(`${op.key}: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}\n  seed ${SEED}, path ${result.counterexamplePath}; counterexample ${example?.slice(0, 1_000)}`);
      }
      const after = await eventCount();
      if (after !== before) failures.push(`${op.key}: the event store held ${before} events before the hostile requests and ${after} after`);
    }
    expect(failures).toEqual([]);
  });

  describe('explicit cases', () => {
    const withBody = () => operations.filter((op) => op.body && CALLER[op.key]);

    it('refuses a 300 KiB body with 413 on every write operation', async () => {
      const before = await eventCount();
      for (const op of operations.filter((o) => CALLER[o.key])) {
        const res = await send(op, { contentType: 'application/json', body: json({ ...(op.body ? (sampleOf(op.body) as object) : {}), padding: 'x'.repeat(300 * 1024) }) });
        expect({ op: op.key, status: res.status, type: res.headers['content-type'] }).toEqual({ op: op.key, status: 413, type: expect.stringMatching(/^application\/problem\+json/) });
      }
      expect(await eventCount()).toBe(before);
    });

    it('refuses text/plain, 10,000-deep JSON and a __proto__ key with 4xx, and the prototype stays clean', async () => {
      expect(withBody().length).toBeGreaterThan(0);
      const before = await eventCount();
      for (const op of withBody()) {
        const sample = json(sampleOf(op.body!));
        const plain = await send(op, { contentType: 'text/plain', body: sample });
        expect({ op: op.key, status: plain.status, problem: problemWith(op, plain) }).toEqual({ op: op.key, status: expect.any(Number), problem: undefined });
        expect([400, 415]).toContain(plain.status);

        for (const shape of ['array', 'object'] as const) {
          const deep = await send(op, { contentType: 'application/json', body: deeplyNested(10_000, shape) });
          expect({ op: op.key, shape, problem: problemWith(op, deep) }).toEqual({ op: op.key, shape, problem: undefined });
          const deepField = await send(op, { contentType: 'application/json', body: `${sample.slice(0, -1)},"nested":${deeplyNested(10_000, shape)}}` });
          expect({ op: op.key, shape, problem: problemWith(op, deepField) }).toEqual({ op: op.key, shape, problem: undefined });
        }

        const polluting = await send(op, { contentType: 'application/json', body: '{"__proto__": {"admin": true}}' });
        expect({ op: op.key, status: polluting.status, problem: problemWith(op, polluting) }).toEqual({ op: op.key, status: 400, problem: undefined });
        const pollutingValid = await send(op, { contentType: 'application/json', body: `${sample.slice(0, -1)},"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}` });
        expect({ op: op.key, status: pollutingValid.status, problem: problemWith(op, pollutingValid) }).toEqual({ op: op.key, status: 400, problem: undefined });
        expect(({} as { admin?: unknown }).admin).toBeUndefined();
        expect((Object.prototype as { admin?: unknown }).admin).toBeUndefined();
      }
      expect(await eventCount()).toBe(before);
    });

    it('lets the valid sample body through validation, so the refusals above are about the hostile parts', async () => {
      // With a made-up id in the path the record may not exist (404) or the rule may refuse (409);
      // what matters is that the sample passes authorisation and validation.
      for (const op of withBody()) {
        const res = await send(op, { contentType: 'application/json', body: json(sampleOf(op.body!)) });
        const passed = (res.status >= 200 && res.status < 300) || ((res.status === 404 || res.status === 409) && !res.body?.errors);
        expect({ op: op.key, passed, status: res.status, body: passed ? undefined : res.body }).toEqual({ op: op.key, passed: true, status: res.status, body: undefined });
      }
    });
  });
});
