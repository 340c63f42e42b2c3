// The local outbox's storage (schema/local-mail.ts): every mail the Node server would have sent
// without a mail service, kept for the console's outbox page. It holds addresses and signed
// links, so each write also drops what is older than 7 days or beyond the newest 200.
import { desc, lt, lte, sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock';
import type { OutgoingMail, SentMail } from '../mail/transport';
import type { Db } from './client';
import { localMail } from './schema';

export const LOCAL_MAIL_DAYS = 7;
export const LOCAL_MAIL_LIMIT = 200;

export type LocalMail = typeof localMail.$inferSelect;

export async function keepLocalMail(db: Db, clock: Clock, mail: OutgoingMail, sent: SentMail): Promise<void> {
  const now = clock.now();
  const [row] = await db
    .insert(localMail)
    .values({
      messageId: sent.id,
      kind: mail.kind,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      attachments:
        mail.attachments?.map((a) => ({ filename: a.filename, bytes: a.content.byteLength })) ?? null,
      sentAt: now,
    })
    .returning({ id: localMail.id });
  await db
    .delete(localMail)
    .where(lt(localMail.sentAt, new Date(now.getTime() - LOCAL_MAIL_DAYS * 86_400_000)));
  await db.delete(localMail).where(lte(localMail.id, sql`${row.id - LOCAL_MAIL_LIMIT}`));
}

/** The newest mail first. */
export async function recentLocalMail(db: Db, limit = 50): Promise<LocalMail[]> {
  return db.select().from(localMail).orderBy(desc(localMail.id)).limit(limit);
}
