// Pre-send verdicts: for one topic and a list of recipients, who may be mailed and, if not,
// why. This is where a mistake mails someone who said no, so every unclear case answers
// "do not send", and the whole list is read in a few set-based queries (never one per recipient).
//
// Reason precedence, first match wins (so a recipient gets the strongest reason):
//   invalid_email → erased → complained → bounced   (suppression list, every topic)
//   → unsubscribed_all → unsubscribed → pending_confirmation → no_consent
// A consent-basis topic sends only to contacts whose subscription is `subscribed`. A
// legitimate-interest topic (the "existing customer" soft opt-in) sends unless the contact
// opted out (of this topic or of everything) or is on the suppression list, so unknown
// addresses and pending ones are cleared there.

import type { Db } from '../db/client';
import type { LegalBasis, SubscriptionStatus } from '../db/schema';
import { isValidEmail, normaliseEmail } from './email';
import {
  BOUNCED,
  COMPLAINED,
  ERASED,
  KNOWN,
  PENDING,
  type PresendReader,
  SUBSCRIBED,
  statusBit,
  suppressionBit,
  UNSUBSCRIBED,
  UNSUBSCRIBED_ALL,
} from './presend-lookup';
import { requireActiveTopic } from './topics';

export * from './presend-lookup';

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

/**
 * The facts bits (presend-lookup.ts) for what the database says about one contact and one
 * topic, built in memory, so pages and counts ask `reasonFor` the very question presend asks.
 * A status this code does not know reads as an opt-out, as in the reader.
 */
export function contactFacts(known: {
  status: string | null;
  unsubscribedAll: boolean;
  /** Suppression reasons listed for the address. */
  suppressions?: readonly string[];
}): number {
  let facts = KNOWN | (known.unsubscribedAll ? UNSUBSCRIBED_ALL : 0);
  if (known.status) facts |= statusBit.get(known.status) ?? UNSUBSCRIBED;
  for (const reason of known.suppressions ?? []) facts |= suppressionBit.get(reason) ?? ERASED;
  return facts;
}

/**
 * Whether presend clears a contact for a topic on what their own choices say (status and
 * "unsubscribe from everything"): what the preference page ticks and what an undo gives back.
 * The suppression list is left out on purpose: it is about the address, not a choice.
 */
export function receives(
  topic: { basis: LegalBasis },
  status: SubscriptionStatus | null,
  contact: { unsubscribedAllAt: Date | null },
): boolean {
  const facts = contactFacts({ status, unsubscribedAll: Boolean(contact.unsubscribedAllAt) });
  return reasonFor(facts, topic.basis) === null;
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

export interface PresendInput {
  topic: string;
  recipients: readonly string[];
}

export interface PresendDeps {
  /** For the topic. */
  db: Db;
  /** What the database knows about the addresses: sqlPresendReader, or the Node split reader. */
  reader: PresendReader;
}

/**
 * Verdicts for every recipient, in request order. Throws AppError not_found/conflict for an
 * unknown or archived topic (the whole request is refused); database errors propagate, and
 * the caller turns them into a refusal (see fail-closed.ts).
 */
export async function presendVerdicts(deps: PresendDeps, input: PresendInput): Promise<PresendOutcome> {
  const topic = await requireActiveTopic(deps.db, input.topic);

  // Normalise and validate; `slot[i]` is where recipient i's address is in `emails`, -1 for
  // an invalid one. Repeated addresses are left to the reader, which sorts them together.
  const slot = new Int32Array(input.recipients.length);
  const emails: string[] = [];
  for (let i = 0; i < input.recipients.length; i++) {
    const email = normaliseEmail(input.recipients[i]);
    slot[i] = isValidEmail(email) ? emails.push(email) - 1 : -1;
  }

  const facts = await deps.reader.facts(emails, topic.key);

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
