import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { startApp } from '../support/app.js';
import { startDevServer } from '../support/services.js';

/** GET /api/v1/calendar/working-days: public, validated, and explicit about years it does not know. */
describe('the public working-day calendar', () => {
  let env: TestWorkflowEnvironment;
  let dir: string;
  let store: SqliteEventStore;
  let app: INestApplication;

  beforeAll(async () => {
    env = await startDevServer();
    dir = mkdtempSync(join(tmpdir(), 'metrology-calendar-e2e-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    // CALENDAR_DIR holds one extra year (a test fixture, not real data): loaded with no code change.
    const calendarDir = join(dir, 'calendar');
    mkdirSync(calendarDir);
    writeFileSync(
      join(calendarDir, 'cn-2030.json'),
      JSON.stringify({ id: 'cn-state-council/2030', year: 2030, source: 'test fixture', holidays: [{ date: '2030-01-01', name: 'New Year' }], workingWeekends: ['2030-01-05'] }),
    );
    app = await startApp({ eventStore: store, temporalClient: env.client, roles: { projections: false, bridge: false }, config: { calendarDir } });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    await env?.teardown();
  });
  const get = (query: string) => request(app.getHttpServer()).get(`/api/v1/calendar/working-days${query}`);

  it('answers without a token: the working day and the calendar that computed it', async () => {
    const response = await get('?from=2026-02-13&add=2').expect(200);
    expect(response.body).toEqual({ date: '2026-02-24', calendar: expect.stringMatching(/^cn-state-council\/2025\+2026\+2030#[0-9a-f]{12}$/) });
    expect((await get('?from=2026-02-13&add=1').expect(200)).body.date).toBe('2026-02-14'); // a make-up Saturday
    expect((await get('?from=2025-09-30&add=1').expect(200)).body.date).toBe('2025-10-09');
    expect((await get('?from=2026-10-09&add=0').expect(200)).body.date).toBe('2026-10-09');
    expect((await get('?from=2030-01-04&add=1').expect(200)).body.date).toBe('2030-01-05'); // from CALENDAR_DIR
  });

  it('refuses a malformed from or add with 400 problem details naming the field', async () => {
    for (const [query, field] of [
      ['?from=2026-02-30&add=1', 'from'],
      ['?from=13-02-2026&add=1', 'from'],
      ['?add=1', 'from'],
      ['?from=2026-02-13&add=-1', 'add'],
      ['?from=2026-02-13&add=1.5', 'add'],
      ['?from=2026-02-13&add=', 'add'],
      ['?from=2026-02-13&add=0x10', 'add'],
      ['?from=2026-02-13&add=3651', 'add'],
      ['?from=2026-02-13', 'add'],
    ] as const) {
      const response = await get(query);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await get('?from=2026-02-13&add=1&extra=1').expect(400)).body.type).toBe('urn:metrology:problem:invalid-request');
  });

  it('answers 422 naming the year when no calendar is loaded for it', async () => {
    const response = await get('?from=2027-06-01&add=1').expect(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 422, type: 'urn:metrology:problem:calendar.year-missing', detail: expect.stringContaining('No official calendar is loaded for 2027') });
    const zh = await get('?from=2027-06-01&add=1').set('Accept-Language', 'zh-CN').expect(422);
    expect(zh.body.detail).toContain('未加载2027年的官方工作日历');
  });
});
