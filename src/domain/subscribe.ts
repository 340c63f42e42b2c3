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
import { DAY_MS } from './clock';
import { type Contact, findContactById, subscriptionsOf } from './contacts';
import { type Op, withTransaction } from './context';
import { AppError, rateLimited } from './errors';
import { truncateIp } from './ip';
import { setPreferences } from './preferences';
import { hitRateLimit, type RateLimitRule } from './rate-limit';
import { recordSignUpDue, type SignUpDueInput } from './sign-ups-due';
import { liftErasure } from './suppressions';
import { listTopics, requireActiveTopic, type Topic } from './topics';

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

/**
 * Accepts one sign-up. The caller answers the same way whatever happens to the address (no
 * address enumeration); only a network over its limit or a topic that does not exist gets an
 * error, and neither says anything about the address. Everything that depends on the address
 * is left to `deliverSignUp` (sign-up-delivery.ts), which the caller runs after answering, so that neither the
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
  // The suppression check itself comes after the answer, but the keyed hash it needs is made
  // here, for every address alike: a hasher that cannot answer (the Worker's guard on a wrong
  // SUPPRESSION_HASH_KEY) refuses the sign-up now instead of accepting one it can never mail.
  ctx.hasher.hash(input.email);
  return { signUpId: await recordSignUpDue({ ctx, input: { ...input, topics: keys } }) };
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
