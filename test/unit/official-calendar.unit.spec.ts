import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  BUILTIN_CALENDAR_DIR,
  BUILTIN_CALENDAR_FILES,
  CalendarDataError,
  CalendarYearMissingError,
  loadOfficialCalendar,
  OfficialCalendar,
  validateCalendarYear,
  type CalendarYearData,
} from '../../src/calendar/official-calendar.js';
import { addWorkingDays } from '../../src/calendar/working-days.js';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';
import { thrownBy } from '../support/thrown.js';

const DATA_DIR = resolve(import.meta.dirname, '../../src/calendar/data');
const dataFiles = readdirSync(DATA_DIR).filter((n) => n.endsWith('.json')).sort();
const readData = (name: string): CalendarYearData => JSON.parse(readFileSync(join(DATA_DIR, name), 'utf8')) as CalendarYearData;
const dayOfWeek = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A temporary folder holding the given files (name -> JSON value, or raw text). */
function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'metrology-calendar-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}
/** A small valid year, for the loader's refusals: 2030 is not real data. */
const year2030 = (): CalendarYearData => ({
  id: 'cn-state-council/2030',
  year: 2030,
  source: 'test fixture, not a State Council notice',
  holidays: [{ date: '2030-01-01', name: 'New Year' }],
  workingWeekends: ['2030-01-05'], // a Saturday
});
const refusal = (files: Record<string, unknown>) => thrownBy(() => loadOfficialCalendar([folder(files)]), CalendarDataError);

describe('the official calendar data files (src/calendar/data)', () => {
  it('holds 2025 and 2026, each file named after its year and built into the code', () => {
    expect(dataFiles).toEqual(['cn-2025.json', 'cn-2026.json']);
    // Only imported files reach dist/ (tsc copies imported JSON): each file must be imported.
    expect(BUILTIN_CALENDAR_FILES.map((f) => (f as CalendarYearData).year).sort()).toEqual([2025, 2026]);
    expect(resolve(BUILTIN_CALENDAR_DIR)).toBe(DATA_DIR);
  });

  it.each(dataFiles)('%s: every date is a real day of its year, make-up days are weekends, nothing is listed twice', (name) => {
    const data = readData(name);
    expect(name).toBe(`cn-${data.year}.json`);
    expect(data.id).toBe(`cn-state-council/${data.year}`);
    expect(data.source).toContain(`${data.year}年部分节假日安排的通知`);
    const dates = [...data.holidays.map((h) => h.date), ...data.workingWeekends];
    for (const date of dates) {
      expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
      expect(date.startsWith(`${data.year}-`)).toBe(true);
    }
    for (const date of data.workingWeekends) expect([0, 6]).toContain(dayOfWeek(date));
    expect(new Set(dates).size).toBe(dates.length);
    expect(() => validateCalendarYear(data, name)).not.toThrow();
  });

  it('transcribes the notices: the holiday blocks and make-up days of 2025 and 2026', () => {
    const summary = (name: string) => {
      const data = readData(name);
      const blocks = new Map<string, string[]>();
      for (const { date, name: holiday } of data.holidays) blocks.set(holiday, [...(blocks.get(holiday) ?? []), date]);
      return { blocks: [...blocks.values()].map((d) => `${d[0]}..${d.at(-1)}/${d.length}`), workingWeekends: data.workingWeekends };
    };
    expect(summary('cn-2025.json')).toEqual({
      blocks: ['2025-01-01..2025-01-01/1', '2025-01-28..2025-02-04/8', '2025-04-04..2025-04-06/3', '2025-05-01..2025-05-05/5', '2025-05-31..2025-06-02/3', '2025-10-01..2025-10-08/8'],
      workingWeekends: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    });
    expect(summary('cn-2026.json')).toEqual({
      blocks: ['2026-01-01..2026-01-03/3', '2026-02-15..2026-02-23/9', '2026-04-04..2026-04-06/3', '2026-05-01..2026-05-05/5', '2026-06-19..2026-06-21/3', '2026-09-25..2026-09-27/3', '2026-10-01..2026-10-07/7'],
      workingWeekends: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    });
  });
});

describe('the official working-day calendar (工作日)', () => {
  const calendar = loadOfficialCalendar([BUILTIN_CALENDAR_DIR]);

  it('names the loaded years and a hash of their content', () => {
    expect(calendar.id).toMatch(/^cn-state-council\/2025\+2026#[0-9a-f]{12}$/);
    expect(calendar.years).toEqual([2025, 2026]);
    // Same content, however written: the same id. Other content: another id.
    const reordered = dataFiles.map(readData).reverse().map((d) => ({ ...d, holidays: [...d.holidays].reverse(), workingWeekends: [...d.workingWeekends].reverse() }));
    expect(new OfficialCalendar(reordered).id).toBe(calendar.id);
    const changed = dataFiles.map(readData);
    changed[0].holidays[0].name = 'renamed';
    expect(new OfficialCalendar(changed).id).not.toBe(calendar.id);
    expect(new OfficialCalendar([readData('cn-2025.json')]).id).toMatch(/^cn-state-council\/2025#[0-9a-f]{12}$/);
  });

  it('counts make-up weekends and skips statutory holidays', () => {
    expect(addWorkingDays(calendar, '2025-01-24', 1)).toBe('2025-01-26'); // Fri -> Sun, a make-up working day
    expect(addWorkingDays(calendar, '2025-09-30', 1)).toBe('2025-10-09'); // across National Day and Mid-Autumn
    expect(addWorkingDays(calendar, '2026-02-13', 1)).toBe('2026-02-14'); // Fri -> Sat, a make-up working day
    expect(addWorkingDays(calendar, '2026-02-13', 2)).toBe('2026-02-24'); // across the Spring Festival
    expect(addWorkingDays(calendar, '2026-10-09', 1)).toBe('2026-10-10'); // Fri -> Sat, a make-up working day
    expect(addWorkingDays(calendar, '2026-10-09', 0)).toBe('2026-10-09');
    expect(addWorkingDays(calendar, '2025-12-31', 1)).toBe('2026-01-04'); // across the year and New Year's Day, to a Sunday make-up day
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-03')).toBe(false); // a Saturday in the Labour Day block
    expect(calendar.isWorkingDay('2025-05-10')).toBe(false); // an ordinary Saturday
    expect(calendar.isWorkingDay('2025-05-06')).toBe(true);
    expect(calendar.holidayOn('2026-02-17')).toMatch(/春节/);
  });

  it('refuses to guess in a year without a loaded file', () => {
    const error = thrownBy(() => addWorkingDays(calendar, '2026-12-31', 1), CalendarYearMissingError);
    expect(error).toMatchObject({ year: 2027, code: 'calendar.year-missing' });
    expect(error.text.en).toContain('No official calendar is loaded for 2027');
    expect(error.text['zh-CN']).toContain('2027');
    expect(() => calendar.isWorkingDay('2024-12-31')).toThrow(CalendarYearMissingError);
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('loading calendar files', () => {
  it('loads a new year dropped into an extra folder, without a code change', () => {
    const calendar = loadOfficialCalendar([BUILTIN_CALENDAR_DIR, folder({ 'cn-2030.json': year2030(), 'notes.txt': 'ignored' })]);
    expect(calendar.years).toEqual([2025, 2026, 2030]);
    expect(calendar.id).toMatch(/^cn-state-council\/2025\+2026\+2030#/);
    expect(addWorkingDays(calendar, '2030-01-04', 1)).toBe('2030-01-05');
    // The same year in both folders is accepted when the content is the same.
    expect(loadOfficialCalendar([BUILTIN_CALENDAR_DIR, folder({ 'cn-2026.json': readData('cn-2026.json') })]).id).toBe(loadOfficialCalendar([BUILTIN_CALENDAR_DIR]).id);
  });

  it('refuses each kind of malformed file, naming the file and the problem', () => {
    const cases: [string, (d: CalendarYearData) => unknown, RegExp][] = [
      ['a date in another year', (d) => ({ ...d, holidays: [...d.holidays, { date: '2029-12-31', name: 'x' }] }), /holidays\[1\]: 2029-12-31 is not in 2030/],
      ['a make-up day on a weekday', (d) => ({ ...d, workingWeekends: ['2030-01-07'] }), /workingWeekends\[0\]: 2030-01-07 is not a Saturday or Sunday/],
      ['a date listed twice', (d) => ({ ...d, holidays: [...d.holidays, { date: '2030-01-01', name: 'again' }] }), /holidays\[1\]: 2030-01-01 is listed twice/],
      ['a date both holiday and working', (d) => ({ ...d, holidays: [...d.holidays, { date: '2030-01-05', name: 'x' }] }), /2030-01-05 is both a holiday and a working weekend day/],
      ['a date that is not a real day', (d) => ({ ...d, holidays: [{ date: '2030-02-30', name: 'x' }] }), /"2030-02-30" is not a calendar date/],
      ['a wrong id', (d) => ({ ...d, id: 'cn-state-council/2031' }), /"id" must be "cn-state-council\/2030"/],
      ['an unknown field', (d) => ({ ...d, extra: true }), /unknown field\(s\) extra/],
      ['a missing list', ({ workingWeekends: _, ...d }) => d, /"workingWeekends" must list/],
      ['a year that is not a number', (d) => ({ ...d, year: '2030' }), /"year" must be a whole year/],
    ];
    for (const [label, change, problem] of cases) {
      const error = refusal({ 'cn-2030.json': change(year2030()) });
      expect({ label, message: error.message }).toEqual({ label, message: expect.stringMatching(problem) });
      expect(error.message).toContain('cn-2030.json');
    }
    expect(refusal({ 'cn-2031.json': year2030() }).message).toMatch(/cn-2031\.json is refused: .*file name says 2031 but "year" is 2030/);
    expect(refusal({ 'cn-2030.json': '{ "year": 2030,' }).message).toMatch(/cn-2030\.json is refused: it is not valid JSON/);
    expect(refusal({ 'cn-latest.json': year2030() }).message).toMatch(/cn-latest\.json is refused: the file name must be cn-<year>\.json/);
    expect(refusal({}).message).toMatch(/no cn-<year>\.json file was found/);
    const changed = { ...year2030(), source: 'another transcription' };
    expect(thrownBy(() => loadOfficialCalendar([folder({ 'cn-2030.json': year2030() }), folder({ 'cn-2030.json': changed })]), CalendarDataError).message).toMatch(
      /2030 is already loaded from .*cn-2030\.json with different content/,
    );
    expect(thrownBy(() => loadOfficialCalendar(['/nonexistent/calendar']), CalendarDataError).message).toMatch(/\/nonexistent\/calendar is refused: the folder does not exist/);
  });

  it('validates CALENDAR_DIR: it must name an existing folder', () => {
    const env = { JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).calendarDir).toBeUndefined();
    const dir = folder({});
    expect(loadConfig({ ...env, CALENDAR_DIR: dir }).calendarDir).toBe(dir);
    expect(thrownBy(() => loadConfig({ ...env, CALENDAR_DIR: '/nonexistent/calendar' }), ConfigError).setting).toBe('CALENDAR_DIR');
    expect(thrownBy(() => loadConfig({ ...env, CALENDAR_DIR: ' ' }), ConfigError).message).toMatch(/CALENDAR_DIR is set but empty/);
  });
});
