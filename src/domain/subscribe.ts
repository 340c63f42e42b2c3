// Double opt-in: a sign-up turns topics `pending` and mails a signed confirmation link; only
// the click on that link's Confirm button turns them `subscribed`. Both steps land in the
// consent trail with what Art. 7(1) GDPR asks a sender to be able to show: when, from which
// form, under which wording, from which (truncated) IP and user agent, and which mail.
//
// Abuse rules live here too: limits per network and per address, no mail to bounced or
// complained addresses, no second mail for topics someone already has. An erased address may
// sign up again: confirming it is the one thing that lifts an erasure.

import { and, eq } from 'drizzle-orm';
import { consentEvents } from '../db/schema';
import { type Brand, brandOrDefault } from './brands';
import { DAY_MS } from './clock';
import {
  type Contact,
  ensureContact,
  findContactByEmail,
  findContactById,
  subscriptionsOf,
} from './contacts';
import { type DomainContext, type Op, withTransaction } from './context';
import { AppError, rateLimited } from './errors';
import { truncateIp } from './ip';
import { isLocale } from './locales';
import { type DomainMail, MailSendError, type SentMail } from './mailer';
import { setPreferences } from './preferences';
import { hitRateLimit, type RateLimitRule } from './rate-limit';
import {
  claimSignUpDue,
  finishSignUpDue,
  recordSignUpDue,
  type SignUpDue,
  type SignUpDueInput,
} from './sign-ups-due';
import { liftErasure, suppressionReasons } from './suppressions';
import { listTopics, localise, requireActiveTopic, type Topic } from './topics';

/** The note on 'confirm' entries whose confirmation lifted an erasure of the address. */
export const ERASURE_LIFTED = 'erasure lifted: the person confirmed this sign-up themselves';

/** How long a confirmation link works. */
export const CONFIRM_LINK_MAX_AGE_MS = 7 * DAY_MS;
/** Keeps the confirm token (which lists the topics) well inside a URL's comfortable length. */
export const MAX_TOPICS_PER_SIGNUP = 8;

export const subscribeLimits = {
  /** Confirmation mails one address receives: enough to retry, too few to flood a stranger. */
  perAddress: { bucket: 'subscribe-mail:address', limit: 3, windowMs: DAY_MS },
  /** Sign-ups from one network (IPv4 /24, IPv6 /48). */
  perNetwork: { bucket: 'subscribe:ip', limit: 30, windowMs: 60 * 60 * 1000 },
} satisfies Record<string, RateLimitRule>;

/** Pause before the one retry of a send that failed with a retryable error. */
const RETRY_DELAY_MS = 500;

/** No mail was due: the address is listed, has these topics, reached its limit, or the topics went. */
type NoMailDue = { outcome: 'already_subscribed' | 'suppressed' | 'address_limited' | 'no_topics' };

export type DeliveryResult =
  | { outcome: 'mailed'; topics: string[]; messageId: string }
  | { outcome: 'mail_failed'; topics: string[]; error: unknown }
  | NoMailDue;

/**
 * Accepts one sign-up. The caller answers the same way whatever happens to the address (no
 * address enumeration); only a network over its limit or a topic that does not exist gets an
 * error, and neither says anything about the address. Everything that depends on the address
 * is left to `deliverSignUp`, which the caller runs after answering, so that neither the
 * answer nor its timing tells who is on the list. The sign-up is written down before the
 * answer (`sign_ups_due`), so a crash after it delays the mail; it does not lose the sign-up.
 */
export async function requestSubscription({ ctx, input }: Op<SignUpDueInput>): Promise<{ signUpId: string }> {
  const network = await hitRateLimit({
    ctx,
    input: { rule: subscribeLimits.perNetwork, subject: truncateIp(input.ip) ?? 'unknown' },
  });
  if (!network.allowed)
    throw rateLimited('too many sign-ups from this network; try again later', network.retryAfterMs);

  const keys = [...new Set(input.topics)];
  if (keys.length === 0) throw new AppError('validation_failed', 'topics: choose at least one topic');
  for (const key of keys) await requireActiveTopic({ ctx, input: { key } });
  return { signUpId: await recordSignUpDue({ ctx, input: { ...input, topics: keys } }) };
}

/**
 * The part of a sign-up that runs after the answer, once per due row: the address's checks,
 * the contact, the mail, then the trail entry together with the row's deletion. Returns null
 * when the row is gone or someone else holds it. A throw leaves the row for the sweep.
 */
export async function deliverSignUp({
  ctx,
  input: { id, defaultBrand },
}: Op<{ id: string; defaultBrand: Brand }>): Promise<DeliveryResult | null> {
  const due = await claimSignUpDue({ ctx, input: { id } });
  if (!due) return null;
  const outcome = await signUpChecks(ctx, due);
  if ('outcome' in outcome) {
    await finishSignUpDue({ ctx, input: { id } });
    return outcome;
  }
  return deliverConfirmation(ctx, due, outcome.wanted, outcome.existing, defaultBrand);
}

/** The topics a due sign-up still needs mail for, or why none is sent. */
async function signUpChecks(
  ctx: DomainContext,
  due: SignUpDue,
): Promise<{ wanted: Topic[]; existing: Contact | undefined } | NoMailDue> {
  // A topic archived since the answer is left out, as a confirm link leaves it out.
  const active = new Map((await listTopics({ ctx })).map((t) => [t.key, t]));
  const topics = due.topics.map((k) => active.get(k)).filter((t): t is Topic => Boolean(t));
  if (topics.length === 0) return { outcome: 'no_topics' };

  // Bounced and complained addresses get nothing, not even a contact row. An erased address
  // is mailed: the person's own confirmation is the one way back (confirmSubscription).
  const listed = await suppressionReasons({ ctx, input: { email: due.email } });
  if (listed.some((reason) => reason !== 'erased')) return { outcome: 'suppressed' };

  const existing = await findContactByEmail({ ctx, input: { email: due.email } });
  const current = new Map(
    existing
      ? (await subscriptionsOf({ ctx, input: { contactId: existing.id } })).map((s) => [s.topicKey, s.status])
      : [],
  );
  const wanted = topics.filter((t) => current.get(t.key) !== 'subscribed');
  if (wanted.length === 0) return { outcome: 'already_subscribed' };

  const perAddress = await hitRateLimit({
    ctx,
    input: { rule: subscribeLimits.perAddress, subject: due.email },
  });
  if (!perAddress.allowed) return { outcome: 'address_limited' };
  return { wanted, existing };
}

/**
 * The contact, the mail, then the trail entry. The entry is written after the send, as it
 * always was, so it still holds the mail's message id (or the note that the mail could not be
 * sent); the due row goes in the same transaction. A second attempt at the same row sends with
 * the same token and idempotency key, so the provider does not mail twice.
 */
async function deliverConfirmation(
  ctx: DomainContext,
  due: SignUpDue,
  wanted: Topic[],
  existing: Contact | undefined,
  defaultBrand: Brand,
): Promise<DeliveryResult> {
  const asked = isLocale(due.locale) ? due.locale : undefined;
  // An anonymous form may set the language of a new contact, not change an existing one's.
  const { contact } = await ensureContact({
    ctx,
    input: { email: due.email, locale: existing ? undefined : asked },
  });
  const fallback = isLocale(due.fallbackLocale) ? due.fallbackLocale : defaultBrand.defaultLocale;
  const locale = asked ?? (isLocale(contact.locale) ? contact.locale : fallback);
  const tokenId = due.tokenId;
  const confirmUrl = await ctx.links.confirmUrl({
    contactId: contact.id,
    topics: wanted.map((t) => t.key),
    tokenId,
  });
  const brand = await brandOrDefault({ ctx, input: { key: wanted[0]?.brand, fallback: defaultBrand } });
  const mail: DomainMail = {
    kind: 'confirm',
    brand,
    to: contact.email,
    locale,
    topicNames: wanted.map((t) => localise(t.name, locale, brand.defaultLocale)),
    confirmUrl,
    idempotencyKey: `confirm/${tokenId}`,
  };

  let sent: SentMail | undefined;
  let failure: unknown;
  try {
    sent = await sendWithOneRetry(ctx, mail);
  } catch (err) {
    failure = err;
  }

  // Written whether or not the mail left: a provider outage must not lose the sign-up, and a
  // new sign-up later sends a fresh link for the same pending topics.
  await withTransaction(ctx, async (tx) => {
    await setPreferences({
      ctx: tx,
      input: {
        contactId: contact.id,
        changes: Object.fromEntries(wanted.map((t) => [t.key, 'pending' as const])),
        actor: 'subscriber',
        consent: {
          source: due.source,
          sourceUrl: due.sourceUrl,
          wording: due.consentText,
          ip: due.ip,
          userAgent: due.userAgent,
          tokenId,
          messageId: sent?.id,
          note: failure ? 'confirmation mail could not be sent' : null,
        },
      },
    });
    await finishSignUpDue({ ctx: tx, input: { id: due.id } });
  });
  const topicKeys = wanted.map((t) => t.key);
  return sent
    ? { outcome: 'mailed', topics: topicKeys, messageId: sent.id }
    : { outcome: 'mail_failed', topics: topicKeys, error: failure };
}

async function sendWithOneRetry(ctx: DomainContext, mail: DomainMail): Promise<SentMail> {
  try {
    return await ctx.mailer.send(mail);
  } catch (err) {
    if (!(err instanceof MailSendError) || !err.retryable) throw err;
    await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    // Same idempotency key: if the first attempt did reach the provider, this is not a second mail.
    return ctx.mailer.send(mail);
  }
}

export interface PendingConfirmation {
  contact: Contact;
  /** The token's topics that still exist and are not archived, in token order. */
  topics: Topic[];
  /** Their current status for this contact (null: no row, e.g. removed by an erasure). */
  statuses: Map<string, string | null>;
}

/** What a verified confirmation link says: whose sign-up, for which topics, under which token. */
export interface ConfirmLink {
  contactId: string;
  /** One topic key (older links), or null. */
  topic: string | null;
  topics?: string[];
  tokenId: string;
}

/** What a confirm link is about. Reads only: opening the page (or a scanner) changes nothing. */
export async function loadConfirmation({
  ctx,
  input: { link },
}: Op<{ link: ConfirmLink }>): Promise<PendingConfirmation> {
  const contact = await findContactById({ ctx, input: { contactId: link.contactId } });
  if (!contact) throw new AppError('invalid_token', 'this link is not valid');
  const keys = link.topics ?? (link.topic ? [link.topic] : []);
  const active = new Map((await listTopics({ ctx })).map((t) => [t.key, t]));
  const topics = keys.map((k) => active.get(k)).filter((t): t is Topic => Boolean(t));
  const subs = new Map(
    (await subscriptionsOf({ ctx, input: { contactId: contact.id } })).map((s) => [s.topicKey, s.status]),
  );
  return { contact, topics, statuses: new Map(topics.map((t) => [t.key, subs.get(t.key) ?? null])) };
}

/**
 * The Confirm click: every topic of the link that is still pending becomes subscribed, with
 * one 'confirm' trail entry each. A topic the person opted out of after signing up stays out.
 * Clicking twice changes nothing the second time. Returns the topics that are now subscribed.
 * A confirmation that subscribes anything also lifts an erasure of the address: it is the
 * person's own opt-in (their 'confirm' entries say so in their note).
 */
export async function confirmSubscription({
  ctx,
  input,
}: Op<{ link: ConfirmLink; wording: string; ip?: string | null; userAgent?: string | null }>): Promise<{
  confirmed: string[];
  subscribed: string[];
}> {
  const { contact, topics, statuses } = await loadConfirmation({ ctx, input: { link: input.link } });
  const pending = topics.filter((t) => statuses.get(t.key) === 'pending').map((t) => t.key);
  // The request entry written with this token holds the confirmation mail's id.
  const [request] = await ctx.db
    .select({ messageId: consentEvents.messageId })
    .from(consentEvents)
    .where(
      and(
        eq(consentEvents.contactId, contact.id),
        eq(consentEvents.tokenId, input.link.tokenId),
        eq(consentEvents.action, 'request'),
      ),
    )
    .limit(1);
  const changes = await withTransaction(ctx, async (tx) => {
    const lifted = pending.length > 0 && (await liftErasure({ ctx: tx, input: { email: contact.email } }));
    return setPreferences({
      ctx: tx,
      input: {
        contactId: contact.id,
        changes: Object.fromEntries(pending.map((k) => [k, 'subscribed' as const])),
        actor: 'subscriber',
        action: 'confirm',
        consent: {
          source: 'double-opt-in',
          wording: input.wording,
          ip: input.ip,
          userAgent: input.userAgent,
          tokenId: input.link.tokenId,
          messageId: request?.messageId ?? null,
          note: lifted ? ERASURE_LIFTED : null,
        },
      },
    });
  });
  const confirmed = changes.map((c) => c.topic);
  const subscribed = topics
    .filter((t) => confirmed.includes(t.key) || statuses.get(t.key) === 'subscribed')
    .map((t) => t.key);
  return { confirmed, subscribed };
}
