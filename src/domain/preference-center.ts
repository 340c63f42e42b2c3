// What the preference center shows and how a submitted form becomes preference changes.
// The page is a list of checkboxes, so this module owns the translation from "which boxes
// were ticked" to per-topic changes; the changes themselves go through preferences.ts, which
// writes the consent trail.
import type { SubscriptionStatus } from '../db/schema';
import type { ConsentContext } from './consent';
import { type Contact, findContactById, subscriptionsOf } from './contacts';
import type { DbOrTx, DomainContext } from './context';
import { setPreferencesIn, type TopicChange } from './preferences';
import { listTopics, type Topic } from './topics';

export interface TopicState {
  topic: Topic;
  /** null: the contact never chose anything for this topic. */
  status: SubscriptionStatus | null;
}

export interface PreferenceView {
  contact: Contact;
  /** Every active topic, in key order. */
  topics: TopicState[];
}

export async function preferenceView(db: DbOrTx, contactId: string): Promise<PreferenceView | undefined> {
  const contact = await findContactById(db, contactId);
  if (!contact) return undefined;
  const [topics, subs] = await Promise.all([listTopics(db), subscriptionsOf(db, contactId)]);
  const status = new Map(subs.map((s) => [s.topicKey, s.status]));
  return { contact, topics: topics.map((topic) => ({ topic, status: status.get(topic.key) ?? null })) };
}

/**
 * A box is ticked when the contact gets the topic or asked for it and has yet to confirm
 * (pending): the page then shows "waiting for your confirmation" next to it.
 */
export function isTicked(status: SubscriptionStatus | null): boolean {
  return status === 'subscribed' || status === 'pending';
}

/**
 * Turns a submitted form into changes. Only topics that were on the page the person saw
 * (`shown`) and are still active count: a topic added while the page was open is not
 * unsubscribed just because its box was missing. A box left as it was shown is no change, so
 * a pending topic stays pending (confirmation still decides) and a topic never chosen does not
 * get an "unsubscribe" entry for a choice nobody made.
 */
export function changesFromForm(
  view: PreferenceView,
  form: { shown: readonly string[]; ticked: readonly string[] },
): Record<string, 'subscribed' | 'unsubscribed'> {
  const shown = new Set(form.shown);
  const ticked = new Set(form.ticked);
  const changes: Record<string, 'subscribed' | 'unsubscribed'> = {};
  for (const { topic, status } of view.topics) {
    if (!shown.has(topic.key)) continue;
    const wanted = ticked.has(topic.key);
    if (wanted === isTicked(status)) continue;
    changes[topic.key] = wanted ? 'subscribed' : 'unsubscribed';
  }
  return changes;
}

/**
 * Applies the subscriber's changes in one transaction. Each topic gets its own trail entry
 * with the wording shown next to its box, so the evidence says exactly what was agreed to.
 */
export async function saveChoices(
  ctx: DomainContext,
  input: {
    contactId: string;
    changes: Record<string, SubscriptionStatus>;
    wordingFor: (topicKey: string) => string;
    consent: ConsentContext;
  },
): Promise<TopicChange[]> {
  const keys = Object.keys(input.changes);
  if (keys.length === 0) return [];
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const applied: TopicChange[] = [];
    for (const key of keys) {
      applied.push(
        ...(await setPreferencesIn(tx, now, {
          contactId: input.contactId,
          changes: { [key]: input.changes[key] },
          actor: 'subscriber',
          consent: { ...input.consent, wording: input.wordingFor(key) },
        })),
      );
    }
    return applied;
  });
}
