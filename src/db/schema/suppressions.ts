// Addresses that must never be mailed again. Keyed by an HMAC of the normalised email (never
// the address itself), so the list survives erasure without keeping personal data.
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const suppressionReasons = ['bounced', 'complained', 'erased'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export const suppressions = sqliteTable(
  'suppressions',
  {
    // AUTOINCREMENT: ids only ever grow and are never reused, even after a DELETE or VACUUM,
    // so a reader that has seen every entry up to id N can catch up with `id > N` alone
    // (presend's suppression filter, the import's re-check). Entries are never updated
    // (migration 0005's trigger), so an entry once seen stays as it was.
    id: integer('id').primaryKey({ autoIncrement: true }),
    emailHash: text('email_hash').notNull(),
    reason: text('reason', { enum: suppressionReasons }).notNull(),
    source: text('source').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('suppressions_hash_reason_idx').on(t.emailHash, t.reason),
    index('suppressions_created_idx').on(t.createdAt),
  ],
);
