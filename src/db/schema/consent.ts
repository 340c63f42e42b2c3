// The append-only consent trail: who agreed to (or withdrew from) what, when, from where and
// under which wording. Rows are inserted, never updated (a trigger in the migrations refuses
// UPDATE); they are deleted only when the contact is erased.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { contacts } from './contacts';

export const consentActions = [
  'subscribe', // topic set to subscribed
  'unsubscribe', // topic set to unsubscribed
  'unsubscribe_all', // every topic, and future ones
  'request', // double opt-in requested: topic set to pending, confirmation mailed
  'confirm', // double opt-in confirmed
  'suppress', // bounce or complaint
  'pause', // all mail paused until a date (the note says until when)
  'resume', // a pause ended early by the person
] as const;
export type ConsentAction = (typeof consentActions)[number];

// The one optional answer to "why did you leave?" after an unsubscribe through a link.
export const leaveReasons = ['too_many', 'not_relevant', 'never_signed_up', 'other'] as const;
export type LeaveReason = (typeof leaveReasons)[number];

export const consentEvents = sqliteTable(
  'consent_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    // null means "all topics".
    topicKey: text('topic_key'),
    action: text('action', { enum: consentActions }).notNull(),
    // Where the change came from: one-click, unsubscribe-page, preference-center, api, import, ...
    source: text('source').notNull(),
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    // Truncated before storage (IPv4 /24, IPv6 /48).
    ip: text('ip'),
    userAgent: text('user_agent'),
    // The exact wording the person saw is kept once, in consent_wordings under its SHA-256
    // (wording_hash); `wording` on the row is NULL then (migration 0014 moves it there on
    // insert), and holds the text only on rows from before that it could not move. Read the
    // trail through consentTrail (domain/consent.ts), which puts the two together.
    wording: text('wording'),
    wordingHash: text('wording_hash'),
    // What caused the change: a signed link's id, an API key's id, a mail id, a webhook event id.
    tokenId: text('token_id'),
    apiKeyId: text('api_key_id'),
    campaign: text('campaign'),
    sourceUrl: text('source_url'),
    messageId: text('message_id'),
    eventId: text('event_id'),
    note: text('note'),
    // Why the person left, on an unsubscribe entry: the one column a trigger lets change, and
    // only once, from NULL to a value (migration 0013), so the answer joins its own entry.
    leaveReason: text('leave_reason', { enum: leaveReasons }),
    // For an `unsubscribe_all` at one brand: that brand; null means every brand.
    brand: text('brand'),
  },
  (t) => [index('consent_events_contact_idx').on(t.contactId, t.occurredAt)],
);

/**
 * Each distinct consent wording once, keyed by its SHA-256 in hex (consent_events.wording_hash):
 * an import or a sign-up form shows the same text to thousands of people, and the trail keeps
 * only the hash on each row. Never updated (a trigger refuses it) and never deleted: a wording
 * names nobody, and every trail row that refers to it must keep proving what was shown.
 */
export const consentWordings = sqliteTable('consent_wordings', {
  hash: text('hash').primaryKey(),
  wording: text('wording').notNull(),
});
