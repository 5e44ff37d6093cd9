import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { evaluateComparison, type EvaluationInput } from '../../src/comparisons/domain/evaluation.js';
import { EXAMPLE_RESULTS } from '../../src/comparisons/http/evaluate-comparison.dto.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { ROLES } from '../../src/identity/roles.js';
import { startApp, tokenFor } from '../support/app.js';
import { startDevServer } from '../support/services.js';

/**
 * POST /api/v1/comparisons/evaluate (比对结果评价) over HTTP, on SQLite: the answer of each
 * reference method as the domain computes it, for every role; every 400 the issue lists, as
 * problem details naming the field; the computation's own rules as 422; and nothing recorded.
 */
describe('the comparison evaluation endpoint', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let store: SqliteEventStore;
  let app: INestApplication;
  const institution = tokenFor('institution', { sub: 'engineer-1', institutionId: '91350100M000100Y43' });

  beforeAll(async () => {
    env = await startDevServer();
    dir = mkdtempSync(join(tmpdir(), 'metrology-comparison-e2e-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    app = await startApp({ eventStore: store, temporalClient: env.client, roles: { projections: false, bridge: false } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await env?.teardown();
  });

  const evaluate = (body: unknown, token = institution) => request(app.getHttpServer()).post('/api/v1/comparisons/evaluate').set('Authorization', `Bearer ${token}`).send(body as object);
  const eventCount = async () => (await store.readAll({ limit: 1_000_000 })).length;

  // The README's example: A to D of the weighted-mean example in test/unit/comparison-evaluation.unit.spec.ts.
  const example = { method: 'weighted-mean', unit: 'mg', results: EXAMPLE_RESULTS };

  it('answers the weighted-mean example: the reference with k = 2 and unit, each lab’s En and verdict, and the formula', async () => {
    const response = await evaluate(example).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const { reference, results, formula } = response.body;
    expect(reference).toMatchObject({ method: 'weighted-mean', coverageFactor: 2, unit: 'mg', n: 4 });
    expect(reference.value).toBeCloseTo(10.1, 12);
    expect(reference.expandedUncertainty).toBeCloseTo(0.1428571429, 10);
    expect(results.map((r: { lab: string }) => r.lab)).toEqual(EXAMPLE_RESULTS.map((r) => r.lab));
    expect(results.map((r: { en: number }) => Number(r.en.toFixed(4)))).toEqual([0, -0.4874, 1.2522, -0.4174]);
    expect(results.map((r: { satisfactory: boolean }) => r.satisfactory)).toEqual([true, true, false, true]);
    expect(results[2]).toMatchObject({ lab: 'Jinhua Institute of Metrology', unit: 'mg', coverageFactor: 2, differenceCoverageFactor: 2, covarianceRule: 'in-weighted-mean' });
    expect(formula).toContain('X_ref = Σ(x_i/u_i²) / Σ(1/u_i²)');
    // The HTTP answer is the domain's result, figure for figure.
    expect(response.body).toEqual(JSON.parse(JSON.stringify(evaluateComparison(example as EvaluationInput))));
  });

  it('answers every role the same, records nothing, and asks for a token', async () => {
    const before = await eventCount();
    const first = await evaluate(example).expect(200);
    for (const role of ROLES) {
      const response = await evaluate(example, tokenFor(role)).expect(200);
      expect(response.body).toEqual(first.body);
    }
    expect(await eventCount()).toBe(before);
    await request(app.getHttpServer()).post('/api/v1/comparisons/evaluate').send(example).expect(401);
  });

  it('answers the pilot method (no En for the pilot), the median, a lab outside the reference and the transfer instability', async () => {
    const pilot = await evaluate({
      method: 'pilot',
      pilotLab: 'P',
      unit: 'g',
      results: [
        { lab: 'Q', value: 10.15, expandedUncertainty: 0.2, coverageFactor: 2 },
        { lab: 'P', value: 10.0, expandedUncertainty: 0.05, coverageFactor: 1 },
        { lab: 'R', value: 9.7, expandedUncertainty: 0.2, coverageFactor: 2 },
      ],
    }).expect(200);
    expect(pilot.body.reference).toMatchObject({ value: 10, expandedUncertainty: 0.1, coverageFactor: 2, unit: 'g' });
    expect(pilot.body.results[1]).toMatchObject({ lab: 'P', en: null, satisfactory: null, enNotComputed: { code: 'comparison.pilot-is-reference' } });
    expect(pilot.body.results[2].en).toBeCloseTo(-1.3416407865, 9);

    const median = await evaluate({
      method: 'median',
      unit: 'mV',
      transferStandardUncertainty: 0.05,
      results: [10.0, 10.1, 10.3, 10.2, 11.0].map((value, i) => ({ lab: `L${i}`, value, expandedUncertainty: 0.2, coverageFactor: 2, ...(i === 4 ? { inReference: false } : {}) })),
    }).expect(200);
    // Median of 10.0, 10.1, 10.3, 10.2 (L4 out) = 10.15; L4: cov = 0, u_tr = 0.05 under the root.
    expect(median.body.reference.value).toBeCloseTo(10.15, 12);
    expect(median.body.reference.labs).toEqual(['L0', 'L1', 'L2', 'L3']);
    expect(median.body.results[4]).toMatchObject({ inReference: false, notInReferenceReason: 'declared', covariance: 0 });
    expect(median.body.results[4].formula).toContain('u_i² + u_ref² + u_tr²');
    expect(median.body.transferStandardUncertainty).toEqual({ value: 0.05, unit: 'mV', coverageFactor: 1 });
  });

  it('screens with Grubbs before a mean when asked', async () => {
    const response = await evaluate({
      method: 'arithmetic-mean',
      unit: 'mm',
      outlierScreening: 'grubbs',
      results: [10.0, 10.1, 10.2, 10.1, 12.0].map((value, i) => ({ lab: `L${i}`, value, expandedUncertainty: 0.2, coverageFactor: 2 })),
    }).expect(200);
    expect(response.body.outlierScreening).toMatchObject({ test: 'grubbs', alpha: 0.05, excluded: ['L4'] });
    expect(response.body.results[4]).toMatchObject({ inReference: false, notInReferenceReason: 'grubbs-outlier', satisfactory: false });
    expect(response.body.reference.value).toBeCloseTo(10.1, 12);
  });

  describe('refusals', () => {
    const lab = (name: string, extra: Record<string, unknown> = {}) => ({ lab: name, value: 1, expandedUncertainty: 0.1, coverageFactor: 2, ...extra });
    const body = (extra: Record<string, unknown> = {}) => ({ method: 'weighted-mean', unit: 'V', results: [lab('A'), lab('B')], ...extra });
    const cases: [string, unknown, string][] = [
      ['one lab', body({ results: [lab('A')] }), 'results'],
      ['no labs', body({ results: [] }), 'results'],
      ['no results at all', { method: 'median', unit: 'V' }, 'results'],
      ['a zero expanded uncertainty', body({ results: [lab('A'), lab('B', { expandedUncertainty: 0 })] }), 'results.1.expandedUncertainty'],
      ['a negative expanded uncertainty', body({ results: [lab('A', { expandedUncertainty: -0.1 }), lab('B')] }), 'results.0.expandedUncertainty'],
      ['a zero coverage factor', body({ results: [lab('A'), lab('B', { coverageFactor: 0 })] }), 'results.1.coverageFactor'],
      ['a negative coverage factor', body({ results: [lab('A', { coverageFactor: -2 }), lab('B')] }), 'results.0.coverageFactor'],
      ['an unknown method', body({ method: 'mode' }), 'method'],
      ['no method', { unit: 'V', results: [lab('A'), lab('B')] }, 'method'],
      ['the pilot method without a pilot lab', body({ method: 'pilot' }), 'pilotLab'],
      ['a pilot lab not among the results', body({ method: 'pilot', pilotLab: 'Z' }), 'pilotLab'],
      ['a pilot lab not among the results, with another method', body({ pilotLab: 'Z' }), 'pilotLab'],
      ['duplicate lab names', body({ results: [lab('A'), lab('B'), lab('A', { value: 2 })] }), 'results'],
      ['a value given as a string', body({ results: [lab('A'), lab('B', { value: '1.0' })] }), 'results.1.value'],
      ['a negative transfer instability', body({ transferStandardUncertainty: -0.01 }), 'transferStandardUncertainty'],
      ['an unknown outlier screening', body({ outlierScreening: 'dixon' }), 'outlierScreening'],
      ['inReference not a boolean', body({ results: [lab('A', { inReference: 'no' }), lab('B')] }), 'results.0.inReference'],
      ['an undeclared field', body({ kRef: 3 }), 'kRef'],
    ];

    it.each(cases)('answers 400 problem details for %s, naming the field', async (_label, payload, field) => {
      const before = await eventCount();
      const response = await evaluate(payload).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, type: 'urn:metrology:problem:invalid-request', instance: '/api/v1/comparisons/evaluate' });
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it('answers 400 for numbers that are not finite (1e309 parses as Infinity)', async () => {
      for (const [text, field] of [
        ['{"method":"median","unit":"V","results":[{"lab":"A","value":1e309,"expandedUncertainty":0.1,"coverageFactor":2},{"lab":"B","value":1,"expandedUncertainty":0.1,"coverageFactor":2}]}', 'results.0.value'],
        ['{"method":"median","unit":"V","results":[{"lab":"A","value":1,"expandedUncertainty":1e309,"coverageFactor":2},{"lab":"B","value":1,"expandedUncertainty":0.1,"coverageFactor":2}]}', 'results.0.expandedUncertainty'],
        ['{"method":"median","unit":"V","transferStandardUncertainty":-1e309,"results":[{"lab":"A","value":1,"expandedUncertainty":0.1,"coverageFactor":2},{"lab":"B","value":1,"expandedUncertainty":0.1,"coverageFactor":2}]}', 'transferStandardUncertainty'],
      ] as const) {
        const response = await request(app.getHttpServer()).post('/api/v1/comparisons/evaluate').set('Authorization', `Bearer ${institution}`).set('Content-Type', 'application/json').send(text).expect(400);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('gives the reasons in Chinese when asked', async () => {
      const response = await evaluate(body({ results: [lab('A')] })).set('Accept-Language', 'zh-CN').expect(400);
      expect(response.body.detail).toBe('请求无效，各字段的原因见 errors。');
    });

    it('answers 422 with the rule for what the computation refuses', async () => {
      const tooFew = await evaluate(body({ method: 'arithmetic-mean', results: [lab('A'), lab('B', { inReference: false })] })).expect(422);
      expect(tooFew.body).toMatchObject({ status: 422, code: 'comparison.too-few-in-reference', type: 'urn:metrology:problem:comparison.too-few-in-reference' });
      const median = await evaluate(body({ method: 'median', outlierScreening: 'grubbs', results: [lab('A'), lab('B'), lab('C')] })).expect(422);
      expect(median.body.code).toBe('comparison.screening-not-applicable');
      const range = await evaluate(body({ outlierScreening: 'grubbs' })).expect(422);
      expect(range.body.code).toBe('comparison.screening-range');
      const overflow = await evaluate(body({ results: [lab('A', { value: 1e300, expandedUncertainty: 1e-10 }), lab('B', { value: 1e300, expandedUncertainty: 1e-10 })] })).expect(422);
      expect(overflow.body.code).toBe('comparison.out-of-range');
    });
  });
});
