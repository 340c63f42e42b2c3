// What the preference center shows and how a submitted form becomes preference changes.
// The page is a list of checkboxes, so this module owns the translation from "which boxes
// were ticked" to per-topic changes; the changes themselves go through preferences.ts, which
// writes the consent trail.
import type { SubscriptionStatus } from '../db/schema';
import { contactAtBrand } from './brand-scope';
import { DEFAULT_BRAND } from './brands';
import type { ConsentContext } from './consent';
import { type Contact, findContactById, subscriptionsOf } from './contacts';
import { type Op, withTransaction } from './context';
import { setPreferences, type TopicChange } from './preferences';
import { receives, type SoftOptIn } from './presend';
import { listTopics, ofBrand, type Topic } from './topics';

export interface TopicState {
  topic: Topic;
  /** null: the contact never chose anything for this topic. */
  status: SubscriptionStatus | null;
}

export interface PreferenceView {
  /** As seen from the brand: `unsubscribedAllAt` is also set by "everything" at this brand. */
  contact: Contact;
  /** The brand the page belongs to. */
  brand: string;
  /** Every active topic of the brand, in key order. */
  topics: TopicState[];
  /** When the view was read and SOFT_OPT_IN_MONTHS: what legitimate-interest boxes rest on. */
  softOptIn: SoftOptIn;
}

export async function preferenceView({
  ctx,
  input: { contactId, softOptIn, brand = DEFAULT_BRAND },
}: Op<{ contactId: string; softOptIn: SoftOptIn; brand?: string }>): Promise<PreferenceView | undefined> {
  const found = await findContactById({ ctx, input: { contactId } });
  if (!found) return undefined;
  const [contact, topics, subs] = await Promise.all([
    contactAtBrand(ctx, found, brand),
    listTopics({ ctx }),
    subscriptionsOf({ ctx, input: { contactId } }),
  ]);
  const status = new Map(subs.map((s) => [s.topicKey, s.status]));
  return {
    contact,
    brand,
    topics: ofBrand(topics, brand).map((topic) => ({ topic, status: status.get(topic.key) ?? null })),
    softOptIn,
  };
}

/**
 * A box is ticked when presend would mail the contact for the topic (by the same rule, so a
 * legitimate-interest topic with no choice and no objection is ticked), or when they asked for
 * it and have yet to confirm (pending): the page then shows "waiting for your confirmation".
 */
export function isTicked(
  topic: Pick<Topic, 'basis'>,
  status: SubscriptionStatus | null,
  contact: Pick<Contact, 'unsubscribedAllAt' | 'customerSince' | 'customerUntil'>,
  softOptIn: SoftOptIn,
): boolean {
  return status === 'pending' || receives(topic, status, contact, softOptIn);
}

/**
 * Turns a submitted form into changes. Only topics that were on the page the person saw
 * (`shown`) and are still active count: a topic added while the page was open is not
 * unsubscribed just because its box was missing. A box left as it was shown is no change, so
 * a pending topic stays pending (confirmation still decides) and a topic never chosen does not
 * get an "unsubscribe" entry for a choice nobody made. Unticking a box that was ticked because
 * the topic is mailed without a choice (legitimate interest) records the objection.
 *
 * Ticking anything ends an "unsubscribe from everything" (preferences.ts), which would start
 * mailing the legitimate-interest topics the page showed unticked; those boxes, left unticked,
 * therefore become explicit opt-outs, so the result is what the person saw when saving.
 */
export function changesFromForm(
  view: PreferenceView,
  form: { shown: readonly string[]; ticked: readonly string[] },
): Record<string, 'subscribed' | 'unsubscribed'> {
  const shown = new Set(form.shown);
  const ticked = new Set(form.ticked);
  const changes: Record<string, 'subscribed' | 'unsubscribed'> = {};
  const onPage = view.topics.filter(({ topic }) => shown.has(topic.key));
  for (const { topic, status } of onPage) {
    const wanted = ticked.has(topic.key);
    if (wanted === isTicked(topic, status, view.contact, view.softOptIn)) continue;
    changes[topic.key] = wanted ? 'subscribed' : 'unsubscribed';
  }
  const endsUnsubscribeAll =
    Boolean(view.contact.unsubscribedAllAt) && Object.values(changes).includes('subscribed');
  if (endsUnsubscribeAll) {
    for (const { topic, status } of onPage) {
      if (ticked.has(topic.key) || changes[topic.key]) continue;
      const without = { ...view.contact, unsubscribedAllAt: null };
      if (receives(topic, status, without, view.softOptIn)) changes[topic.key] = 'unsubscribed';
    }
  }
  return changes;
}

/**
 * Applies the subscriber's changes in one transaction. Each topic gets its own trail entry
 * with the wording shown next to its box, so the evidence says exactly what was agreed to.
 */
export async function saveChoices({
  ctx,
  input,
}: Op<{
  contactId: string;
  changes: Record<string, SubscriptionStatus>;
  wordingFor: (topicKey: string) => string;
  consent: ConsentContext;
}>): Promise<TopicChange[]> {
  const keys = Object.keys(input.changes);
  if (keys.length === 0) return [];
  return withTransaction(ctx, async (tx) => {
    const applied: TopicChange[] = [];
    for (const key of keys) {
      const change = {
        contactId: input.contactId,
        changes: { [key]: input.changes[key] },
        actor: 'subscriber' as const,
        consent: { ...input.consent, wording: input.wordingFor(key) },
      };
      applied.push(...(await setPreferences({ ctx: tx, input: change })));
    }
    return applied;
  });
}
