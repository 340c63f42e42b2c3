// Sign-ups between their answer and their confirmation mail. The request writes the row before
// it answers, so a crash in between delays the mail instead of losing the sign-up; the task
// that runs after the answer (or the sweep, for one left behind) mails it and deletes the row
// in the transaction that records the sign-up. A row lives seconds, or through a mail
// provider's outage until its last retry (hours).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const signUpsDue = sqliteTable(
  'sign_ups_due',
  {
    id: text('id').primaryKey(),
    // Normalised address: needed to mail it; erasing the address deletes the row.
    email: text('email').notNull(),
    topics: text('topics', { mode: 'json' }).$type<string[]>().notNull(),
    // The language the form asked for (null: the contact's own, else fallbackLocale).
    locale: text('locale'),
    fallbackLocale: text('fallback_locale').notNull(),
    source: text('source').notNull(),
    sourceUrl: text('source_url'),
    consentText: text('consent_text'),
    // Already truncated (IPv4 /24, IPv6 /48), as the consent trail keeps it.
    ip: text('ip'),
    userAgent: text('user_agent'),
    // Chosen once, so a retried send carries the same idempotency key and link.
    tokenId: text('token_id').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    // Nobody takes the row before then: whoever is handling it holds it until then (a crashed
    // holder's claim runs out), and after a failed send it is the time of the next attempt.
    claimedUntil: integer('claimed_until', { mode: 'timestamp_ms' }),
  },
  (t) => [index('sign_ups_due_email').on(t.email), index('sign_ups_due_created').on(t.createdAt)],
);
