// Unsubscribing and its undo, as the signed links, the unsubscribe page and staff ask for it.
// A thin layer over preferences.ts, which guarantees one consent-trail entry per real change
// and none for a repeat; this module only decides which of its calls a request means.
import { and, eq } from 'drizzle-orm';
import { consentEvents, contacts, subscriptions, topics } from '../db/schema';
import { contactAtBrand, resumeBrands } from './brand-scope';
import { DEFAULT_BRAND } from './brands';
import { type ConsentContext, consentRow } from './consent';
import { type Contact, findContactById, subscriptionsOf } from './contacts';
import { type Op, withTransaction } from './context';
import { AppError } from './errors';
import { type Actor, setPreferences, unsubscribeAll } from './preferences';
import { receives, type SoftOptIn } from './presend';
import { listTopics, ofBrand, type Topic } from './topics';

export interface UnsubscribeInput {
  contactId: string;
  /** One topic, or null for every topic (and topics created later) of `brand`. */
  topic: string | null;
  /** An all-topics link's brand (the default one when absent). */
  brand?: string;
  actor: Actor;
  consent: ConsentContext;
}

/** Returns true when something changed; a repeat changes nothing and records nothing. */
export async function unsubscribe({ ctx, input }: Op<UnsubscribeInput>): Promise<boolean> {
  if (input.topic === null) {
    return unsubscribeAll({
      ctx,
      input: { contactId: input.contactId, consent: input.consent, brand: input.brand ?? DEFAULT_BRAND },
    });
  }
  const changes = await setPreferences({
    ctx,
    input: {
      contactId: input.contactId,
      changes: { [input.topic]: 'unsubscribed' },
      actor: input.actor,
      consent: input.consent,
    },
  });
  return changes.length > 0;
}

/**
 * What the undo of an unsubscribe through a link would give back, read just before the
 * unsubscribe: the topics to subscribe again, or null when there is nothing to give back.
 * Only topics the contact received *and* had subscribed come back as subscribed, so an undo
 * never opts anyone in to a topic that was pending or that they never chose. For a topic
 * link, a legitimate-interest topic received without a subscription is therefore not offered
 * (subscribing it would be a choice the person never made). For an all-topics link the undo
 * also ends the "unsubscribe from everything", which by itself gives back the
 * legitimate-interest topics received without a subscription, exactly as they were.
 */
export async function undoPlan({
  ctx,
  input: { contact, topic, softOptIn, brand = DEFAULT_BRAND },
}: Op<{
  /** As the brand sees them (contactAtBrand). */
  contact: Contact;
  topic: Topic | null;
  softOptIn: SoftOptIn;
  /** An all-topics link's brand: only its topics come back. */
  brand?: string;
}>): Promise<string[] | null> {
  if (topic) {
    const status = await subscriptionStatus({ ctx, input: { contactId: contact.id, topic: topic.key } });
    return status === 'subscribed' && receives(topic, status, contact, softOptIn) ? [topic.key] : null;
  }
  const [all, subs] = await Promise.all([
    listTopics({ ctx }),
    subscriptionsOf({ ctx, input: { contactId: contact.id } }),
  ]);
  const active = ofBrand(all, brand);
  const status = new Map(subs.map((s) => [s.topicKey, s.status]));
  const givesBack = active.filter((t) => {
    const s = status.get(t.key) ?? null;
    return (s === 'subscribed' || s === null) && receives(t, s, contact, softOptIn);
  });
  if (givesBack.length === 0) return null;
  return givesBack.filter((t) => status.get(t.key) === 'subscribed').map((t) => t.key);
}

export interface UndoInput {
  contactId: string;
  /** The topics `undoPlan` named before the unsubscribe, as carried in the signed undo form. */
  topics: readonly string[];
  /** An all-topics link: the undo also ends its "unsubscribe from everything". */
  endsUnsubscribeAll: boolean;
  /** The link's brand: its topics, and its "everything". */
  brand?: string;
  consent: ConsentContext;
  /** The wording the person agrees to, for the topics they will receive again. */
  wordingFor(topics: string[]): string;
  softOptIn: SoftOptIn;
}

/**
 * The undo on the unsubscribe page: the subscriber, holding a signed link and its signed undo
 * form, takes back that unsubscribe. Only topics that are unsubscribed now come back (one that
 * is pending again or was archived since stays as it is), and an "unsubscribe from everything"
 * ends only for an all-topics link. Recorded as subscribe entries with the wording shown; the
 * end of an "unsubscribe from everything" that subscribes nothing gets one entry of its own
 * (topic null). Returns the topics the contact receives again, in key order; [] for a repeat.
 */
export async function undoUnsubscribe({ ctx, input }: Op<UndoInput>): Promise<string[]> {
  return withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const now = txCtx.clock.now();
    const brand = input.brand ?? DEFAULT_BRAND;
    const stored = await findContactById({ ctx: txCtx, input: { contactId: input.contactId } });
    if (!stored) throw new AppError('not_found', 'contact not found');
    const contact = await contactAtBrand(txCtx, stored, brand);
    const [all, subs] = await Promise.all([
      listTopics({ ctx: txCtx }),
      subscriptionsOf({ ctx: txCtx, input: { contactId: contact.id } }),
    ]);
    const active = ofBrand(all, brand);
    const status = new Map(subs.map((s) => [s.topicKey, s.status]));
    const wanted = new Set(input.topics);
    const again = active.filter((t) => wanted.has(t.key) && status.get(t.key) === 'unsubscribed');
    const endsAll = input.endsUnsubscribeAll && contact.unsubscribedAllAt !== null;
    if (again.length === 0 && !endsAll) return [];

    // Subscribing anything ends an "unsubscribe from everything" too (preferences.ts).
    const after = {
      ...contact,
      unsubscribedAllAt: again.length > 0 || endsAll ? null : contact.unsubscribedAllAt,
    };
    const restored = active
      .filter((t) => {
        const before = status.get(t.key) ?? null;
        return (
          receives(t, again.includes(t) ? 'subscribed' : before, after, input.softOptIn) &&
          !receives(t, before, contact, input.softOptIn)
        );
      })
      .map((t) => t.key);
    const consent = { ...input.consent, wording: input.wordingFor(restored) };

    await setPreferences({
      ctx: txCtx,
      input: {
        contactId: contact.id,
        changes: Object.fromEntries(again.map((t) => [t.key, 'subscribed' as const])),
        actor: 'subscriber',
        consent,
      },
    });
    if (endsAll && again.length === 0) {
      await resumeBrands(txCtx, stored, new Set([brand]));
      await tx
        .update(contacts)
        .set({ unsubscribedAllAt: null, updatedAt: now, lastActivityAt: now })
        .where(eq(contacts.id, contact.id));
      await tx.insert(consentEvents).values(consentRow(contact.id, null, 'subscribe', consent, now));
    }
    return restored;
  });
}

/** The topics a contact has subscribed (of one brand, when given). */
export async function subscribedTopics({
  ctx,
  input: { contactId, brand },
}: Op<{ contactId: string; brand?: string }>): Promise<string[]> {
  const rows = await ctx.db
    .select({ topic: subscriptions.topicKey })
    .from(subscriptions)
    .innerJoin(topics, eq(topics.key, subscriptions.topicKey))
    .where(
      and(
        eq(subscriptions.contactId, contactId),
        eq(subscriptions.status, 'subscribed'),
        ...(brand ? [eq(topics.brand, brand)] : []),
      ),
    );
  return rows.map((r) => r.topic).sort();
}

export async function subscriptionStatus({
  ctx,
  input: { contactId, topic },
}: Op<{ contactId: string; topic: string }>) {
  const [row] = await ctx.db
    .select({ status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.contactId, contactId), eq(subscriptions.topicKey, topic)));
  return row?.status ?? null;
}
