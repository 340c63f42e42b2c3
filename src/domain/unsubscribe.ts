// Unsubscribing and its undo, as the signed links, the unsubscribe page and staff ask for it.
// A thin layer over preferences.ts, which guarantees one consent-trail entry per real change
// and none for a repeat; this module only decides which of its calls a request means.
import { and, eq } from 'drizzle-orm';
import { subscriptions } from '../db/schema';
import type { ConsentContext } from './consent';
import type { DbOrTx, DomainContext } from './context';
import { type Actor, setPreferences, unsubscribeAll } from './preferences';
import { listTopics } from './topics';

export interface UnsubscribeInput {
  contactId: string;
  /** One topic, or null for every topic (and topics created later). */
  topic: string | null;
  actor: Actor;
  consent: ConsentContext;
}

/** Returns true when something changed; a repeat changes nothing and records nothing. */
export async function unsubscribe(ctx: DomainContext, input: UnsubscribeInput): Promise<boolean> {
  if (input.topic === null) {
    return unsubscribeAll(ctx, { contactId: input.contactId, consent: input.consent });
  }
  const changes = await setPreferences(ctx, {
    contactId: input.contactId,
    changes: { [input.topic]: 'unsubscribed' },
    actor: input.actor,
    consent: input.consent,
  });
  return changes.length > 0;
}

/**
 * The undo on the unsubscribe page: the subscriber, holding a signed link, opts back in to
 * the given topics. Recorded as a subscribe with the wording they were shown. Topics that
 * were archived or removed since are skipped rather than refused: nothing can be sent for
 * them anyway. Returns the topics that changed.
 */
export async function resubscribe(
  ctx: DomainContext,
  input: { contactId: string; topics: string[]; consent: ConsentContext },
): Promise<string[]> {
  const active = new Set((await listTopics(ctx.db)).map((t) => t.key));
  const wanted: Record<string, 'subscribed'> = {};
  for (const key of input.topics) if (active.has(key)) wanted[key] = 'subscribed';
  const changes = await setPreferences(ctx, {
    contactId: input.contactId,
    changes: wanted,
    actor: 'subscriber',
    consent: input.consent,
  });
  return changes.map((c) => c.topic);
}

/** The topics a contact currently receives; the page keeps them so "undo" can restore them. */
export async function subscribedTopics(db: DbOrTx, contactId: string): Promise<string[]> {
  const rows = await db
    .select({ topic: subscriptions.topicKey })
    .from(subscriptions)
    .where(and(eq(subscriptions.contactId, contactId), eq(subscriptions.status, 'subscribed')));
  return rows.map((r) => r.topic).sort();
}

export async function subscriptionStatus(db: DbOrTx, contactId: string, topic: string) {
  const [row] = await db
    .select({ status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.contactId, contactId), eq(subscriptions.topicKey, topic)));
  return row?.status ?? null;
}
