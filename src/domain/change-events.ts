// The events each kind of change reports, so every write site records them with one call in
// its own transaction. Each site calls these only for a real change (the same rule as its
// consent-trail entry), so a repeat that changes nothing writes no event.
import type { ConsentAction, LegalBasis, SubscriptionStatus, SuppressionReason } from '../db/schema';
import { DEFAULT_BRAND } from './brands';
import type { ConsentContext } from './consent';
import type { DbOrTx } from './context';
import type { SubscribableEventType } from './event-types';
import { type EventInput, recordEvents, scrubContactEvents } from './events';
import type { Topic } from './topics';

interface Person {
  id: string;
  email: string;
}

const campaignOf = (consent: Pick<ConsentContext, 'campaign'>) =>
  consent.campaign ? { campaign: consent.campaign.slice(0, 200) } : {};

function typeFor(to: SubscriptionStatus, action: ConsentAction | undefined): SubscribableEventType {
  if (to === 'unsubscribed') return 'contact.unsubscribed';
  if (to === 'pending') return 'contact.pending';
  return action === 'confirm' ? 'contact.confirmed' : 'contact.subscribed';
}

/** One event per topic that changed (subscribed, pending, confirmed or unsubscribed). */
export function recordTopicChanges(
  db: DbOrTx,
  contact: Person,
  changes: Array<{ topic: string; to: SubscriptionStatus }>,
  action: ConsentAction | undefined,
  consent: ConsentContext,
  at: Date,
  brandOf?: ReadonlyMap<string, string>,
): Promise<unknown> {
  return recordEvents(db, topicChangeEvents(contact, changes, action, consent, at, brandOf));
}

/** The events of `recordTopicChanges`, for a writer that stores them itself (opt-out-batch.ts). */
export function topicChangeEvents(
  contact: Person,
  changes: Array<{ topic: string; to: SubscriptionStatus }>,
  action: ConsentAction | undefined,
  consent: ConsentContext,
  at: Date,
  brandOf?: ReadonlyMap<string, string>,
): EventInput[] {
  return changes.map(
    (c) =>
      ({
        type: typeFor(c.to, action),
        at,
        origin: consent.origin,
        data: {
          contact_id: contact.id,
          email: contact.email,
          topic: c.topic,
          source: consent.source,
          ...campaignOf(consent),
          ...brandField(brandOf?.get(c.topic)),
        },
      }) as EventInput,
  );
}

// Events name a brand other than the default one: a single-brand setup sends what it sent before.
const brandField = (brand: string | null | undefined) => (brand && brand !== DEFAULT_BRAND ? { brand } : {});

/** "Unsubscribe from everything": one event with `topic: null`, and the brand when it was one brand's. */
export function recordUnsubscribedAll(
  db: DbOrTx,
  contact: Person,
  consent: ConsentContext,
  at: Date,
  brand?: string | null,
) {
  return recordEvents(db, [
    {
      type: 'contact.unsubscribed',
      at,
      origin: consent.origin,
      data: {
        contact_id: contact.id,
        email: contact.email,
        topic: null,
        source: consent.source,
        ...campaignOf(consent),
        // Given, it scopes "everything" to that brand: always named, the default one too.
        ...(brand ? { brand } : {}),
      },
    },
  ]);
}

/** A pause of all mail (`until` set) or its early end (`until` null). */
export function recordPauseChange(
  db: DbOrTx,
  contact: Person,
  until: Date | null,
  consent: ConsentContext,
  at: Date,
) {
  const common = {
    contact_id: contact.id,
    email: contact.email,
    topic: null,
    source: consent.source,
    ...campaignOf(consent),
  };
  return recordEvents(db, [
    until
      ? { type: 'contact.paused', at, data: { ...common, paused_until: until.toISOString() } }
      : { type: 'contact.resumed', at, data: common },
  ]);
}

/** A new suppression-list entry: the contact's id when the address belongs to one. */
export function recordSuppressed(
  db: DbOrTx,
  input: {
    contactId: string | null;
    email: string;
    reason: SuppressionReason;
    source: string;
    at: Date;
    origin?: string | null;
  },
) {
  return recordEvents(db, [
    {
      type: 'contact.suppressed',
      at: input.at,
      origin: input.origin,
      data: {
        contact_id: input.contactId,
        email: input.email,
        topic: null,
        reason: input.reason,
        source: input.source,
      },
    },
  ]);
}

/**
 * An erasure (by the contact, staff or the retention job): one `contact.erased` event per
 * contact, carrying the address so receivers can erase it too, and the contacts' undelivered
 * earlier events scrubbed and cancelled.
 */
export async function recordErased(
  db: DbOrTx,
  people: Array<{ id: string | null; email: string }>,
  source: string,
  at: Date,
): Promise<void> {
  await recordEvents(
    db,
    people.map((p) => ({
      type: 'contact.erased' as const,
      at,
      data: { contact_id: p.id, email: p.email, topic: null, source },
    })),
  );
  const ids = people.map((p) => p.id).filter((id): id is string => id !== null);
  if (ids.length) await scrubContactEvents(db, ids, at);
}

/** A topic created or changed; nothing when the write left it as it was. */
export function recordTopicUpdated(
  db: DbOrTx,
  topic: Topic,
  before: Topic | undefined,
  source: string,
  at: Date,
) {
  const same =
    before &&
    JSON.stringify([before.name, before.description, before.basis, Boolean(before.archivedAt)]) ===
      JSON.stringify([topic.name, topic.description, topic.basis, Boolean(topic.archivedAt)]);
  if (same) return Promise.resolve([]);
  const previousBasis: LegalBasis | null = before && before.basis !== topic.basis ? before.basis : null;
  return recordEvents(db, [
    {
      type: 'topic.updated',
      at,
      data: {
        topic: topic.key,
        name: topic.name,
        basis: topic.basis,
        previous_basis: previousBasis,
        archived: Boolean(topic.archivedAt),
        created: !before,
        source,
      },
    },
  ]);
}

/** An import batch: contact.subscribed for every address it subscribed to the topic. */
export function recordSubscribedMany(
  db: DbOrTx,
  people: Person[],
  topic: string,
  consent: ConsentContext,
  at: Date,
) {
  return recordEvents(
    db,
    people.map((p) => ({
      type: 'contact.subscribed' as const,
      at,
      data: { contact_id: p.id, email: p.email, topic, source: consent.source },
    })),
  );
}
