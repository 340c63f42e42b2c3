// Contacts and their per-topic subscriptions: the state that presend and the preference
// center read. History lives in the consent trail (consent.ts), never here.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { topics } from './topics';

export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    // Normalised: trimmed and lower-cased (src/domain/email.ts). Unique, so one person is one row.
    email: text('email').notNull().unique(),
    locale: text('locale'),
    // Set by "unsubscribe from everything"; also keeps topics created later from mailing them.
    unsubscribedAllAt: integer('unsubscribed_all_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    // Last thing the contact or staff did; retention deletes contacts idle for too long.
    lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    // Covering index for presend: an address's id and opt-out flag without a table lookup
    // (one index descent per recipient instead of two on the hot path).
    index('contacts_presend_idx').on(t.email, t.id, t.unsubscribedAllAt),
  ],
);

export const subscriptionStatuses = ['subscribed', 'unsubscribed', 'pending'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    topicKey: text('topic_key')
      .notNull()
      .references(() => topics.key),
    status: text('status', { enum: subscriptionStatuses }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.contactId, t.topicKey] }),
    index('subscriptions_topic_status_idx').on(t.topicKey, t.status),
    // Covering index for presend: the status of (contact, topic) without a table lookup.
    index('subscriptions_presend_idx').on(t.contactId, t.topicKey, t.status),
  ],
);
