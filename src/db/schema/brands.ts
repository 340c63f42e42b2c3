// The brands one controller mails under (websites, group companies). The `default` brand is the
// environment's BRAND_* settings unless staff store one under that key; topics belong to a brand,
// and "unsubscribe from everything" at a brand is recorded per brand.
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { contacts } from './contacts';

export const brands = sqliteTable('brands', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  websiteUrl: text('website_url').notNull(),
  publicUrl: text('public_url'),
  logoUrl: text('logo_url'),
  accent: text('accent'),
  mailFrom: text('mail_from'),
  privacyPolicyUrl: text('privacy_policy_url'),
  privacyContact: text('privacy_contact'),
  defaultLocale: text('default_locale'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

// "Unsubscribe from everything" at one brand: that brand's topics, also those added later.
// Every brand at once stays `contacts.unsubscribed_all_at`.
export const brandUnsubscribes = sqliteTable(
  'brand_unsubscribes',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    brandKey: text('brand_key').notNull(),
    unsubscribedAt: integer('unsubscribed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.brandKey] })],
);
