// Staff creating or updating a contact with its customer dates and subscriptions (POST
// /v1/contacts): one transaction, so a refused part leaves nothing behind.
import type { SubscriptionStatus } from '../db/schema';
import type { ConsentContext } from './consent';
import {
  type Contact,
  ensureContact,
  findContactById,
  type Subscription,
  setCustomerDates,
  subscriptionsOf,
} from './contacts';
import { type Op, withTransaction } from './context';
import type { Locale } from './locales';
import { requireConsentSource, setPreferences } from './preferences';
import { refuseErased } from './suppressions';

export interface ContactUpsertInput {
  /** Canonical address. */
  email: string;
  locale?: Locale;
  /** Absent keeps a date, null clears it. */
  customerSince?: string | null;
  customerUntil?: string | null;
  subscriptions?: Record<string, SubscriptionStatus>;
  /** The trail's evidence; `source` (where consent was given) is required for consent-basis opt-ins. */
  consent: Omit<ConsentContext, 'source'> & { source?: string };
}

export async function upsertContact({
  ctx,
  input,
}: Op<ContactUpsertInput>): Promise<{ contact: Contact; created: boolean; subscriptions: Subscription[] }> {
  const changes = input.subscriptions ?? {};
  return withTransaction(ctx, async (tx) => {
    await refuseErased({ ctx: tx, input: { email: input.email } });
    await requireConsentSource({ ctx: tx, input: { changes, source: input.consent.source } });
    const { contact, created } = await ensureContact({
      ctx: tx,
      input: { email: input.email, locale: input.locale },
    });
    // First, so dates that make no relationship refuse the request before anything else.
    await setCustomerDates({
      ctx: tx,
      input: { contact, change: { customerSince: input.customerSince, customerUntil: input.customerUntil } },
    });
    await setPreferences({
      ctx: tx,
      input: {
        contactId: contact.id,
        changes,
        actor: 'staff',
        consent: { ...input.consent, source: input.consent.source ?? 'api' },
      },
    });
    // Re-read: setting preferences touches the contact's timestamps and flags.
    const current = (await findContactById({ ctx: tx, input: { contactId: contact.id } })) ?? contact;
    return {
      contact: current,
      created,
      subscriptions: await subscriptionsOf({ ctx: tx, input: { contactId: contact.id } }),
    };
  });
}
