/**
 * 工作日: counting working days for statutory time limits.
 *
 * This first calendar knows only weekends. The official calendar (statutory holidays and
 * make-up working weekends, one year per data file) replaces it; every deadline records the
 * calendar id that computed it, so deadlines computed now stay explainable later.
 */
export interface WorkingDayCalendar {
  readonly id: string;
  isWorkingDay(date: string): boolean;
}

export const WEEKDAYS_ONLY: WorkingDayCalendar = {
  id: 'weekdays-only/v1',
  isWorkingDay(date: string): boolean {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  },
};

/** China has a single time zone without daylight saving: UTC+8. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) in China at an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The n-th working day after `from` (counting starts the day after `from`). */
export function addWorkingDays(calendar: WorkingDayCalendar, from: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let date = from;
  let counted = 0;
  while (counted < n) {
    date = nextDate(date);
    if (calendar.isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** The n-th working day before `to` (counting starts the day before `to`). */
export function subtractWorkingDays(calendar: WorkingDayCalendar, to: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let date = to;
  let counted = 0;
  while (counted < n) {
    date = new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    if (calendar.isWorkingDay(date)) counted += 1;
  }
  return date;
}

/** The instant a working-day time limit runs out: the end of its last day, China time. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${nextDate(date)}T00:00:00Z`) - CHINA_OFFSET_MS);
}
