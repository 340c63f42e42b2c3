// When a data request is due: the day it was received plus a number of working days, skipping
// Saturdays, Sundays and the configured public holidays (REQUEST_HOLIDAYS). Days are UTC
// calendar days, like the customer dates, so every runtime agrees on the deadline. The day of
// receipt itself never counts: the days are the working days after it.

export interface DueRule {
  /** REQUEST_DUE_WORKING_DAYS (default 5). */
  workingDays: number;
  /** YYYY-MM-DD dates that are no working days. */
  holidays: readonly string[];
}

const DAY_MS = 86_400_000;

/** The UTC calendar date of a time, as YYYY-MM-DD. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whether a YYYY-MM-DD day is a working day under the rule's holidays. */
export function isWorkingDay(day: string, holidays: readonly string[]): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.includes(day);
}

/** The last day (YYYY-MM-DD) on which a request received at `receivedAt` is answered in time. */
export function dueDate(receivedAt: Date, rule: DueRule): string {
  let at = Date.parse(`${utcDate(receivedAt)}T00:00:00Z`);
  for (let left = rule.workingDays; left > 0; ) {
    at += DAY_MS;
    if (isWorkingDay(new Date(at).toISOString().slice(0, 10), rule.holidays)) left -= 1;
  }
  return new Date(at).toISOString().slice(0, 10);
}
