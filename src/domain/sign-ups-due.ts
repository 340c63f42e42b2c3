// The durable half of a sign-up's "answer first, mail after": the row written before the
// answer, claimed by whoever mails it, and deleted when the sign-up is recorded. A claim is a
// lease, so a process that dies holding one only delays the mail until the sweep takes it over.
// A send the provider could not take now (an outage, a rate limit) puts the row off the same
// way: `claimed_until` becomes the time of the next attempt, on a backoff.
import { and, asc, eq, gte, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { randomId } from '../crypto/random';
import { signUpDayCounts, signUpsDue } from '../db/schema';
import type { DomainContext, Op } from './context';
import { truncateIp } from './ip';
import type { Locale } from './locales';
import { utcDate } from './working-days';

export type SignUpDue = typeof signUpsDue.$inferSelect;

/** How long a claim holds: well past two sends with their timeouts and the retry pause. */
export const SIGN_UP_CLAIM_MS = 60_000;
/** The sweep leaves younger rows to the task started after their answer. */
export const SIGN_UP_SWEEP_AFTER_MS = 60_000;

const MINUTE_MS = 60_000;
/**
 * The wait after each failed attempt before the next: a blip is over in a minute, an outage in
 * an hour or a few. The last attempt comes about 13 h 20 min after the sign-up, well inside the
 * 24 hours in which Resend honours an idempotency key, so a late retry is still never a second mail.
 */
export const SIGN_UP_RETRY_AFTER_MS = [1, 5, 15, 60, 240, 480].map((m) => m * MINUTE_MS);
/**
 * The longest a provider's Retry-After may put off the next attempt: a rate limit or a planned
 * outage is over by then, and one odd header must not park a sign-up for most of its 20 hours.
 */
export const SIGN_UP_RETRY_AFTER_CAP_MS = 60 * MINUTE_MS;
/** Claims before a row is given up: the first attempt and one per wait above. */
export const SIGN_UP_MAX_ATTEMPTS = SIGN_UP_RETRY_AFTER_MS.length + 1;
/**
 * No send is tried this long after the sign-up, however few attempts it had (a server that was
 * down for a day): past Resend's 24-hour idempotency window a retry could be a second mail.
 */
export const SIGN_UP_SEND_WITHIN_MS = 20 * 60 * MINUTE_MS;

export interface SignUpDueInput {
  email: string;
  topics: string[];
  locale?: Locale;
  fallbackLocale: Locale;
  source: string;
  sourceUrl?: string | null;
  consentText?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Writes the row; returns its id. The IP is truncated here, as the trail would keep it. */
export async function recordSignUpDue({ ctx, input }: Op<SignUpDueInput>): Promise<string> {
  const id = randomId('su_', 12);
  await ctx.db.insert(signUpsDue).values({
    id,
    email: input.email,
    topics: input.topics,
    locale: input.locale ?? null,
    fallbackLocale: input.fallbackLocale,
    source: input.source.slice(0, 200),
    sourceUrl: input.sourceUrl?.slice(0, 2000) ?? null,
    consentText: input.consentText?.slice(0, 10_000) ?? null,
    ip: truncateIp(input.ip),
    userAgent: input.userAgent?.slice(0, 512) ?? null,
    tokenId: randomId('', 9),
    createdAt: ctx.clock.now(),
  });
  return id;
}

/**
 * Takes the row for SIGN_UP_CLAIM_MS unless someone else holds it or it has used its attempts.
 * Returns it, or undefined when it is gone, held or given up.
 */
export async function claimSignUpDue({
  ctx,
  input: { id },
}: Op<{ id: string }>): Promise<SignUpDue | undefined> {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .update(signUpsDue)
    .set({
      claimedUntil: new Date(now.getTime() + SIGN_UP_CLAIM_MS),
      attempts: sql`${signUpsDue.attempts} + 1`,
    })
    .where(
      and(
        eq(signUpsDue.id, id),
        lt(signUpsDue.attempts, SIGN_UP_MAX_ATTEMPTS),
        or(isNull(signUpsDue.claimedUntil), lte(signUpsDue.claimedUntil, now)),
      ),
    )
    .returning();
  return row;
}

/**
 * The attempt that holds the row failed in a way worth trying again: nobody takes it before the
 * wait for this attempt has passed, nor before the provider said to try again (`notBeforeMs`, its
 * Retry-After, counted up to SIGN_UP_RETRY_AFTER_CAP_MS). Returns that wait, or null when this
 * was the last attempt (or the next would come too late to be safe), so the caller records the
 * sign-up as failed.
 */
export async function retrySignUpLater({
  ctx,
  input: { due, notBeforeMs },
}: Op<{ due: Pick<SignUpDue, 'id' | 'attempts' | 'createdAt'>; notBeforeMs?: number | null }>): Promise<
  number | null
> {
  const step = SIGN_UP_RETRY_AFTER_MS[due.attempts - 1];
  const now = ctx.clock.now().getTime();
  const asked = Math.min(notBeforeMs ?? 0, SIGN_UP_RETRY_AFTER_CAP_MS);
  // The provider's wait is for every send, not this one's only: the other sign-ups due wait it
  // out too, without spending an attempt each on a sweep that Resend would refuse again.
  if (asked > 0) await holdDueSignUps(ctx, due.id, new Date(now + asked));
  if (step === undefined) return null;
  const wait = Math.max(step, asked);
  if (now + wait - due.createdAt.getTime() > SIGN_UP_SEND_WITHIN_MS) return null;
  await ctx.db
    .update(signUpsDue)
    .set({ claimedUntil: new Date(now + wait) })
    .where(eq(signUpsDue.id, due.id));
  return wait;
}

/** Nobody takes the other rows with attempts left before `until` (a send in flight still ends its own row). */
async function holdDueSignUps(ctx: DomainContext, except: string, until: Date): Promise<void> {
  await ctx.db
    .update(signUpsDue)
    .set({ claimedUntil: until })
    .where(
      and(
        ne(signUpsDue.id, except),
        lt(signUpsDue.attempts, SIGN_UP_MAX_ATTEMPTS),
        or(isNull(signUpsDue.claimedUntil), lt(signUpsDue.claimedUntil, until)),
      ),
    );
}

/** The sign-up is recorded (or needs no mail): the row goes, with the address in it. */
export async function finishSignUpDue({ ctx, input: { id } }: Op<{ id: string }>): Promise<void> {
  await ctx.db.delete(signUpsDue).where(eq(signUpsDue.id, id));
}

/** Rows nobody holds that the task after their answer should have finished by now, oldest first. */
export async function overdueSignUps({ ctx, input: { limit } }: Op<{ limit: number }>): Promise<string[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .select({ id: signUpsDue.id })
    .from(signUpsDue)
    .where(
      and(
        lte(signUpsDue.createdAt, new Date(now.getTime() - SIGN_UP_SWEEP_AFTER_MS)),
        lt(signUpsDue.attempts, SIGN_UP_MAX_ATTEMPTS),
        or(isNull(signUpsDue.claimedUntil), lte(signUpsDue.claimedUntil, now)),
      ),
    )
    .orderBy(asc(signUpsDue.createdAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Deletes rows that used their attempts and whose last claim ran out. Returns how many. */
export async function giveUpSignUps({ ctx }: Op<void>): Promise<number> {
  const now = ctx.clock.now();
  const gone = await ctx.db
    .delete(signUpsDue)
    .where(and(gte(signUpsDue.attempts, SIGN_UP_MAX_ATTEMPTS), lte(signUpsDue.claimedUntil, now)))
    .returning({ id: signUpsDue.id });
  if (gone.length > 0) await countSignUpsGivenUp({ ctx, input: { n: gone.length } });
  return gone.length;
}

/** `n` sign-ups' mails were given up now: counted for the dashboard's "given up today". */
export async function countSignUpsGivenUp({ ctx, input: { n } }: Op<{ n: number }>): Promise<void> {
  await ctx.db
    .insert(signUpDayCounts)
    .values({ day: utcDate(ctx.clock.now()), gaveUp: n })
    .onConflictDoUpdate({
      target: signUpDayCounts.day,
      set: { gaveUp: sql`${signUpDayCounts.gaveUp} + excluded.gave_up` },
    });
}

/**
 * For the dashboard, counts only: sign-ups waiting for their confirmation mail (tried and not
 * gone yet, or left behind for over a minute; a live one is done in seconds), and those given
 * up today (UTC).
 */
export async function signUpMailBacklog({
  ctx,
}: Op<void, Pick<DomainContext, 'db' | 'clock'>>): Promise<{ waiting: number; gaveUpToday: number }> {
  const now = ctx.clock.now();
  const [[waiting], [today]] = await Promise.all([
    ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(signUpsDue)
      .where(
        and(
          lt(signUpsDue.attempts, SIGN_UP_MAX_ATTEMPTS),
          or(
            gte(signUpsDue.attempts, 1),
            lte(signUpsDue.createdAt, new Date(now.getTime() - SIGN_UP_SWEEP_AFTER_MS)),
          ),
        ),
      ),
    ctx.db
      .select({ n: signUpDayCounts.gaveUp })
      .from(signUpDayCounts)
      .where(eq(signUpDayCounts.day, utcDate(now))),
  ]);
  return { waiting: waiting?.n ?? 0, gaveUpToday: today?.n ?? 0 };
}

/** Erasing an address also drops its sign-ups that were not mailed yet. */
export async function forgetSignUpsOf({ ctx, input: { email } }: Op<{ email: string }>): Promise<void> {
  await ctx.db.delete(signUpsDue).where(eq(signUpsDue.email, email));
}
