// The customer relationship that soft opt-in rests on (ePrivacy Art. 13(2), Telecommunicatiewet
// 11.7, the Belgian royal decree of 4 April 2003): a contact's `customer_since` and
// `customer_until`, ISO dates (YYYY-MM-DD) or null. A relationship holds while the contact is a
// customer (a `customer_since`, and no `customer_until` or one not yet passed) and for
// SOFT_OPT_IN_MONTHS after it ended. Presend, the preference page and retention all ask this
// module, so they agree on who is a customer.
//
// Dates are compared as day numbers, YYYYMMDD as an integer (0 for none): they order like the
// dates, fit the presend readers' Int32Arrays and cost nothing to compare. "Today" is the UTC
// date of the clock's time.
import { AppError } from './errors';

/** Whether `text` is a real calendar date written YYYY-MM-DD (years 0001 to 9999). */
export function isIsoDate(text: string): boolean {
  return dayNumberOf(text) !== undefined;
}

/** A YYYY-MM-DD date as its day number; undefined when it is not a real date so written. */
export function dayNumberOf(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return year * 10_000 + month * 100 + day;
}

/** A day number back as YYYY-MM-DD. */
export function isoDateOf(dayNumber: number): string {
  const year = Math.floor(dayNumber / 10_000);
  const month = Math.floor(dayNumber / 100) % 100;
  const day = dayNumber % 100;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The -1 for anything that is not a digit makes a date with one fail the range checks. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Today's day number (the UTC date of `now`). */
export function todayOf(now: Date): number {
  return now.getUTCFullYear() * 10_000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}

/**
 * The earliest `customer_until` still inside the soft opt-in window on `now`: the same date
 * `months` months back (the month's last day when it is shorter). With 0 months, today: only
 * customers whose relationship has not ended yet.
 */
export function softOptInFrom(now: Date, months: number): number {
  const today = todayOf(now);
  const monthsSinceZero = Math.floor(today / 10_000) * 12 + (Math.floor(today / 100) % 100) - 1 - months;
  const year = Math.floor(monthsSinceZero / 12);
  const month = (monthsSinceZero % 12) + 1;
  return year * 10_000 + month * 100 + Math.min(today % 100, daysIn(year, month));
}

/**
 * Until when a relationship lasts, as one day number: 0 for none (no `customer_since`),
 * OPEN_ENDED for a current customer without an end date, else `customer_until`'s day number.
 * This is what the presend readers carry per address (see src/db/presend/statements.ts, whose SQL
 * computes the same value).
 */
export function relationshipEnd(customerSince: string | null, customerUntil: string | null): number {
  if (!customerSince) return 0;
  if (customerUntil === null) return OPEN_ENDED;
  return dayNumberOf(customerUntil) ?? 0;
}

/** The end of a relationship that has none yet: after every date. */
export const OPEN_ENDED = 99_991_231;

/**
 * relationshipEnd() in SQL, for the contacts row aliased `c`: what presend's readers carry
 * per contact and what retention compares. Text that is not written like a date reads as 0,
 * no relationship.
 */
export const RELATIONSHIP_END_SQL = `CASE
  WHEN coalesce(c.customer_since, '') = '' THEN 0
  WHEN c.customer_until IS NULL THEN ${OPEN_ENDED}
  WHEN c.customer_until GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'
    THEN CAST(replace(c.customer_until, '-', '') AS INTEGER)
  ELSE 0 END`;

/**
 * Whether a relationship that lasts until `end` (relationshipEnd) still holds, `from` being
 * softOptInFrom(now, SOFT_OPT_IN_MONTHS): current customers, and former ones inside the window.
 */
export function inRelationship(end: number, from: number): boolean {
  return end !== 0 && end >= from;
}

/** A contact's customer dates, as stored. */
export interface CustomerDates {
  customerSince: string | null;
  customerUntil: string | null;
}

/**
 * The dates a contact ends up with when `change` is applied (absent keeps a date, null clears
 * it), or AppError validation_failed when they do not make a relationship: an end needs a
 * start, and cannot come before it.
 */
export function mergedCustomerDates(
  stored: CustomerDates,
  change: { customerSince?: string | null; customerUntil?: string | null },
): CustomerDates {
  const merged = {
    customerSince: change.customerSince === undefined ? stored.customerSince : change.customerSince,
    customerUntil: change.customerUntil === undefined ? stored.customerUntil : change.customerUntil,
  };
  const problem = customerDatesProblem(merged.customerSince, merged.customerUntil);
  if (problem) {
    throw new AppError('validation_failed', `customer_until: ${problem}`, [
      { field: 'customer_until', message: problem },
    ]);
  }
  return merged;
}

/**
 * Why a pair of valid dates (both written YYYY-MM-DD, or both day numbers) makes no
 * relationship, or null when it does.
 */
export function customerDatesProblem<T extends string | number>(
  since: T | null,
  until: T | null,
): string | null {
  if (until === null) return null;
  if (since === null) return 'needs customer_since (when the relationship began)';
  if (until < since) return 'must not be before customer_since';
  return null;
}
