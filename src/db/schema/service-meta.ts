// Facts about the installation itself that must travel with its data, such as the
// fingerprint of the suppression-hash key the stored hashes were made with.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const serviceMeta = sqliteTable('service_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
