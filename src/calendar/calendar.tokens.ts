/** The working-day calendar deadlines are computed with: the loaded OfficialCalendar (工作日). */
export const WORKING_DAY_CALENDAR = Symbol('WorkingDayCalendar');
