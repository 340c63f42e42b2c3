// Bookkeeping the service needs to behave safely: webhook ids already handled (replay
// protection), rate-limit counters, and a record of each retention run (counts only).
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const processedWebhooks = sqliteTable('processed_webhooks', {
  // `<provider>:<event or message id>`
  id: text('id').primaryKey(),
  receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
});

export const rateLimits = sqliteTable('rate_limits', {
  // `<bucket>:<subject>`; the subject is a hash or truncated IP, never a raw address.
  key: text('key').primaryKey(),
  windowStart: integer('window_start', { mode: 'timestamp_ms' }).notNull(),
  count: integer('count').notNull(),
});

export const retentionRuns = sqliteTable('retention_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
  pendingDeleted: integer('pending_deleted').notNull().default(0),
  inactiveDeleted: integer('inactive_deleted').notNull().default(0),
});

// A named lease so that a scheduled job started twice at once runs only once.
export const jobLeases = sqliteTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});
