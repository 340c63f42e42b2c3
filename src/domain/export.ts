// The contact data document (GDPR Art. 15 access and Art. 20 portability): everything the
// service holds about one person, as one machine-readable JSON document. Used by the admin
// API, the preference center's "Download my data" and the command line, so all three hand
// out the same thing. `schema_version` changes when a field's meaning changes.
import { asc, gt, inArray } from 'drizzle-orm';
import {
  contacts,
  type SubscriptionStatus,
  subscriptions as subscriptionsTable,
  suppressions,
  topics,
} from '../db/schema';
import { stoppedBrands } from './brand-scope';
import { type ConsentEvent, consentTrail } from './consent';
import { type Contact, findContactById, type Subscription, subscriptionsOf } from './contacts';
import type { DomainContext, Op } from './context';
import { AppError } from './errors';
import { suppressionHashes } from './suppression-hasher';

export const EXPORT_SCHEMA = 'mailprefs/contact-export';
export const EXPORT_SCHEMA_VERSION = 1;

export interface ConsentEventDocument {
  id: number;
  topic: string | null;
  action: ConsentEvent['action'];
  source: string;
  occurred_at: string;
  ip: string | null;
  user_agent: string | null;
  wording: string | null;
  wording_hash: string | null;
  token_id: string | null;
  api_key_id: string | null;
  campaign: string | null;
  source_url: string | null;
  message_id: string | null;
  event_id: string | null;
  note: string | null;
  /** The answer to "why did you leave?" on an unsubscribe entry. */
  leave_reason: ConsentEvent['leaveReason'];
  /** For an unsubscribe_all at one brand (absent: every brand, or not that action). */
  brand?: string;
}

export interface ContactExport {
  schema: typeof EXPORT_SCHEMA;
  schema_version: typeof EXPORT_SCHEMA_VERSION;
  exported_at: string;
  contact: {
    id: string;
    email: string;
    locale: string | null;
    created_at: string;
    updated_at: string;
    last_activity_at: string;
    unsubscribed_all_at: string | null;
    paused_until: string | null;
    customer_since: string | null;
    customer_until: string | null;
  };
  subscriptions: Array<{
    topic: string;
    topic_name: Record<string, string> | null;
    legal_basis: string | null;
    brand: string | null;
    status: SubscriptionStatus;
    updated_at: string;
  }>;
  /** Every brand's data: the brands stopped one by one (brand-scope.ts). */
  brand_unsubscribes: Array<{ brand: string; unsubscribed_at: string }>;
  consent_trail: ConsentEventDocument[];
  suppressions: Array<{ reason: string; source: string; created_at: string }>;
}

export function consentEventDocument(e: ConsentEvent): ConsentEventDocument {
  return {
    id: e.id,
    topic: e.topicKey,
    action: e.action,
    source: e.source,
    occurred_at: e.occurredAt.toISOString(),
    ip: e.ip,
    user_agent: e.userAgent,
    wording: e.wording,
    wording_hash: e.wordingHash,
    token_id: e.tokenId,
    api_key_id: e.apiKeyId,
    campaign: e.campaign,
    source_url: e.sourceUrl,
    message_id: e.messageId,
    event_id: e.eventId,
    note: e.note,
    leave_reason: e.leaveReason,
    ...(e.brand ? { brand: e.brand } : {}),
  };
}

/** The whole data document for a contact id; not_found when there is no such contact. */
export async function exportContact({ ctx, input }: Op<{ contactId: string }>): Promise<ContactExport> {
  const contact = await findContactById({ ctx, input });
  if (!contact) throw new AppError('not_found', 'contact not found');
  return exportOf({ ctx, input: { contact } });
}

export async function exportOf({
  ctx,
  input: { contact },
}: Op<{ contact: Contact }>): Promise<ContactExport> {
  const exportedAt = ctx.clock.now();
  const [subs, trail, topicRows, suppressed, stopped] = await Promise.all([
    subscriptionsOf({ ctx, input: { contactId: contact.id } }),
    consentTrail({ ctx, input: { contactId: contact.id } }),
    ctx.db
      .select({ key: topics.key, name: topics.name, basis: topics.basis, brand: topics.brand })
      .from(topics),
    ctx.db
      .select()
      .from(suppressions)
      .where(inArray(suppressions.emailHash, suppressionHashes(ctx.hasher, contact.email))),
    stoppedBrands(ctx, contact.id),
  ]);
  const topicByKey = new Map(topicRows.map((t) => [t.key, t]));
  return {
    schema: EXPORT_SCHEMA,
    schema_version: EXPORT_SCHEMA_VERSION,
    exported_at: exportedAt.toISOString(),
    contact: {
      id: contact.id,
      email: contact.email,
      locale: contact.locale,
      created_at: contact.createdAt.toISOString(),
      updated_at: contact.updatedAt.toISOString(),
      last_activity_at: contact.lastActivityAt.toISOString(),
      unsubscribed_all_at: contact.unsubscribedAllAt?.toISOString() ?? null,
      paused_until: contact.pausedUntil?.toISOString() ?? null,
      customer_since: contact.customerSince,
      customer_until: contact.customerUntil,
    },
    subscriptions: subs
      .sort((a, b) => a.topicKey.localeCompare(b.topicKey))
      .map((s) => ({
        topic: s.topicKey,
        topic_name: topicByKey.get(s.topicKey)?.name ?? null,
        legal_basis: topicByKey.get(s.topicKey)?.basis ?? null,
        brand: topicByKey.get(s.topicKey)?.brand ?? null,
        status: s.status,
        updated_at: s.updatedAt.toISOString(),
      })),
    brand_unsubscribes: stopped.map((s) => ({ brand: s.brand, unsubscribed_at: s.at.toISOString() })),
    consent_trail: trail.map(consentEventDocument),
    suppressions: suppressed.map((s) => ({
      reason: s.reason,
      source: s.source,
      created_at: s.createdAt.toISOString(),
    })),
  };
}

/** Every contact with their subscriptions, a page at a time in id order (for bulk exports). */
export async function* allContacts({
  ctx: { db },
  input = {},
}: {
  ctx: DomainContext;
  input?: { pageSize?: number };
}): AsyncGenerator<{ contact: Contact; subscriptions: Subscription[] }> {
  const pageSize = input.pageSize ?? 1000;
  let after = '';
  for (;;) {
    const page = await db
      .select()
      .from(contacts)
      .where(gt(contacts.id, after))
      .orderBy(asc(contacts.id))
      .limit(pageSize);
    if (page.length === 0) return;
    const subs = await db
      .select()
      .from(subscriptionsTable)
      .where(
        inArray(
          subscriptionsTable.contactId,
          page.map((c) => c.id),
        ),
      );
    const byContact = new Map<string, Subscription[]>();
    for (const s of subs) {
      const list = byContact.get(s.contactId);
      if (list) list.push(s);
      else byContact.set(s.contactId, [s]);
    }
    for (const contact of page) yield { contact, subscriptions: byContact.get(contact.id) ?? [] };
    after = page[page.length - 1].id;
  }
}
