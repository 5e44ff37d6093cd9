/**
 * 比对时限: the limits a comparison's workflow keeps, as pure arithmetic on recorded dates. Imported by
 * the decider (which refuses a timer step taken too early) and by the workflow (which waits for the
 * same moments), so both compute the same instants from the same events. No imports, no clock.
 *
 * - A circulation leg (传递段) is due at the end of its due date, China time (UTC+8, no daylight
 *   saving); the participant is reminded LEG_REMINDER_DAYS before, and when the leg is still not
 *   handed on at the due time it is escalated to the pilot and the organiser.
 * - In a star scheme the pilot records the stability check (稳定性核查) of a returned transfer
 *   standard within STAR_CHECK_DAYS of receiving it back, while legs remain; otherwise it is reminded.
 * - Draft A's review period (A 稿征求意见期), the participants' comments window, is DRAFT_A_REVIEW_DAYS
 *   from its issue; when it ends, its closing is recorded.
 * - Each unsatisfactory lab records its cause analysis and corrective action within FOLLOW_UP_DAYS of
 *   the publication; otherwise the follow-up is escalated to the organiser as overdue.
 * Calendar days, not working days: the protocol's own dates are calendar dates.
 */
export const COMPARISON_DEADLINES = {
  version: 'comparison-deadlines/v1',
  LEG_REMINDER_DAYS: 3,
  STAR_CHECK_DAYS: 5,
  DRAFT_A_REVIEW_DAYS: 14,
  FOLLOW_UP_DAYS: 30,
} as const;

const DAY_MS = 86_400_000;
const plusDays = (instant: string, days: number): string => new Date(Date.parse(instant) + days * DAY_MS).toISOString();

/** The end of a leg's due date (YYYY-MM-DD, China time): midnight starting the next China day. */
export const legDueAt = (dueDate: string): string => plusDays(`${dueDate}T00:00:00+08:00`, 1);
export const legRemindAt = (dueDate: string): string => plusDays(legDueAt(dueDate), -COMPARISON_DEADLINES.LEG_REMINDER_DAYS);
/** When the pilot's stability check is due after it received the standard back from a star leg. */
export const starCheckDueAt = (receivedBackAt: string): string => plusDays(receivedBackAt, COMPARISON_DEADLINES.STAR_CHECK_DAYS);
export const draftAReviewEndsAt = (issuedAt: string): string => plusDays(issuedAt, COMPARISON_DEADLINES.DRAFT_A_REVIEW_DAYS);
export const followUpDueAt = (publishedAt: string): string => plusDays(publishedAt, COMPARISON_DEADLINES.FOLLOW_UP_DAYS);
