// Everything the console shows about one contact: who it is, what it receives per topic, its
// customer dates, whether its address is suppressed, and its consent trail. Reads only.
import type { SuppressionReason } from '../db/schema';
import type { ConsentEvent } from './consent';
import { consentTrail } from './consent';
import { type Contact, findContactById, type Subscription, subscriptionsOf } from './contacts';
import type { Op } from './context';
import { suppressionReasons } from './suppressions';
import { listTopics, type Topic } from './topics';

export interface ContactRecord {
  contact: Contact;
  /** Every topic (archived ones only where the contact has a subscription), with its status. */
  topics: Array<{ topic: Topic; subscription?: Subscription }>;
  suppressedFor: SuppressionReason[];
  trail: ConsentEvent[];
}

export async function contactRecord({
  ctx,
  input,
}: Op<{ contactId: string }>): Promise<ContactRecord | undefined> {
  const contact = await findContactById({ ctx, input });
  if (!contact) return undefined;
  const [subs, trail, topics, suppressedFor] = await Promise.all([
    subscriptionsOf({ ctx, input }),
    consentTrail({ ctx, input }),
    listTopics({ ctx, input: { includeArchived: true } }),
    suppressionReasons({ ctx, input: { email: contact.email } }),
  ]);
  const byTopic = new Map(subs.map((s) => [s.topicKey, s]));
  return {
    contact,
    topics: topics
      .filter((topic) => !topic.archivedAt || byTopic.has(topic.key))
      .map((topic) => ({ topic, subscription: byTopic.get(topic.key) })),
    suppressedFor,
    trail: [...trail].reverse(),
  };
}
