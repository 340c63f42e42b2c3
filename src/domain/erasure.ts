// Erasure (GDPR Art. 17) that still honours "never mail me again": the contact, their
// subscriptions and consent trail are deleted, and only a keyed HMAC of the normalised
// address stays on the suppression list (reason `erased`), so presend keeps refusing it and
// a later import cannot bring it back. A receipt goes to the address first, through the mail
// transport, because afterwards the service no longer knows where to send it.
import { eq } from 'drizzle-orm';
import { consentEvents, contacts, subscriptions, suppressions } from '../db/schema';
import { erasureReceipt } from '../mail/erasure-receipt';
import type { MailTransport, SentMail } from '../mail/transport';
import { type Contact, findContactByEmail, findContactById } from './contacts';
import type { DbOrTx, DomainContext } from './context';
import { normaliseEmail } from './email';
import { AppError } from './errors';
import { emailHash } from './hashing';
import { isErased, isSuppressed } from './suppressions';

export interface ErasureContext extends DomainContext {
  mailer: MailTransport;
  suppressionHashKey: string;
  brand: { name: string; privacyContact?: string };
}

export interface ErasureInput {
  /** Which contact: by id (the preference center) or by address (staff, command line). */
  contactId?: string;
  email?: string;
  /** For an address with no contact: still put it on the suppression list. */
  suppressUnknown?: boolean;
  /** Send the deletion receipt (default true). Staff may skip it, e.g. for a dead address. */
  notify?: boolean;
  /** Who asked, recorded on the suppression row: preference-center, api, cli. */
  source: string;
}

export interface ErasureResult {
  /** A contact existed and was deleted now. */
  erased: boolean;
  /** The address is on the suppression list as erased (now or from before). */
  suppressed: boolean;
  receiptSent: boolean;
}

export async function eraseContact(ctx: ErasureContext, input: ErasureInput): Promise<ErasureResult> {
  const contact = await resolveContact(ctx.db, input);
  if (!contact) {
    if (!input.email) throw new AppError('not_found', 'contact not found');
    const email = normaliseEmail(input.email);
    const hash = emailHash(ctx.suppressionHashKey, email);
    if (input.suppressUnknown) await suppress(ctx.db, hash, input.source, ctx.clock.now());
    const suppressed = input.suppressUnknown || (await isErased(ctx.db, ctx.suppressionHashKey, email));
    if (!suppressed) throw new AppError('not_found', 'no contact with this address');
    return { erased: false, suppressed: true, receiptSent: false };
  }

  const hash = emailHash(ctx.suppressionHashKey, contact.email);
  let receiptSent = false;
  // Bounced and complained addresses get no receipt: one bounces, the other asked for no mail.
  if (input.notify !== false && !(await isSuppressed(ctx.db, ctx.suppressionHashKey, contact.email))) {
    let sent: SentMail;
    try {
      sent = await ctx.mailer.send(
        erasureReceipt({
          to: contact.email,
          contactId: contact.id,
          locale: contact.locale,
          brand: ctx.brand,
        }),
      );
    } catch {
      throw new AppError(
        'service_unavailable',
        'the deletion receipt could not be sent; nothing was deleted, please try again',
      );
    }
    receiptSent = !sent.unsent;
  }

  await ctx.db.transaction(async (tx) => {
    await tx.delete(consentEvents).where(eq(consentEvents.contactId, contact.id));
    await tx.delete(subscriptions).where(eq(subscriptions.contactId, contact.id));
    await tx.delete(contacts).where(eq(contacts.id, contact.id));
    await suppress(tx, hash, input.source, ctx.clock.now());
  });
  return { erased: true, suppressed: true, receiptSent };
}

async function resolveContact(db: DbOrTx, input: ErasureInput): Promise<Contact | undefined> {
  if (input.contactId) return findContactById(db, input.contactId);
  if (input.email) return findContactByEmail(db, normaliseEmail(input.email));
  throw new AppError('bad_request', 'say which contact to erase');
}

async function suppress(db: DbOrTx, hash: string, source: string, at: Date) {
  await db
    .insert(suppressions)
    .values({ emailHash: hash, reason: 'erased', source: source.slice(0, 200), createdAt: at })
    .onConflictDoNothing();
}
