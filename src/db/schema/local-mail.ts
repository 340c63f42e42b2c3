// The local outbox: without RESEND_API_KEY the Node server keeps each mail it would have sent
// here, so staff see it in the console (/admin/outbox). It holds addresses and signed links, so
// it is kept short: 7 days and at most 200 messages (src/mail/local-outbox.ts prunes it).
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const localMail = sqliteTable(
  'local_mail',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id').notNull(),
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    // Names and sizes only; the content (an export, say) is not kept.
    attachments: text('attachments', { mode: 'json' }).$type<Array<{ filename: string; bytes: number }>>(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('local_mail_sent_idx').on(t.sentAt)],
);
