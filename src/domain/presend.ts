// Pre-send verdicts: for one topic and a list of recipients, who may be mailed and, if not,
// why. This is where a mistake mails someone who said no, so every unclear case answers
// "do not send", and the whole list is read in two set-based queries (never one per recipient).
//
// Reason precedence, first match wins (so a recipient gets the strongest reason):
//   invalid_email → erased → complained → bounced   (suppression list, every topic)
//   → unsubscribed_all → unsubscribed → pending_confirmation → no_consent
// A consent-basis topic sends only to contacts whose subscription is `subscribed`. A
// legitimate-interest topic (the "existing customer" soft opt-in) sends unless the contact
// opted out (of this topic or of everything) or is on the suppression list, so unknown
// addresses and pending ones are cleared there.

import type { Db } from '../db/client';
import type { LegalBasis } from '../db/schema';
import { isValidEmail, normaliseEmail } from './email';
import { requireActiveTopic } from './topics';

export const MAX_PRESEND_RECIPIENTS = 10_000;

export const presendReasons = [
  'invalid_email',
  'erased',
  'complained',
  'bounced',
  'unsubscribed_all',
  'unsubscribed',
  'pending_confirmation',
  'no_consent',
] as const;
export type PresendReason = (typeof presendReasons)[number];

/** Whether the refusal is about this topic only, or about every topic. */
export type PresendScope = 'topic' | 'all';

export interface Verdict {
  /** The address exactly as the caller sent it. */
  email: string;
  send: boolean;
  reason?: PresendReason;
  scope?: PresendScope;
}

export interface PresendCounts {
  total: number;
  send: number;
  suppressed: number;
  by_reason: Partial<Record<PresendReason, number>>;
}

export interface PresendOutcome {
  topic: string;
  results: Verdict[];
  counts: PresendCounts;
}

// What the database knows about one normalised address, as bits.
export const KNOWN = 1;
export const UNSUBSCRIBED_ALL = 2;
export const SUBSCRIBED = 4;
export const UNSUBSCRIBED = 8;
export const PENDING = 16;
export const BOUNCED = 32;
export const COMPLAINED = 64;
export const ERASED = 128;

// Maps, not object literals, so a stored value such as "constructor" cannot hit a prototype key.
const statusBit = new Map([
  ['subscribed', SUBSCRIBED],
  ['unsubscribed', UNSUBSCRIBED],
  ['pending', PENDING],
]);
const suppressionBit = new Map([
  ['bounced', BOUNCED],
  ['complained', COMPLAINED],
  ['erased', ERASED],
]);

/** The rule itself, on what is known about one valid address: a reason not to send, or null. */
export function reasonFor(facts: number, basis: LegalBasis): PresendReason | null {
  if (facts & ERASED) return 'erased';
  if (facts & COMPLAINED) return 'complained';
  if (facts & BOUNCED) return 'bounced';
  if (facts & UNSUBSCRIBED_ALL) return 'unsubscribed_all';
  if (facts & UNSUBSCRIBED) return 'unsubscribed';
  if (basis === 'legitimate_interest') return null;
  if (facts & SUBSCRIBED) return null;
  if (facts & PENDING) return 'pending_confirmation';
  return 'no_consent';
}

const scopeOf: Record<PresendReason, PresendScope> = {
  invalid_email: 'all',
  erased: 'all',
  complained: 'all',
  bounced: 'all',
  unsubscribed_all: 'all',
  unsubscribed: 'topic',
  pending_confirmation: 'topic',
  no_consent: 'topic',
};

// Two set-based statements per call, whatever the list's length. The first reads every
// address that has a contact row: its opt-out flag, its status for the topic and, through the
// keyed hash stored on the row, its suppression-list entries, so known contacts need no
// hashing here. The second looks up the keyed hashes of the remaining addresses (no contact
// row, or a row from before contacts carried their hash) in the suppression list, which is
// how erased addresses are found. Only matches come back, keyed by their position in the
// parameter array, folded into one JSON array: raw SQL through the libSQL client on purpose,
// because building a row object per match cost more than the lookups themselves.
// The two statements do not share a snapshot; that costs nothing: an address seen as unknown
// by the first is judged as unknown (or by its suppression entry, which the second reads
// fresh), exactly as if the call had come a moment earlier.
// Contacts and subscriptions are WITHOUT ROWID tables keyed by these lookups (migration
// 0003), so each one is a single B-tree descent; test/presend/query-plan.test.ts holds the
// planner to that.
export const CONTACTS_SQL = `
SELECT json_group_array(json_array(j.key, c.unsubscribed_all_at IS NOT NULL, s.status, x.reason, c.email_hash = ''))
  FROM json_each(?1) AS j
  JOIN contacts AS c ON c.email = j.value
  LEFT JOIN subscriptions AS s ON s.contact_id = c.id AND s.topic_key = ?2
  LEFT JOIN suppressions AS x ON x.email_hash = c.email_hash`;

export const SUPPRESSIONS_SQL = `
SELECT json_group_array(json_array(j.key, x.reason))
  FROM json_each(?1) AS j
  JOIN suppressions AS x ON x.email_hash = j.value`;

/** The database side of presend: what is known about each of a list of addresses. */
export interface PresendReader {
  /** readFacts() for `emails` (normalised, valid, unique, in any order), in the same order. */
  facts(emails: readonly string[], topic: string): Promise<Int32Array>;
}

/** The plain reader: readFacts for the whole list on `client`. */
export function sqlPresendReader(client: Db['$client'], hashEmail: (email: string) => string): PresendReader {
  return { facts: (emails, topic) => readFacts(client, hashEmail, emails, topic) };
}

/**
 * What the database knows about each address (normalised, valid, unique, in any order), as
 * the bits above, in the order given. Two statements (see CONTACTS_SQL): contacts first, in
 * sorted address order, because neighbouring B-tree searches then share their pages, which
 * makes the statement about a third cheaper than looking up in request order; then the
 * suppression list for the addresses that need hashing here. Database errors propagate.
 */
export async function readFacts(
  client: Db['$client'],
  hashEmail: (email: string) => string,
  emails: readonly string[],
  topic: string,
): Promise<Int32Array> {
  const facts = new Int32Array(emails.length);
  if (emails.length === 0) return facts;
  const sorted = emails.slice().sort();
  const { rows } = await client.execute({ sql: CONTACTS_SQL, args: [JSON.stringify(sorted), topic] });
  const bits = new Int32Array(sorted.length);
  const unhashed: number[] = [];
  const found = JSON.parse(String(rows[0][0])) as Array<
    [number, number, string | null, string | null, number]
  >;
  for (const [i, unsubscribedAll, status, listed, hashMissing] of found) {
    // A status or reason this code does not know reads as an opt-out or a suppression: a
    // surprise is never permission. A contact with several list entries comes back once per
    // entry; the bits simply add up.
    bits[i] |=
      KNOWN |
      (unsubscribedAll ? UNSUBSCRIBED_ALL : 0) |
      (status ? (statusBit.get(status) ?? UNSUBSCRIBED) : 0) |
      (listed ? (suppressionBit.get(listed) ?? ERASED) : 0);
    if (hashMissing) unhashed.push(i);
  }
  // Everything the first statement did not find, plus contacts without a stored hash.
  const toHash = unhashed;
  for (let i = 0; i < sorted.length; i++) if (!(bits[i] & KNOWN)) toHash.push(i);
  if (toHash.length > 0) {
    const { rows: listedRows } = await client.execute({
      sql: SUPPRESSIONS_SQL,
      args: [JSON.stringify(toHash.map((i) => hashEmail(sorted[i])))],
    });
    const listed = JSON.parse(String(listedRows[0][0])) as Array<[number, string]>;
    for (const [k, reason] of listed) bits[toHash[k]] |= suppressionBit.get(reason) ?? ERASED;
  }
  // Back into the caller's order.
  const position = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) position.set(sorted[i], i);
  for (let i = 0; i < emails.length; i++) facts[i] = bits[position.get(emails[i]) as number];
  return facts;
}

export interface PresendInput {
  topic: string;
  recipients: readonly string[];
}

export interface PresendDeps {
  db: Db;
  /**
   * emailHash(suppressionHashKey, ·), usually the fast batch form from email-hasher.ts; only
   * addresses without a contact row are hashed per call.
   */
  hashEmail(normalisedEmail: string): string;
  /** Defaults to sqlPresendReader(db.$client, hashEmail). */
  reader?: PresendReader;
}

/**
 * Verdicts for every recipient, in request order. Throws AppError not_found/conflict for an
 * unknown or archived topic (the whole request is refused); database errors propagate, and
 * the caller turns them into a refusal (see fail-closed.ts).
 */
export async function presendVerdicts(deps: PresendDeps, input: PresendInput): Promise<PresendOutcome> {
  const topic = await requireActiveTopic(deps.db, input.topic);

  // Normalise, validate and dedupe; `slot[i]` is the unique address recipient i maps to, -1
  // for an invalid one.
  const slot = new Int32Array(input.recipients.length);
  const unique = new Map<string, number>();
  const emails: string[] = [];
  for (let i = 0; i < input.recipients.length; i++) {
    const email = normaliseEmail(input.recipients[i]);
    if (!isValidEmail(email)) {
      slot[i] = -1;
      continue;
    }
    let k = unique.get(email);
    if (k === undefined) {
      k = emails.push(email) - 1;
      unique.set(email, k);
    }
    slot[i] = k;
  }

  const reader = deps.reader ?? sqlPresendReader(deps.db.$client, deps.hashEmail);
  const facts = await reader.facts(emails, topic.key);

  const byReason: Partial<Record<PresendReason, number>> = {};
  let send = 0;
  const results: Verdict[] = new Array(input.recipients.length);
  for (let i = 0; i < input.recipients.length; i++) {
    const reason = slot[i] < 0 ? 'invalid_email' : reasonFor(facts[slot[i]], topic.basis);
    const email = input.recipients[i];
    if (reason === null) {
      send += 1;
      results[i] = { email, send: true };
    } else {
      byReason[reason] = (byReason[reason] ?? 0) + 1;
      results[i] = { email, send: false, reason, scope: scopeOf[reason] };
    }
  }
  const total = input.recipients.length;
  return {
    topic: topic.key,
    results,
    counts: { total, send, suppressed: total - send, by_reason: byReason },
  };
}
