// "Pause all mail for 1, 3 or 6 months" instead of leaving, and its early end. A pause keeps
// every choice as it is and only sets contacts.paused_until: presend answers `paused` while
// that moment lies ahead (presend.ts) and mails as before once it has passed, so no job has to
// end a pause. Each pause and early resume is one consent-trail entry (topic null) and one
// outbound event, in the transaction of the change.
import { eq } from 'drizzle-orm';
import { consentEvents, contacts } from '../db/schema';
import { recordPauseChange } from './change-events';
import { type ConsentContext, consentRow } from './consent';
import { type Contact, findContactById } from './contacts';
import { type Op, withTransaction } from './context';
import { AppError } from './errors';
import { isPaused } from './presend';

/** The lengths a person can choose, in months. */
export const pauseMonths = [1, 3, 6] as const;
export type PauseMonths = (typeof pauseMonths)[number];

export function isPauseMonths(value: unknown): value is PauseMonths {
  return pauseMonths.includes(value as PauseMonths);
}

/**
 * `months` calendar months after `from`, in UTC, on the month's last day when it is shorter
 * (31 January + 1 month = 28 or 29 February), at the same time of day.
 */
export function monthsAfter(from: Date, months: number): Date {
  const target = new Date(from.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

/** Until when a contact's mail is paused at `now`, or null when it is not (or no longer). */
export function pausedUntil(contact: Pick<Contact, 'pausedUntil'>, now: Date): Date | null {
  const until = contact.pausedUntil;
  return until && isPaused(until.getTime(), now.getTime()) ? until : null;
}

export interface PauseInput {
  contactId: string;
  months: PauseMonths;
  consent: ConsentContext;
  /** The wording the person was shown for this pause, which names its end. */
  wordingFor?: (until: Date) => string;
}

/**
 * Pauses all mail for `months` from now; a new pause replaces a running one (the person chose
 * again). Returns the end of the pause.
 */
export async function pauseMail({ ctx, input }: Op<PauseInput>): Promise<Date> {
  if (!isPauseMonths(input.months)) throw new AppError('validation_failed', 'months: must be 1, 3 or 6');
  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const contact = await findContactById({ ctx: tx, input: { contactId: input.contactId } });
    if (!contact) throw new AppError('not_found', 'contact not found');
    const until = monthsAfter(now, input.months);
    await tx.db
      .update(contacts)
      .set({ pausedUntil: until, updatedAt: now, lastActivityAt: now })
      .where(eq(contacts.id, contact.id));
    const consent = {
      ...input.consent,
      ...(input.wordingFor ? { wording: input.wordingFor(until) } : {}),
      note: `paused until ${until.toISOString()}`,
    };
    await tx.db.insert(consentEvents).values(consentRow(contact.id, null, 'pause', consent, now));
    await recordPauseChange(tx.db, contact, until, input.consent, now);
    return until;
  });
}

/**
 * Ends a running pause now. Returns false, and records nothing, when there was none (never
 * paused, resumed already, or the pause had ended by itself).
 */
export async function resumeMail({
  ctx,
  input,
}: Op<{ contactId: string; consent: ConsentContext }>): Promise<boolean> {
  return withTransaction(ctx, async (tx) => {
    const now = tx.clock.now();
    const contact = await findContactById({ ctx: tx, input: { contactId: input.contactId } });
    if (!contact) throw new AppError('not_found', 'contact not found');
    if (!pausedUntil(contact, now)) return false;
    await tx.db
      .update(contacts)
      .set({ pausedUntil: null, updatedAt: now, lastActivityAt: now })
      .where(eq(contacts.id, contact.id));
    await tx.db.insert(consentEvents).values(consentRow(contact.id, null, 'resume', input.consent, now));
    await recordPauseChange(tx.db, contact, null, input.consent, now);
    return true;
  });
}
