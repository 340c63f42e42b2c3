// Many subscribers' one-click opt-outs of one topic each, decided together and written as one
// set of rows. What each opt-out writes is what unsubscribe() -> setPreferences() writes for it
// (the same rules, decideTopicChanges; the same trail row, consentRow; the same event,
// topicChangeEvents); only the writing is shared, so a batch of 200 costs a handful of
// statements instead of 200 times ten. The runtime's OptOutStore reads the facts and writes the
// rows in one transaction; the decisions stay here, free of any driver.
import type { SubscriptionStatus } from '../db/schema';
import { topicChangeEvents } from './change-events';
import type { Clock } from './clock';
import { connectorsFor } from './connector-targets';
import { type ConsentContext, consentRow } from './consent';
import type { Op } from './context';
import { AppError } from './errors';
import { type EventInput, type TargetRef, targetsAmong, targetsOfEvent } from './events';
import { actionFor, decideTopicChanges } from './preferences';

/** A subscriber's own opt-out of one topic through a signed link. */
export interface TopicOptOut {
  contactId: string;
  topic: string;
  consent: ConsentContext;
}

/** What the store read for one opt-out, in the transaction that writes it. */
export interface OptOutFacts {
  contact: { id: string; email: string; unsubscribedAllAt: Date | null } | null;
  topic: { key: string; brand: string } | null;
  status: SubscriptionStatus | null;
}

/** What the store read once per batch: who receives the events (events.ts's targets). */
export interface OptOutTargets {
  endpoints: Array<{ id: string; events: string[] | null }>;
  connectors: Array<{ id: string; pushOptIns: boolean }>;
}

/** The rows a batch writes, in the order its opt-outs came. */
export interface OptOutWrites {
  at: Date;
  subscriptions: Array<{ contactId: string; topicKey: string; status: SubscriptionStatus }>;
  trail: Array<ReturnType<typeof consentRow>>;
  /** Events with at least one target, and their deliveries' targets. */
  events: Array<{ event: EventInput; targets: TargetRef[] }>;
  /** Contacts whose updated_at and last_activity_at become `at`. */
  touched: string[];
}

/** true: unsubscribed now; false: already was (nothing written); an AppError: refused alone. */
export type OptOutResult = boolean | AppError;

/** The port: how the runtime reads and writes a batch, in one transaction. */
export interface OptOutStore {
  /**
   * In one write transaction: reads the facts of `optOuts` and the targets, hands them to
   * `decide`, writes what it returns. Resolves once committed, with what `decide` answered.
   */
  commit(
    optOuts: readonly TopicOptOut[],
    decide: (
      facts: OptOutFacts[],
      targets: OptOutTargets,
    ) => { writes: OptOutWrites; results: OptOutResult[] },
  ): Promise<OptOutResult[]>;
}

/**
 * Decides every opt-out of a batch. A later opt-out sees the earlier ones of the same batch (a
 * mail client posting the same link twice records it once), and one that points at nothing is
 * refused on its own while the others are written.
 */
export function decideOptOuts(
  optOuts: readonly TopicOptOut[],
  facts: readonly OptOutFacts[],
  targets: OptOutTargets,
  at: Date,
): { writes: OptOutWrites; results: OptOutResult[] } {
  const writes: OptOutWrites = { at, subscriptions: [], trail: [], events: [], touched: [] };
  const decided = new Map<string, SubscriptionStatus>();
  const touched = new Set<string>();
  const receivers = new Map<EventInput['type'], TargetRef[]>();
  const results = optOuts.map((optOut, i): OptOutResult => {
    const { contact, topic, status } = facts[i];
    if (!contact) return new AppError('not_found', 'contact not found');
    if (!topic)
      return new AppError('not_found', `unknown topic: ${optOut.topic}`, { topics: [optOut.topic] });
    const key = `${contact.id}\n${topic.key}`;
    const now = decided.get(key) ?? status;
    const current = new Map<string, SubscriptionStatus>(now ? [[topic.key, now]] : []);
    const brandOf = new Map([[topic.key, topic.brand]]);
    // Brands stopped one by one only matter to staff and to opt-ins, neither of which this is.
    const changes = decideTopicChanges(
      { changes: { [topic.key]: 'unsubscribed' }, actor: 'subscriber' },
      contact,
      current,
      new Set(),
      brandOf,
    );
    if (changes.length === 0) return false;
    decided.set(key, 'unsubscribed');
    for (const change of changes) {
      writes.subscriptions.push({ contactId: contact.id, topicKey: change.topic, status: change.to });
      writes.trail.push(consentRow(contact.id, change.topic, actionFor(change.to), optOut.consent, at));
    }
    for (const event of topicChangeEvents(contact, changes, undefined, optOut.consent, at, brandOf)) {
      let all = receivers.get(event.type);
      if (!all) {
        all = targetsAmong(targets.endpoints, connectorsFor(targets.connectors, event.type), event.type);
        receivers.set(event.type, all);
      }
      const to = targetsOfEvent(event, all);
      if (to.length > 0) writes.events.push({ event, targets: to });
    }
    touched.add(contact.id);
    return true;
  });
  writes.touched = [...touched];
  return { writes, results };
}

/**
 * Commits a batch of topic opt-outs through the store: one transaction, one decision each.
 * Resolves once committed; each answer is that opt-out's own.
 */
export function commitTopicOptOuts({
  ctx,
  input,
}: Op<readonly TopicOptOut[], { clock: Clock; store: OptOutStore }>): Promise<OptOutResult[]> {
  return ctx.store.commit(input, (facts, targets) => decideOptOuts(input, facts, targets, ctx.clock.now()));
}
