// The transactional outbox: every change worth telling the world about writes an event row in
// the same transaction as the change, and one delivery row per target (a webhook endpoint now,
// mailing-tool connectors later) that is subscribed to its type. Dispatchers claim due
// deliveries under a lease, record each attempt, and scrub an event's payload down to ids once
// every delivery has ended.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const outboxEvents = sqliteTable(
  'outbox_events',
  {
    // AUTOINCREMENT: ids grow in commit order and are never reused, so "an earlier event for
    // this contact" is simply a smaller id.
    id: integer('id').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    // No foreign key: the event of an erasure outlives the contact it is about.
    contactId: text('contact_id'),
    // The body receivers get: { type, timestamp, data }. The address is removed by the scrub.
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    // Set when the payload was scrubbed (every delivery ended, or the contact was erased).
    scrubbedAt: integer('scrubbed_at', { mode: 'timestamp_ms' }),
    // Workers only: when the event's id was handed to the queue; the cron sweeps rows without it.
    enqueuedAt: integer('enqueued_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('outbox_events_contact_idx').on(t.contactId),
    index('outbox_events_unqueued_idx').on(t.occurredAt).where(sql`enqueued_at is null`),
  ],
);

export const deliveryTargetTypes = ['webhook', 'connector'] as const;
export type DeliveryTargetType = (typeof deliveryTargetTypes)[number];

export const deliveryStatuses = [
  'pending', // waiting for its next attempt (or being attempted, under a lease)
  'delivered', // a target acknowledged it
  'failed', // gave up: out of attempts, or the target refused for good; retryable by hand
  'cancelled', // the contact was erased before the event could be delivered
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const eventDeliveries = sqliteTable(
  'event_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: integer('event_id')
      .notNull()
      .references(() => outboxEvents.id, { onDelete: 'cascade' }),
    targetType: text('target_type', { enum: deliveryTargetTypes }).notNull(),
    targetId: text('target_id').notNull(),
    // The event's contact, copied here so the per-contact order is one indexed lookup.
    contactId: text('contact_id'),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    // A dispatcher that claimed the delivery holds it until the lease expires; a dispatcher
    // that dies mid-attempt leaves it to be claimed again after that.
    leaseHolder: text('lease_holder'),
    leaseExpiresAt: integer('lease_expires_at', { mode: 'timestamp_ms' }),
    lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    completedAt: integer('completed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('event_deliveries_event_target_idx').on(t.eventId, t.targetType, t.targetId),
    index('event_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('event_deliveries_order_idx')
      .on(t.targetType, t.targetId, t.contactId, t.eventId)
      .where(sql`status = 'pending'`),
    index('event_deliveries_target_idx').on(t.targetType, t.targetId, t.id),
    index('event_deliveries_completed_idx').on(t.completedAt),
  ],
);

export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    deliveryId: integer('delivery_id')
      .notNull()
      .references(() => eventDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    attemptedAt: integer('attempted_at', { mode: 'timestamp_ms' }).notNull(),
    // null when no HTTP answer came (timeout, refused connection, refused address).
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    // A short description in our words (`timeout`, `HTTP 500`); never a response body.
    error: text('error'),
  },
  (t) => [
    index('delivery_attempts_delivery_idx').on(t.deliveryId, t.id),
    index('delivery_attempts_attempted_idx').on(t.attemptedAt),
  ],
);

export const webhookDisabledReasons = ['gone', 'failing', 'staff'] as const;
export type WebhookDisabledReason = (typeof webhookDisabledReasons)[number];

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description'),
  // The event types it receives; null means every type, including ones added later.
  events: text('events', { mode: 'json' }).$type<string[]>(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  // `whsec_…` signing secrets, sealed with AES-GCM (src/crypto/secret-box.ts), never plain.
  secret: text('secret').notNull(),
  // After a rotation the old secret keeps signing alongside the new one until this time.
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: integer('previous_secret_expires_at', { mode: 'timestamp_ms' }),
  // The first failed attempt since the last success; five days of that disables the endpoint.
  failingSince: integer('failing_since', { mode: 'timestamp_ms' }),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  disabledReason: text('disabled_reason', { enum: webhookDisabledReasons }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
