import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/app-config.js';
import { BenchBaselineModule } from '../../src/operations/bench-baseline.module.js';

const SECRET = 'x'.repeat(32);
const postgres = loadConfig({ JWT_SECRET: SECRET, EVENT_STORE_URL: 'postgres://u:p@127.0.0.1:5432/db' });
const sqlite = loadConfig({ JWT_SECRET: SECRET, EVENT_STORE_URL: 'sqlite::memory:' });

describe('the benchmark baseline routes', () => {
  it('are not mounted unless BENCH_BASELINE_ROUTES=1', () => {
    // given an environment without the flag, or with another value
    for (const env of [{}, { BENCH_BASELINE_ROUTES: '0' }, { BENCH_BASELINE_ROUTES: 'true' }]) {
      // when the module is configured
      const module = BenchBaselineModule.forRoot(postgres, env);
      // then it has no controller and no provider
      expect({ controllers: module.controllers ?? [], providers: module.providers ?? [] }).toEqual({ controllers: [], providers: [] });
    }
  });

  it('are mounted with BENCH_BASELINE_ROUTES=1 on PostgreSQL', () => {
    const module = BenchBaselineModule.forRoot(postgres, { BENCH_BASELINE_ROUTES: '1' });
    expect(module.controllers).toHaveLength(1);
  });

  it('refuse to start on SQLite, where the raw SQL has no table to reach', () => {
    expect(() => BenchBaselineModule.forRoot(sqlite, { BENCH_BASELINE_ROUTES: '1' })).toThrow(/PostgreSQL/);
  });
});
