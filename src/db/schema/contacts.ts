// Contacts and their per-topic subscriptions: the state that presend and the preference
// center read. History lives in the consent trail (consent.ts), never here.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { topics } from './topics';

// Both tables are WITHOUT ROWID (set in migration 0003; drizzle cannot express it, so a
// migration that rebuilds either table must keep it): each is stored as a B-tree on its
// primary key, so the presend lookups (by address, then by contact and topic) read the table
// itself in one descent, and an import maintains two B-trees per table instead of four.
export const contacts = sqliteTable('contacts', {
  // In canonical form (normaliseEmail, src/domain/email.ts). The key, so one person is one row.
  email: text('email').primaryKey(),
  // The opaque id that links carry and other tables reference.
  id: text('id').notNull().unique(),
  // emailHash(SUPPRESSION_HASH_KEY, email), written with the row, so presend can rule a known
  // contact out of the suppression list (its suppression filter reads the first characters)
  // without hashing its address.
  // '' for rows from before migration 0003: presend then hashes the address itself, and the
  // retention job fills the column in.
  emailHash: text('email_hash').notNull().default(''),
  locale: text('locale'),
  // Set by "unsubscribe from everything"; also keeps topics created later from mailing them.
  unsubscribedAllAt: integer('unsubscribed_all_at', { mode: 'timestamp_ms' }),
  // "Pause all mail" until this moment; null when not paused. Presend compares it with its
  // clock, so a pause ends by itself without a job clearing the column.
  pausedUntil: integer('paused_until', { mode: 'timestamp_ms' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  // Last thing the contact or staff did; retention deletes contacts idle for too long.
  lastActivityAt: integer('last_activity_at', { mode: 'timestamp_ms' }).notNull(),
  // The customer relationship that soft opt-in (legitimate interest) rests on: ISO dates
  // (YYYY-MM-DD), null when unknown. A null `customer_until` with a `customer_since` means
  // a current customer.
  customerSince: text('customer_since'),
  customerUntil: text('customer_until'),
});

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
  // Every read goes through the contact (the key's first column). No index by topic: nothing
  // asks "who is subscribed to X" (presend is asked about addresses), and each index is one
  // more B-tree every write, above all every imported row, has to update.
  (t) => [primaryKey({ columns: [t.contactId, t.topicKey] })],
);
