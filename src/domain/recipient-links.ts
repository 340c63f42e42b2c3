// A mailing's links (POST /v1/links and its batch form): the recipients become contacts
// without any subscription, and each gets its signed unsubscribe and preference links. An
// erased address gets no link, because a link would store it again.
import { brandExists, brandPublicUrl, DEFAULT_BRAND } from './brands';
import { ensureContact, ensureContacts } from './contacts';
import { type Op, withTransaction } from './context';
import { AppError } from './errors';
import type { Locale } from './locales';
import type { RecipientLinks } from './signed-links';
import { erasedAmong, refuseErased } from './suppressions';
import { requireActiveTopic } from './topics';

export interface LinkRequest {
  /** A topic key, or null for an "unsubscribe from everything" link. */
  topic: string | null;
  /** The brand of an all-topics link (`default` when absent); a topic link takes its topic's. */
  brand?: string;
  campaign?: string;
}

/** The brand a mailing's links are for, and the public_url they are built on. */
async function linkBrand({
  ctx,
  input,
}: Op<LinkRequest>): Promise<{ brand: string; baseUrl: string | null }> {
  const topic = input.topic ? await requireActiveTopic({ ctx, input: { key: input.topic } }) : undefined;
  const key = topic?.brand ?? input.brand ?? DEFAULT_BRAND;
  if (topic && input.brand && input.brand !== topic.brand) {
    throw new AppError('validation_failed', `brand: topic '${topic.key}' belongs to brand '${topic.brand}'`, [
      { field: 'brand', message: `topic '${topic.key}' belongs to brand '${topic.brand}'` },
    ]);
  }
  if (!(await brandExists({ ctx, input: { key } })))
    throw new AppError('not_found', `brand '${key}' does not exist`);
  return { brand: key, baseUrl: await brandPublicUrl({ ctx, input: { key } }) };
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
  const scope = await linkBrand({ ctx, input });
  await refuseErased({ ctx, input: { email: input.email } });
  const { contact } = await ensureContact({ ctx, input: { email: input.email, locale: input.locale } });
  const links = await ctx.links.forRecipient({
    contactId: contact.id,
    topic: input.topic,
    campaign: input.campaign,
    ...scope,
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
  const scope = await linkBrand({ ctx, input });
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
            ...scope,
          });
          return { email, contactId, links };
        }),
      )),
    );
  }
  return items;
}
