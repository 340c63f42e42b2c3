// What the presend rule (presend.ts) reads about one address, as plain values, and how stored
// values read as such facts. Free of runtime imports, so that the Node server's presend reader
// thread, which decodes stored values with these, loads only them, the hasher and the driver.
import type { SubscriptionStatus, SuppressionReason } from '../db/schema';

/**
 * What is known about one valid address, as plain values: everything the presend rule reads
 * apart from the topic and the customer relationship. An unknown address has nothing listed,
 * no opt-out and no status.
 */
export interface Facts {
  /** The strongest of the address's suppression-list entries (strongerSuppression), or null. */
  suppressed: SuppressionReason | null;
  unsubscribedAll: boolean;
  /** The contact's status for the topic; null without one (or without a contact). */
  status: SubscriptionStatus | null;
}

// Higher is stronger: the reason presend gives an address with several entries.
const suppressionRank: Record<SuppressionReason, number> = { erased: 3, complained: 2, bounced: 1 };

/** Of two suppression-list reasons (either may be absent), the one presend gives. */
export function strongerSuppression(
  a: SuppressionReason | null,
  b: SuppressionReason | null,
): SuppressionReason | null {
  if (a === null) return b;
  if (b === null) return a;
  return suppressionRank[b] > suppressionRank[a] ? b : a;
}

// Sets, not object literals, so a stored value such as "constructor" cannot hit a prototype key.
const knownStatuses = new Set<string>(['subscribed', 'unsubscribed', 'pending']);
const knownSuppressions = new Set<string>(['bounced', 'complained', 'erased']);

/** A stored subscription status as the rule reads it: one this code does not know is an opt-out. */
export const statusOf = (stored: string): SubscriptionStatus =>
  knownStatuses.has(stored) ? (stored as SubscriptionStatus) : 'unsubscribed';

/** A stored suppression reason as the rule reads it: one this code does not know is an erasure. */
export const suppressionOf = (stored: string): SuppressionReason =>
  knownSuppressions.has(stored) ? (stored as SuppressionReason) : 'erased';
