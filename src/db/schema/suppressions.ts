// Addresses that must never be mailed again. Keyed by an HMAC of the normalised email (never
// the address itself), so the list survives erasure without keeping personal data.
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const suppressionReasons = ['bounced', 'complained', 'erased'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export const suppressions = sqliteTable(
  'suppressions',
  {
    emailHash: text('email_hash').notNull(),
    reason: text('reason', { enum: suppressionReasons }).notNull(),
    source: text('source').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.emailHash, t.reason] }),
    index('suppressions_created_idx').on(t.createdAt),
  ],
);
