// A mailing's links (POST /v1/links and its batch form): the recipients become contacts
// without any subscription, and each gets its signed unsubscribe and preference links. An
// erased address gets no link, because a link would store it again.
import { ensureContact, ensureContacts } from './contacts';
import { type Op, withTransaction } from './context';
import type { Locale } from './locales';
import type { RecipientLinks } from './signed-links';
import { erasedAmong, refuseErased } from './suppressions';
import { requireActiveTopic } from './topics';

export interface LinkRequest {
  /** A topic key, or null for an "unsubscribe from everything" link. */
  topic: string | null;
  campaign?: string;
}

export interface Recipient {
  /** Canonical address. */
  email: string;
  locale?: Locale;
}

/** One recipient's links; AppError erased for an erased address. */
export async function issueLinks({
  ctx,
  input,
}: Op<LinkRequest & Recipient>): Promise<{ contactId: string; links: RecipientLinks }> {
  if (input.topic) await requireActiveTopic({ ctx, input: { key: input.topic } });
  await refuseErased({ ctx, input: { email: input.email } });
  const { contact } = await ensureContact({ ctx, input: { email: input.email, locale: input.locale } });
  const links = await ctx.links.forRecipient({
    contactId: contact.id,
    topic: input.topic,
    campaign: input.campaign,
  });
  return { contactId: contact.id, links };
}

export type BatchItem =
  | { email: string; erased: true }
  | { email: string; erased?: undefined; contactId: string; links: RecipientLinks };

// Signing is cheap but not free; chunks keep 20,000 pending promises from piling up at once.
const SIGN_CHUNK = 500;

/** Links for many recipients of one topic, in request order; erased addresses are marked. */
export async function issueLinkBatch({
  ctx,
  input,
}: Op<LinkRequest & { recipients: readonly Recipient[] }>): Promise<BatchItem[]> {
  if (input.topic) await requireActiveTopic({ ctx, input: { key: input.topic } });
  const { erased, contacts } = await withTransaction(ctx, async (tx) => {
    const erased = await erasedAmong({ ctx: tx, input: { emails: input.recipients.map((r) => r.email) } });
    const wanted = erased.size ? input.recipients.filter((r) => !erased.has(r.email)) : input.recipients;
    return { erased, contacts: await ensureContacts({ ctx: tx, input: { recipients: wanted } }) };
  });
  const items: BatchItem[] = [];
  for (let i = 0; i < input.recipients.length; i += SIGN_CHUNK) {
    const chunk = input.recipients.slice(i, i + SIGN_CHUNK);
    items.push(
      ...(await Promise.all(
        chunk.map(async ({ email }): Promise<BatchItem> => {
          if (erased.has(email)) return { email, erased: true };
          const contactId = contacts.get(email)!.id;
          const links = await ctx.links.forRecipient({
            contactId,
            topic: input.topic,
            campaign: input.campaign,
          });
          return { email, contactId, links };
        }),
      )),
    );
  }
  return items;
}
