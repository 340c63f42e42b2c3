// Running totals the console's dashboard reads instead of counting the big tables: kept by
// triggers (migration 0011) on every write path at once, so no verb can forget them, and read
// with a handful of key lookups whatever the number of contacts. They hold counts only.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Subscriptions per topic and status, as `subscriptions` holds them now. */
export const topicStatusCounts = sqliteTable(
  'topic_status_counts',
  {
    topicKey: text('topic_key').notNull(),
    status: text('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.topicKey, t.status] })],
);

/**
 * Opt-ins (`in`: subscribe, confirm) and opt-outs (`out`: unsubscribe, unsubscribe from
 * everything) recorded per UTC day and topic ('' for "all topics"). Counted when the trail entry
 * is written and kept after an erasure deletes the entry: a total says nothing about anyone.
 */
export const consentDayCounts = sqliteTable(
  'consent_day_counts',
  {
    day: text('day').notNull(),
    topicKey: text('topic_key').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.topicKey, t.direction] })],
);

/** Suppression-list entries per reason (bounced, complained, erased), as the list holds them now. */
export const suppressionCounts = sqliteTable('suppression_counts', {
  reason: text('reason').primaryKey(),
  n: integer('n').notNull(),
});

/** Presend calls per UTC day, counted after each answer (routes/presend). */
export const presendDayCounts = sqliteTable('presend_day_counts', {
  day: text('day').primaryKey(),
  calls: integer('calls').notNull(),
});

/**
 * Sign-ups whose confirmation mail was given up, per UTC day (refused for good, still failing at
 * the last attempt, too old to send, or dropped after crashing at every attempt). Written with
 * the outcome (domain/sign-ups-due.ts), so the dashboard need not read the consent trail.
 */
export const signUpDayCounts = sqliteTable('sign_up_day_counts', {
  day: text('day').primaryKey(),
  gaveUp: integer('gave_up').notNull(),
});
