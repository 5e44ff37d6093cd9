import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCalendarDate } from '../identity/registry/domain/calendar-dates.js';
import type { LocalizedText } from '../shared/domain-error.js';
import type { WorkingDayCalendar } from './working-days.js';
// The built-in years are imported as JSON modules so that tsc copies them next to the compiled
// module (dist/src/calendar/data/): the build then carries its own data, and BUILTIN_CALENDAR_DIR
// names a folder that exists both from src/ (tests) and from dist/ (the build, the Docker image).
// A file added to src/calendar/data/ must be imported here too; a unit test checks that.
import cn2025 from './data/cn-2025.json' with { type: 'json' };
import cn2026 from './data/cn-2026.json' with { type: 'json' };

/** The years shipped with the code (src/calendar/data/), as parsed JSON. */
export const BUILTIN_CALENDAR_FILES: readonly unknown[] = [cn2025, cn2026];

/** src/calendar/data from the sources, dist/src/calendar/data from the build. */
export const BUILTIN_CALENDAR_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** The authority whose notices the files transcribe; each file's id is `<authority>/<year>`. */
export const CALENDAR_AUTHORITY = 'cn-state-council';

/** One year of the official calendar, as its file holds it (validated). */
export interface CalendarYearData {
  id: string;
  year: number;
  /** The notice the year transcribes, e.g. 国务院办公厅关于2025年部分节假日安排的通知. */
  source: string;
  /** Every statutory day off, weekend days inside a holiday block included. */
  holidays: { date: string; name: string }[];
  /** Saturdays and Sundays that are working days (调休上班). */
  workingWeekends: string[];
}

/**
 * A working day was asked of a year with no loaded file. Not a DomainError (409, non-retryable in
 * activities): it is a gap in the data, cured by loading the year's file; the HTTP edge answers 422.
 */
export class CalendarYearMissingError extends Error {
  readonly code = 'calendar.year-missing';
  readonly text: LocalizedText;

  constructor(
    readonly year: number,
    readonly loadedYears: readonly number[],
  ) {
    const loaded = loadedYears.join(', ');
    const text = {
      en: `No official calendar is loaded for ${year}; load its file before computing deadlines in that year (loaded: ${loaded}).`,
      'zh-CN': `未加载${year}年的官方工作日历；请先加载该年的日历文件，再计算该年的期限（已加载：${loaded}）。`,
    };
    super(text.en);
    this.name = 'CalendarYearMissingError';
    this.text = text;
  }
}

/** A calendar file (or folder) that cannot be loaded; the message names the file and every problem. */
export class CalendarDataError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`Official calendar file ${file} is refused: ${problems.join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

const FILE_NAME = /^cn-(\d{4})\.json$/;
const FILE_KEYS = ['id', 'year', 'source', 'holidays', 'workingWeekends'];
const HOLIDAY_KEYS = ['date', 'name'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/**
 * Checks one year's file and returns it typed, or throws CalendarDataError listing every problem:
 * unknown or missing fields, a date that is not a real day or not in the file's year, a make-up
 * working day that is not a Saturday or Sunday, a date listed twice, a date both holiday and working.
 */
export function validateCalendarYear(raw: unknown, file: string): CalendarYearData {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new CalendarDataError(file, ['the file must hold a JSON object']);
  const unknown = Object.keys(raw).filter((k) => !FILE_KEYS.includes(k));
  if (unknown.length) problems.push(`unknown field(s) ${unknown.join(', ')}`);

  const { id, year, source, holidays, workingWeekends } = raw;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1949 || year > 9999) {
    throw new CalendarDataError(file, [...problems, `"year" must be a whole year (1949 or later), got ${JSON.stringify(year)}`]);
  }
  const named = FILE_NAME.exec(basename(file));
  if (named && Number(named[1]) !== year) problems.push(`the file name says ${named[1]} but "year" is ${year}`);
  if (id !== `${CALENDAR_AUTHORITY}/${year}`) problems.push(`"id" must be "${CALENDAR_AUTHORITY}/${year}", got ${JSON.stringify(id)}`);
  if (typeof source !== 'string' || source.trim() === '') problems.push('"source" must name the notice the year transcribes');

  const seen = new Map<string, 'holidays' | 'workingWeekends'>();
  const checkDate = (value: unknown, list: 'holidays' | 'workingWeekends', i: number): value is string => {
    const where = `${list}[${i}]`;
    if (typeof value !== 'string' || !isCalendarDate(value)) {
      problems.push(`${where}: ${JSON.stringify(value)} is not a calendar date written YYYY-MM-DD`);
      return false;
    }
    if (Number(value.slice(0, 4)) !== year) {
      problems.push(`${where}: ${value} is not in ${year}`);
      return false;
    }
    const earlier = seen.get(value);
    if (earlier === list) problems.push(`${where}: ${value} is listed twice`);
    else if (earlier) problems.push(`${where}: ${value} is both a holiday and a working weekend day`);
    else seen.set(value, list);
    return true;
  };

  if (!Array.isArray(holidays) || holidays.length === 0) {
    problems.push('"holidays" must list the statutory days off');
  } else {
    holidays.forEach((holiday, i) => {
      if (!isRecord(holiday)) return void problems.push(`holidays[${i}] must be an object { "date", "name" }`);
      const extra = Object.keys(holiday).filter((k) => !HOLIDAY_KEYS.includes(k));
      if (extra.length) problems.push(`holidays[${i}]: unknown field(s) ${extra.join(', ')}`);
      if (typeof holiday.name !== 'string' || holiday.name.trim() === '') problems.push(`holidays[${i}]: "name" must name the holiday`);
      checkDate(holiday.date, 'holidays', i);
    });
  }
  if (!Array.isArray(workingWeekends)) {
    problems.push('"workingWeekends" must list the make-up working days (an empty list when there are none)');
  } else {
    workingWeekends.forEach((date, i) => {
      if (checkDate(date, 'workingWeekends', i) && !isWeekend(date)) {
        problems.push(`workingWeekends[${i}]: ${date} is not a Saturday or Sunday, so it cannot be a make-up working day`);
      }
    });
  }
  if (problems.length) throw new CalendarDataError(file, problems);
  return raw as unknown as CalendarYearData;
}

/** The year's content in one fixed form: key order, date order and whitespace do not change it. */
export function canonicalCalendarYear(data: CalendarYearData): string {
  return JSON.stringify({
    id: data.id,
    year: data.year,
    source: data.source,
    holidays: [...data.holidays].sort((a, b) => a.date.localeCompare(b.date)).map(({ date, name }) => ({ date, name })),
    workingWeekends: [...data.workingWeekends].sort(),
  });
}

/**
 * 工作日 per the State Council's yearly notices: a weekday that is not a statutory holiday, or a
 * Saturday or Sunday declared a working day. A date in a year without a loaded file throws
 * CalendarYearMissingError rather than guessing.
 */
export class OfficialCalendar implements WorkingDayCalendar {
  /** e.g. cn-state-council/2025+2026#3f2a9c0d1e4b: the years and a hash of their content. */
  readonly id: string;
  readonly years: readonly number[];
  private readonly holidays = new Map<string, string>();
  private readonly workingWeekends = new Set<string>();

  constructor(data: readonly CalendarYearData[]) {
    if (data.length === 0) throw new RangeError('an official calendar needs at least one year');
    const sorted = [...data].sort((a, b) => a.year - b.year);
    const years = sorted.map((d) => d.year);
    if (new Set(years).size !== years.length) throw new RangeError(`a year is given twice: ${years.join(', ')}`);
    for (const year of sorted) {
      for (const { date, name } of year.holidays) this.holidays.set(date, name);
      for (const date of year.workingWeekends) this.workingWeekends.add(date);
    }
    this.years = years;
    const hash = createHash('sha256').update(sorted.map(canonicalCalendarYear).join('\n')).digest('hex').slice(0, 12);
    this.id = `${CALENDAR_AUTHORITY}/${years.join('+')}#${hash}`;
  }

  isWorkingDay(date: string): boolean {
    // Every deadline walks day by day through the same few weeks: each day is worked out once.
    const known = this.answers.get(date);
    if (known !== undefined) return known;
    if (!isCalendarDate(date)) throw new RangeError(`not a calendar date written YYYY-MM-DD: ${JSON.stringify(date)}`);
    const year = Number(date.slice(0, 4));
    if (!this.years.includes(year)) throw new CalendarYearMissingError(year, this.years);
    const working = this.workingWeekends.has(date) || (!isWeekend(date) && !this.holidays.has(date));
    this.answers.set(date, working);
    return working;
  }

  /** Answers already worked out, by date (at most a few thousand: the years the calendar holds). */
  private readonly answers = new Map<string, boolean>();

  /** The holiday's name when `date` is a statutory day off, else undefined. */
  holidayOn(date: string): string | undefined {
    return this.holidays.get(date);
  }
}

/**
 * Loads every cn-<year>.json of the given folders (the built-in one first, then CALENDAR_DIR), so a
 * new year is loaded by dropping its file into CALENDAR_DIR. A year found in two folders must have
 * the same content in both; otherwise the load is refused, naming both files.
 */
export function loadOfficialCalendar(dirs: readonly string[]): OfficialCalendar {
  const byYear = new Map<number, { file: string; data: CalendarYearData; canonical: string }>();
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CalendarDataError(dir, ['the folder does not exist']);
    for (const name of readdirSync(dir).filter((n) => /^cn-.*\.json$/.test(n)).sort()) {
      const file = join(dir, name);
      if (!FILE_NAME.test(name)) throw new CalendarDataError(file, ['the file name must be cn-<year>.json, e.g. cn-2027.json']);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new CalendarDataError(file, [`it is not valid JSON (${(error as Error).message})`]);
      }
      const data = validateCalendarYear(raw, file);
      const canonical = canonicalCalendarYear(data);
      const earlier = byYear.get(data.year);
      if (earlier && earlier.canonical !== canonical) {
        throw new CalendarDataError(file, [`${data.year} is already loaded from ${earlier.file} with different content; keep one of the two files`]);
      }
      if (!earlier) byYear.set(data.year, { file, data, canonical });
    }
  }
  if (byYear.size === 0) throw new CalendarDataError(dirs.join(', '), ['no cn-<year>.json file was found']);
  return new OfficialCalendar([...byYear.values()].map((y) => y.data));
}
