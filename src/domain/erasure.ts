// Erasure (GDPR Art. 17) that still honours "never mail me again": the contact, their
// subscriptions and consent trail are deleted, and only a keyed HMAC of the canonical
// address stays on the suppression list (reason `erased`), so presend keeps refusing it and
// a later import cannot bring it back. A receipt goes to the address first, through the
// mailer, because afterwards the service no longer knows where to send it.
import { eq } from 'drizzle-orm';
import { consentEvents, contacts, subscriptions } from '../db/schema';
import type { Brand } from './brands';
import { recordErased } from './change-events';
import { type Contact, findContactByEmail, findContactById } from './contacts';
import { type DomainContext, type Op, withTransaction } from './context';
import { normaliseEmail } from './email';
import { AppError } from './errors';
import type { SentMail } from './mailer';
import { forgetSignUpsOf } from './sign-ups-due';
import { isErased, isSuppressed, writeSuppressions } from './suppressions';

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
  /** The brand the receipt is sent under (the page's); the default one when absent. */
  brand?: Brand;
}

export interface ErasureResult {
  /** A contact existed and was deleted now. */
  erased: boolean;
  /** The address is on the suppression list as erased (now or from before). */
  suppressed: boolean;
  receiptSent: boolean;
}

export async function eraseContact({ ctx, input }: Op<ErasureInput>): Promise<ErasureResult> {
  const contact = await resolveContact(ctx, input);
  if (!contact) {
    if (!input.email) throw new AppError('not_found', 'contact not found');
    const email = normaliseEmail(input.email);
    // A sign-up not mailed yet has no contact; its row still holds the address.
    await forgetSignUpsOf({ ctx, input: { email } });
    if (input.suppressUnknown) {
      await withTransaction(ctx, async (tx) => {
        const listed = await writeSuppressions({
          ctx: tx,
          input: { emails: [email], reason: 'erased', source: input.source },
        });
        if (listed.length > 0) await recordErased(tx.db, [{ id: null, email }], input.source, tx.clock.now());
      });
    }
    const suppressed = input.suppressUnknown || (await isErased({ ctx, input: { email } }));
    if (!suppressed) throw new AppError('not_found', 'no contact with this address');
    return { erased: false, suppressed: true, receiptSent: false };
  }

  let receiptSent = false;
  // Bounced and complained addresses get no receipt: one bounces, the other asked for no mail.
  if (input.notify !== false && !(await isSuppressed({ ctx, input: { email: contact.email } }))) {
    let sent: SentMail;
    try {
      sent = await ctx.mailer.send({
        kind: 'erasure-receipt',
        to: contact.email,
        contactId: contact.id,
        locale: contact.locale,
        ...(input.brand ? { brand: input.brand } : {}),
      });
    } catch {
      throw new AppError(
        'service_unavailable',
        'the deletion receipt could not be sent; nothing was deleted, please try again',
      );
    }
    receiptSent = !sent.unsent;
  }

  await withTransaction(ctx, async (tx) => {
    await tx.db.delete(consentEvents).where(eq(consentEvents.contactId, contact.id));
    await tx.db.delete(subscriptions).where(eq(subscriptions.contactId, contact.id));
    await tx.db.delete(contacts).where(eq(contacts.id, contact.id));
    await writeSuppressions({
      ctx: tx,
      input: { emails: [contact.email], reason: 'erased', source: input.source },
    });
    await recordErased(tx.db, [contact], input.source, tx.clock.now());
    await forgetSignUpsOf({ ctx: tx, input: { email: contact.email } });
  });
  return { erased: true, suppressed: true, receiptSent };
}

async function resolveContact(ctx: DomainContext, input: ErasureInput): Promise<Contact | undefined> {
  if (input.contactId) return findContactById({ ctx, input: { contactId: input.contactId } });
  if (input.email) return findContactByEmail({ ctx, input: { email: normaliseEmail(input.email) } });
  throw new AppError('bad_request', 'say which contact to erase');
}
