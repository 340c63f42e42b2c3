// Mailing purposes (news, events and webinars, security notices, surveys...). A topic is
// archived, never deleted, so the consent trail keeps pointing at something real.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const legalBases = ['consent', 'legitimate_interest'] as const;
export type LegalBasis = (typeof legalBases)[number];

/** Localised text keyed by locale (en, nl, fr, de): at least one. */
export type LocalisedText = Record<string, string>;

export const topics = sqliteTable('topics', {
  key: text('key').primaryKey(),
  name: text('name', { mode: 'json' }).$type<LocalisedText>().notNull(),
  description: text('description', { mode: 'json' }).$type<LocalisedText>(),
  basis: text('basis', { enum: legalBases }).notNull(),
  // The brand the topic is mailed under (brands.ts); `default` is the environment's brand.
  brand: text('brand').notNull().default('default'),
  archivedAt: integer('archived_at', { mode: 'timestamp_ms' }),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
