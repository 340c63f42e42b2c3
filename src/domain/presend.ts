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
import type { LegalBasis } from '../db/schema';
import { isValidEmail, normaliseEmailWithOlderForms } from './email';
import {
  BOUNCED,
  COMPLAINED,
  ERASED,
  LISTED,
  PENDING,
  type PresendReader,
  SUBSCRIBED,
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

  const facts = await deps.reader.facts(older.length ? emails.concat(older) : emails, topic.key);
  // Only an older form's suppression entries count: contacts are stored canonical.
  for (let k = 0; k < older.length; k++) facts[olderOf[k]] |= facts[emails.length + k] & LISTED;

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
