import { describe, expect, it } from '@jest/globals';
import { addWorkingDays, chinaDate, endOfChinaDay, WEEKDAYS_ONLY } from '../../src/calendar/working-days.js';

describe('working days (weekdays-only calendar)', () => {
  it('starts counting the day after', () => {
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-11-23', 1)).toBe('2026-11-24'); // Mon -> Tue
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-11-23', 0)).toBe('2026-11-23');
  });

  it('skips weekends', () => {
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-11-27', 1)).toBe('2026-11-30'); // Fri -> Mon
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-11-28', 5)).toBe('2026-12-04'); // Sat -> Fri
    expect(addWorkingDays(WEEKDAYS_ONLY, '2026-12-31', 10)).toBe('2027-01-14'); // across a year
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(WEEKDAYS_ONLY, '2026-11-23', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(WEEKDAYS_ONLY, '2026-11-23', 1.5)).toThrow(RangeError);
  });

  it('reads dates and ends days in China time (UTC+8)', () => {
    expect(chinaDate(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
    expect(chinaDate(new Date('2026-11-27T16:00:00Z'))).toBe('2026-11-28');
    expect(endOfChinaDay('2026-12-04').toISOString()).toBe('2026-12-04T16:00:00.000Z');
  });
});
