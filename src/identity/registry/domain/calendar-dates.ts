import type { CalendarDate } from '../../../../events/registry.events.js';

/**
 * Calendar dates as `YYYY-MM-DD` strings: they compare correctly as strings, and they carry no
 * time zone, which is what a validity period or an affiliation date is.
 */
export function isCalendarDate(value: string): value is CalendarDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  // Rejects dates such as 2026-02-30, which Date would roll over into March.
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * The same day `years` later; 29 February becomes 28 February in a year without it, so that an
 * anniversary never moves into the next month.
 */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}
