// The rules for changing what a contact receives. Every real change writes exactly one
// consent-trail entry in the same transaction; asking for the state a contact is already in
// writes nothing. Staff and imports may record opt-outs but may not silently undo one:
// only the subscriber (through a signed link or a confirmed double opt-in) can opt back in.
import { and, eq, inArray } from 'drizzle-orm';
import {
  type ConsentAction,
  consentEvents,
  contacts,
  type SubscriptionStatus,
  subscriptions,
  topics,
} from '../db/schema';
import { brandStoppedAt, resumeBrands, stopBrand, stoppedBrands } from './brand-scope';
import { hasSeveralBrands } from './brands';
import { recordTopicChanges, recordUnsubscribedAll } from './change-events';
import { type ConsentContext, consentRow } from './consent';
import type { Contact } from './contacts';
import { type DomainContext, type Op, withTransaction } from './context';
import { AppError } from './errors';

/** Who is asking: the person themselves, or staff/tools acting for the company. */
export type Actor = 'subscriber' | 'staff';

export interface TopicChange {
  topic: string;
  from: SubscriptionStatus | null;
  to: SubscriptionStatus;
}

export interface SetPreferencesInput {
  contactId: string;
  changes: Record<string, SubscriptionStatus>;
  actor: Actor;
  consent: ConsentContext;
  /**
   * The trail action for every change, instead of the one derived from the new status. A
   * double opt-in uses 'confirm' for pending -> subscribed so the trail tells the click apart
   * from a direct opt-in.
   */
  action?: ConsentAction;
}

/** Applies the changes in one transaction (or in the caller's) and returns the real ones. */
export async function setPreferences({ ctx, input }: Op<SetPreferencesInput>): Promise<TopicChange[]> {
  return withTransaction(ctx, (tx) => applyChanges(tx, input));
}

async function applyChanges(ctx: DomainContext, input: SetPreferencesInput): Promise<TopicChange[]> {
  const tx = ctx.db;
  const now = ctx.clock.now();
  const keys = Object.keys(input.changes);
  const contact = await loadContact(ctx, input.contactId);
  if (keys.length === 0) return [];

  const found = await tx.select().from(topics).where(inArray(topics.key, keys));
  const missing = keys.filter((k) => !found.some((t) => t.key === k));
  if (missing.length)
    throw new AppError('not_found', `unknown topic: ${missing.join(', ')}`, { topics: missing });
  const archived = found.filter((t) => t.archivedAt && input.changes[t.key] !== 'unsubscribed');
  if (archived.length) {
    throw new AppError('conflict', `archived topic: ${archived.map((t) => t.key).join(', ')}`);
  }

  const current = new Map(
    (
      await tx
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.contactId, contact.id), inArray(subscriptions.topicKey, keys)))
    ).map((s) => [s.topicKey, s.status]),
  );

  const brandOf = new Map(found.map((t) => [t.key, t.brand]));
  const stopped = new Set((await stoppedBrands(ctx, contact.id)).map((s) => s.brand));
  const changes = decideTopicChanges(input, contact, current, stopped, brandOf);
  if (changes.length === 0) return [];

  for (const change of changes) {
    await tx
      .insert(subscriptions)
      .values({ contactId: contact.id, topicKey: change.topic, status: change.to, updatedAt: now })
      .onConflictDoUpdate({
        target: [subscriptions.contactId, subscriptions.topicKey],
        set: { status: change.to, updatedAt: now },
      });
  }
  await tx
    .insert(consentEvents)
    .values(
      changes.map((c) =>
        consentRow(contact.id, c.topic, input.action ?? actionFor(c.to), input.consent, now),
      ),
    );
  await recordTopicChanges(tx, contact, changes, input.action, input.consent, now, brandOf);

  // Opting in to anything is a fresh, explicit choice that ends an earlier "unsubscribe from
  // everything" at that topic's brand (and every brand's, the others staying stopped); the
  // trail entries just written record it.
  const resumed = new Set(
    changes.filter((c) => c.to === 'subscribed').map((c) => brandOf.get(c.topic) ?? ''),
  );
  const optsIn = resumed.size > 0;
  if (optsIn && (contact.unsubscribedAllAt || [...resumed].some((b) => stopped.has(b)))) {
    await resumeBrands(ctx, contact, resumed);
  }
  await tx
    .update(contacts)
    .set({
      updatedAt: now,
      lastActivityAt: now,
      ...(optsIn && contact.unsubscribedAllAt ? { unsubscribedAllAt: null } : {}),
    })
    .where(eq(contacts.id, contact.id));
  return changes;
}

/**
 * The real changes among those asked for, given the contact's current statuses: a repeat is
 * dropped, and staff are refused what only the contact may do. Pure, so the batched one-click
 * writer (opt-out-batch.ts) decides with the same rules.
 */
export function decideTopicChanges(
  input: Pick<SetPreferencesInput, 'changes' | 'actor'>,
  contact: Pick<Contact, 'unsubscribedAllAt'>,
  current: ReadonlyMap<string, SubscriptionStatus>,
  stopped: ReadonlySet<string>,
  brandOf: ReadonlyMap<string, string>,
): TopicChange[] {
  const changes: TopicChange[] = [];
  for (const topic of Object.keys(input.changes)) {
    const to = input.changes[topic];
    const from = current.get(topic) ?? null;
    if (from === to) continue;
    // A pending topic waits for the person's own confirmation click; staff cannot click for
    // them. Otherwise a stranger's sign-up for an opted-out address (which turns it pending)
    // followed by an import would silently undo the opt-out.
    if (input.actor === 'staff' && from === 'pending' && to === 'subscribed') {
      throw new AppError(
        'opted_out',
        `'${topic}' is waiting for the contact's double opt-in confirmation; only the contact can confirm it`,
        { topic },
      );
    }
    if (
      input.actor === 'staff' &&
      to !== 'unsubscribed' &&
      (from === 'unsubscribed' || contact.unsubscribedAllAt || stopped.has(brandOf.get(topic) ?? ''))
    ) {
      throw new AppError(
        'opted_out',
        `the contact opted out of '${topic}'; only the contact can opt in again (double opt-in or preference center)`,
        { topic },
      );
    }
    changes.push({ topic, from, to });
  }
  return changes;
}

/**
 * GDPR Art. 7(1): a sender must be able to show that a person consented. So staff recording an
 * opt-in to a consent-basis topic must say where the consent was given (`consent.source` in
 * the admin API); legitimate-interest topics rest on no consent and need none. Unknown topics
 * are left to the write, which refuses them. Throws validation_failed naming the field.
 */
export async function requireConsentSource({
  ctx,
  input: { changes, source },
}: Op<{ changes: Record<string, SubscriptionStatus>; source: string | undefined }>): Promise<void> {
  if (source?.trim()) return;
  const optIns = Object.keys(changes).filter((k) => changes[k] === 'subscribed');
  if (optIns.length === 0) return;
  const needing = (
    await ctx.db
      .select({ key: topics.key })
      .from(topics)
      .where(and(inArray(topics.key, optIns), eq(topics.basis, 'consent')))
  )
    .map((t) => t.key)
    .sort();
  if (needing.length === 0) return;
  const message = `is required to subscribe a contact to a consent-basis topic (${needing.join(', ')}): say where the consent was given`;
  throw new AppError('validation_failed', `consent.source: ${message}`, [
    { field: 'consent.source', message },
  ]);
}

/**
 * "Unsubscribe from everything": every active topic becomes unsubscribed and the contact is
 * marked so that topics created later do not mail them either. With `brand`, everything of
 * that brand only (brand-scope.ts), when the controller has several. One trail entry (topic
 * null, and the brand). Returns false when there was nothing to change.
 */
export async function unsubscribeAll({
  ctx,
  input,
}: Op<{ contactId: string; consent: ConsentContext; brand?: string | null }>): Promise<boolean> {
  return withTransaction(ctx, async (txCtx) => {
    const tx = txCtx.db;
    const now = txCtx.clock.now();
    const contact = await loadContact(txCtx, input.contactId);
    const brand = input.brand && (await hasSeveralBrands({ ctx: txCtx })) ? input.brand : null;
    const inScope = brand
      ? (await tx.select({ key: topics.key }).from(topics).where(eq(topics.brand, brand))).map((t) => t.key)
      : null;
    const where = and(
      eq(subscriptions.contactId, contact.id),
      inArray(subscriptions.status, ['subscribed', 'pending']),
      ...(inScope ? [inArray(subscriptions.topicKey, inScope)] : []),
    );
    const active = await tx.select({ topicKey: subscriptions.topicKey }).from(subscriptions).where(where);
    const alreadyStopped =
      contact.unsubscribedAllAt !== null ||
      (brand !== null && (await brandStoppedAt(txCtx, contact.id, brand)) !== null);
    if (alreadyStopped && active.length === 0) return false;
    await tx.update(subscriptions).set({ status: 'unsubscribed', updatedAt: now }).where(where);
    if (brand) await stopBrand(txCtx, contact.id, brand, now);
    await tx
      .update(contacts)
      .set({
        ...(brand ? {} : { unsubscribedAllAt: contact.unsubscribedAllAt ?? now }),
        updatedAt: now,
        lastActivityAt: now,
      })
      .where(eq(contacts.id, contact.id));
    await tx
      .insert(consentEvents)
      .values({ ...consentRow(contact.id, null, 'unsubscribe_all', input.consent, now), brand });
    await recordUnsubscribedAll(tx, contact, input.consent, now, brand);
    return true;
  });
}

async function loadContact(ctx: DomainContext, id: string): Promise<Contact> {
  const [contact] = await ctx.db.select().from(contacts).where(eq(contacts.id, id));
  if (!contact) throw new AppError('not_found', 'contact not found');
  return contact;
}

export function actionFor(status: SubscriptionStatus) {
  return status === 'subscribed' ? 'subscribe' : status === 'unsubscribed' ? 'unsubscribe' : 'request';
}
