/**
 * 规范项目时限: the moments a specification project's workflow keeps, as pure arithmetic on the
 * China dates its events record. Imported by the decider (which refuses a timer step taken too
 * early) and by the workflow (which waits for the same moments), so both compute the same instants
 * from the same events. No imports, no clock: it is bundled into the workflow sandbox.
 *
 * A period "through day D" ends at the end of D, China time (UTC+8, no daylight saving), which is
 * the start of D + 1. The numbers (how many days, how many years) come from the policy and are
 * recorded in the events; only the arithmetic lives here.
 */
const DAY_MS = 86_400_000;

/** The China date n calendar days after `date` (YYYY-MM-DD). */
export function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The same day n years later (29 February becomes 28 February in a common year). */
export function addYears(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const year = y + n;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The instant a China date begins. */
export const startOfChinaDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();

/** The instant a China date ends: the start of the next one. */
export const endOfChinaDay = (date: string): string => startOfChinaDay(addCalendarDays(date, 1));

/** The public notice of the project (立项公示) runs through `endsOn`; after it, the project may be planned. */
export const publicNoticeEndsAt = (endsOn: string): string => endOfChinaDay(endsOn);

/** The comment period (征求意见期) runs through `closesOn`; after it, the period is closed. */
export const commentPeriodEndsAt = (closesOn: string): string => endOfChinaDay(closesOn);

/** The drafting institution is reminded of the project limit at the start of `remindOn`. */
export const projectLimitRemindAt = (remindOn: string): string => startOfChinaDay(remindOn);

/** A project not published by the end of `deadlineOn` is overdue (超期). */
export const projectOverdueAt = (deadlineOn: string): string => endOfChinaDay(deadlineOn);

/** The review meeting (审定会) is due on its date: the committee is told that morning. */
export const reviewMeetingDueAt = (meetingDate: string): string => startOfChinaDay(meetingDate);

/** The periodic review (复审) falls due at the start of its due date. */
export const periodicReviewDueAt = (dueOn: string): string => startOfChinaDay(dueOn);
