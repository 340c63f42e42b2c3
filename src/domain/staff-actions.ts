// What a console user does to a contact, through the same verbs as the API and the CLI (so the
// consent trail, the outbox event and presend all follow), each with its audit-log entry: who
// (the user), what, when, on which contact and topic. Addresses never go into the audit log.
import { desc, eq } from 'drizzle-orm';
import { consentEvents, contacts } from '../db/schema';
import { type AuditActor, recordAudit } from './audit';
import { type Op, withTransaction } from './context';
import { type ErasureResult, eraseContact } from './erasure';
import { type ContactExport, exportContact } from './export';
import { unsubscribe } from './unsubscribe';

/** How a request reached staff; recorded as the trail entry's source (`console:phone`). */
export const staffChannels = ['phone', 'email', 'letter', 'in_person'] as const;
export type StaffChannel = (typeof staffChannels)[number];

export interface StaffUnsubscribeInput {
  contactId: string;
  /** One topic, or null for every topic now and later. */
  topic: string | null;
  channel: StaffChannel;
  note?: string;
  actor: AuditActor;
}

/** Records an unsubscribe received by mail or phone; false when nothing changed (a repeat). */
export async function recordStaffUnsubscribe({ ctx, input }: Op<StaffUnsubscribeInput>): Promise<boolean> {
  return withTransaction(ctx, async (tx) => {
    const changed = await unsubscribe({
      ctx: tx,
      input: {
        contactId: input.contactId,
        topic: input.topic,
        actor: 'staff',
        consent: { source: `console:${input.channel}`, note: input.note || null },
      },
    });
    await recordAudit({
      ctx: tx,
      input: {
        actor: input.actor,
        action: 'contact.unsubscribed',
        subjectType: 'contact',
        subjectId: input.contactId,
        details: { topic: input.topic, all: input.topic === null, channel: input.channel, changed },
      },
    });
    return changed;
  });
}

/** The contact's data document, for a download; the audit log records who took it. */
export async function exportForStaff({
  ctx,
  input,
}: Op<{ contactId: string; actor: AuditActor }>): Promise<ContactExport> {
  const doc = await exportContact({ ctx, input: { contactId: input.contactId } });
  await recordAudit({
    ctx,
    input: {
      actor: input.actor,
      action: 'contact.exported',
      subjectType: 'contact',
      subjectId: input.contactId,
    },
  });
  return doc;
}

/** Erases the contact (receipt first, unless `notify` is false) and logs who did it. */
export async function eraseForStaff({
  ctx,
  input,
}: Op<{ contactId: string; notify: boolean; actor: AuditActor }>): Promise<ErasureResult> {
  const result = await eraseContact({
    ctx,
    input: {
      contactId: input.contactId,
      notify: input.notify,
      source: `console:${input.actor.id ?? 'user'}`,
    },
  });
  await recordAudit({
    ctx,
    input: {
      actor: input.actor,
      action: 'contact.erased',
      subjectType: 'contact',
      subjectId: input.contactId,
      details: { receipt_sent: result.receiptSent },
    },
  });
  return result;
}

export interface RecentChange {
  id: number;
  occurredAt: Date;
  action: (typeof consentEvents.$inferSelect)['action'];
  topicKey: string | null;
  source: string;
  contactId: string;
  email: string;
}

/** The latest consent-trail entries of all contacts, newest first (walks the id index back). */
export async function recentChanges({ ctx, input }: Op<{ limit: number }>): Promise<RecentChange[]> {
  return ctx.db
    .select({
      id: consentEvents.id,
      occurredAt: consentEvents.occurredAt,
      action: consentEvents.action,
      topicKey: consentEvents.topicKey,
      source: consentEvents.source,
      contactId: consentEvents.contactId,
      email: contacts.email,
    })
    .from(consentEvents)
    .innerJoin(contacts, eq(contacts.id, consentEvents.contactId))
    .orderBy(desc(consentEvents.id))
    .limit(input.limit);
}
