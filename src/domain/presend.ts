// Pre-send verdicts: for one topic and a list of recipients, who may be mailed and, if not,
// why. This is where a mistake mails someone who said no, so every unclear case answers
// "do not send", and the whole list is read in a few set-based queries (never one per recipient).
//
// Reason precedence, first match wins (so a recipient gets the strongest reason):
//   invalid_email → erased → complained → bounced   (suppression list, every topic)
//   → unsubscribed_all → unsubscribed → pending_confirmation → no_consent → no_relationship
//   → paused
// `paused` ("pause all mail" until a date, contacts.paused_until) comes last because it is the
// only refusal that lifts itself: it is given only when the pause is all that stops the mail,
// so a tool never takes a paused address for one it may mail once the date has passed.
// A consent-basis topic sends only to contacts whose subscription is `subscribed`. A
// legitimate-interest topic (the "existing customer" soft opt-in of ePrivacy Art. 13(2))
// sends only to contacts in a customer relationship (customer-relationship.ts: customers, and
// former customers for SOFT_OPT_IN_MONTHS) who did not opt out and are not suppressed; anyone
// else, unknown addresses included, gets `no_relationship`, whatever their subscription row
// says (mail to others needs consent, which is what a consent topic is for).
import type { Db } from '../db/client';
import type { LegalBasis, SubscriptionStatus, SuppressionReason } from '../db/schema';
import type { Clock } from './clock';
import { type CustomerDates, inRelationship, relationshipEnd, softOptInFrom } from './customer-relationship';
import { isValidEmail, normaliseEmailWithOlderForms } from './email';
import { type Facts, statusOf, strongerSuppression, suppressionOf } from './presend-facts';
import type { ReadCache } from './read-cache';
import { requireActiveTopic, type Topic } from './topics';

export { type Facts, statusOf, strongerSuppression, suppressionOf } from './presend-facts';

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
  'no_relationship',
  'paused',
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

/**
 * The rule itself, on what is known about one valid address: a reason not to send, or null.
 * `customer` says whether the address is in a customer relationship today (inRelationship),
 * which only a legitimate-interest topic asks; `paused` whether a pause lasts beyond now.
 */
export function reasonFor(
  facts: Facts,
  basis: LegalBasis,
  customer: boolean,
  paused = false,
): PresendReason | null {
  return choiceReason(facts, basis, customer) ?? (paused ? 'paused' : null);
}

function choiceReason(facts: Facts, basis: LegalBasis, customer: boolean): PresendReason | null {
  if (facts.suppressed !== null) return facts.suppressed;
  if (facts.unsubscribedAll) return 'unsubscribed_all';
  if (facts.status === 'unsubscribed') return 'unsubscribed';
  if (basis === 'legitimate_interest') return customer ? null : 'no_relationship';
  if (facts.status === 'subscribed') return null;
  if (facts.status === 'pending') return 'pending_confirmation';
  return 'no_consent';
}

/** What is known about one contact, as a contact row and its topic row hold it. */
export interface RecipientFacts extends CustomerDates {
  /** The topic's legal basis. */
  basis: LegalBasis;
  /** The contact's status for the topic; null without one (or without a contact). */
  status: SubscriptionStatus | null;
  unsubscribedAll: boolean;
  /** The address's suppression-list entries, if any. */
  suppressions?: readonly SuppressionReason[];
  /** Until when all mail is paused (contacts.paused_until), if at all. */
  pausedUntil?: Date | null;
}

/** When a verdict is given, and how long soft opt-in outlives a customer relationship. */
export interface SoftOptIn {
  now: Date;
  /** SOFT_OPT_IN_MONTHS */
  months: number;
}

/**
 * The presend rule for one address from plain facts: the reason presend gives it, or null when
 * presend clears it. For callers that hold a contact rather than a list (the preference page
 * shows a legitimate-interest box as presend would decide it); presendVerdicts() applies the
 * same rule, reasonFor(), to the facts its readers find.
 */
export function presendReason(facts: RecipientFacts, softOptIn: SoftOptIn): PresendReason | null {
  let suppressed: SuppressionReason | null = null;
  for (const reason of facts.suppressions ?? [])
    suppressed = strongerSuppression(suppressed, suppressionOf(reason));
  const customer = inRelationship(
    relationshipEnd(facts.customerSince, facts.customerUntil),
    softOptInFrom(softOptIn.now, softOptIn.months),
  );
  const status = facts.status === null ? null : statusOf(facts.status);
  const paused = isPaused(facts.pausedUntil?.getTime() ?? 0, softOptIn.now.getTime());
  return reasonFor(
    { suppressed, unsubscribedAll: facts.unsubscribedAll, status },
    facts.basis,
    customer,
    paused,
  );
}

/** Whether a pause that lasts until `until` (ms since the epoch, 0 for none) still holds at `now`. */
export const isPaused = (until: number, now: number): boolean => until > now;

/**
 * Whether presend clears a contact for a topic on what their own choices and customer
 * relationship say: what the preference page ticks and what an undo gives back. The
 * suppression list is left out on purpose: it is about the address, not a choice; so is a
 * pause, which holds every choice as it is until it ends.
 */
export function receives(
  topic: { basis: LegalBasis },
  status: SubscriptionStatus | null,
  contact: { unsubscribedAllAt: Date | null } & CustomerDates,
  softOptIn: SoftOptIn,
): boolean {
  const facts: RecipientFacts = {
    basis: topic.basis,
    status,
    unsubscribedAll: Boolean(contact.unsubscribedAllAt),
    customerSince: contact.customerSince,
    customerUntil: contact.customerUntil,
  };
  return presendReason(facts, softOptIn) === null;
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
  no_relationship: 'topic',
  paused: 'all',
};

/** What the database knows about a list of addresses, position by position. */
export interface PresendAnswer {
  /** The facts about the i-th address asked for. */
  facts(i: number): Facts;
  /** How long its customer relationship lasts (relationshipEnd): 0 for none, as for an unknown address. */
  relationshipEnd(i: number): number;
  /** Until when its mail is paused, in ms since the epoch: 0 for no pause, as for an unknown address. */
  pausedUntil(i: number): number;
}

/**
 * What presend asks of the database (src/db/presend/, and the Node split reader in
 * src/node/presend/): the facts about each of a list of addresses.
 */
export interface PresendReader {
  /** The facts about `emails` (normalised, valid, in any order, may repeat), in the same order. */
  facts(emails: readonly string[], topic: string): Promise<PresendAnswer>;
}

export interface PresendInput {
  topic: string;
  recipients: readonly string[];
}

export interface PresendDeps {
  /** For the topic. */
  db: Db;
  /** What the database knows about the addresses. */
  reader: PresendReader;
  clock: Clock;
  /** SOFT_OPT_IN_MONTHS: how long after a customer relationship ends soft opt-in still holds. */
  softOptInMonths: number;
  /** Where the topic is kept between calls for a few seconds (read-cache.ts); read each call without. */
  topicCache?: ReadCache<Topic>;
}

/**
 * Verdicts for every recipient, in request order. Throws AppError not_found/conflict for an
 * unknown or archived topic (the whole request is refused); database errors propagate, and
 * the caller turns them into a refusal (see fail-closed.ts).
 */
export async function presendVerdicts(deps: PresendDeps, input: PresendInput): Promise<PresendOutcome> {
  const topic = await requireActiveTopic({ ctx: deps, input: { key: input.topic } });

  // Normalise and validate; `slot[i]` is where recipient i's address is in `emails`, -1 for
  // an invalid one. Repeated addresses are left to the reader, which sorts them together.
  // An address that is not plain ASCII may also have suppression entries from before
  // canonical addresses, under older forms (email.ts): those are looked up too, after the
  // canonical ones, and `olderOf[k]` is the slot the k-th older form belongs to.
  const slot = new Int32Array(input.recipients.length);
  const emails: string[] = [];
  const older: string[] = [];
  const olderOf: number[] = [];
  for (let i = 0; i < input.recipients.length; i++) {
    const had = older.length;
    const email = normaliseEmailWithOlderForms(input.recipients[i], older);
    if (!isValidEmail(email)) {
      older.length = had;
      slot[i] = -1;
      continue;
    }
    slot[i] = emails.push(email) - 1;
    while (olderOf.length < older.length) olderOf.push(slot[i]);
  }

  const answer = await deps.reader.facts(older.length ? emails.concat(older) : emails, topic.key);
  // Only an older form's suppression entries count: contacts are stored canonical. Rare (an
  // address that is not plain ASCII), so the merged facts are kept apart, by slot.
  let merged: Map<number, Facts> | undefined;
  for (let k = 0; k < older.length; k++) {
    const listed = answer.facts(emails.length + k).suppressed;
    if (listed === null) continue;
    merged ??= new Map();
    const own = merged.get(olderOf[k]) ?? answer.facts(olderOf[k]);
    merged.set(olderOf[k], { ...own, suppressed: strongerSuppression(own.suppressed, listed) });
  }
  // The window's first day and the time a pause must outlast, once per call: each recipient
  // then costs one comparison for each.
  const now = deps.clock.now();
  const from = softOptInFrom(now, deps.softOptInMonths);
  const nowMs = now.getTime();

  const byReason: Partial<Record<PresendReason, number>> = {};
  let send = 0;
  const results: Verdict[] = new Array(input.recipients.length);
  for (let i = 0; i < input.recipients.length; i++) {
    const at = slot[i];
    const reason =
      at < 0
        ? 'invalid_email'
        : reasonFor(
            merged?.get(at) ?? answer.facts(at),
            topic.basis,
            inRelationship(answer.relationshipEnd(at), from),
            isPaused(answer.pausedUntil(at), nowMs),
          );
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
