// How the presend readers carry what they find: one small integer of bits per address and one
// relationship end, in typed arrays that a reader thread can hand over without copying. The
// domain reads them through a PresendAnswer as plain Facts; every combination of bits has one
// Facts object made up front, so reading an answer allocates nothing per recipient.
import type { PresendAnswer } from '../../domain/presend';
import { type Facts, statusOf, strongerSuppression, suppressionOf } from '../../domain/presend-facts';

export const KNOWN = 1;
export const UNSUBSCRIBED_ALL = 2;
export const SUBSCRIBED = 4;
export const UNSUBSCRIBED = 8;
export const PENDING = 16;
export const BOUNCED = 32;
export const COMPLAINED = 64;
export const ERASED = 128;

const statusBit = { subscribed: SUBSCRIBED, unsubscribed: UNSUBSCRIBED, pending: PENDING } as const;
const suppressionBit = { bounced: BOUNCED, complained: COMPLAINED, erased: ERASED } as const;

/** The bit of a stored subscription status, read as the domain reads it (statusOf). */
export const bitOfStatus = (stored: string): number => statusBit[statusOf(stored)];

/** The bit of a stored suppression-list reason, read as the domain reads it (suppressionOf). */
export const bitOfSuppression = (stored: string): number => suppressionBit[suppressionOf(stored)];

/** What the readers find about each address of a list, position by position. */
export interface FactsColumns {
  /** The bits above. */
  bits: Int32Array;
  /** relationshipEnd (customer-relationship.ts): 0 for none, also the answer for an unknown address. */
  relationshipEnd: Int32Array;
  /** contacts.paused_until in ms since the epoch: 0 for no pause, also for an unknown address. */
  pausedUntil: Float64Array;
}

export function emptyColumns(length: number): FactsColumns {
  return {
    bits: new Int32Array(length),
    relationshipEnd: new Int32Array(length),
    pausedUntil: new Float64Array(length),
  };
}

/** The Facts of a set of bits. Two statuses at once cannot be stored; the stronger refusal wins. */
function factsOf(bits: number): Facts {
  let suppressed: Facts['suppressed'] = null;
  if (bits & BOUNCED) suppressed = 'bounced';
  if (bits & COMPLAINED) suppressed = strongerSuppression(suppressed, 'complained');
  if (bits & ERASED) suppressed = strongerSuppression(suppressed, 'erased');
  const status =
    bits & UNSUBSCRIBED
      ? 'unsubscribed'
      : bits & SUBSCRIBED
        ? 'subscribed'
        : bits & PENDING
          ? 'pending'
          : null;
  return Object.freeze({ suppressed, unsubscribedAll: (bits & UNSUBSCRIBED_ALL) !== 0, status });
}

const FACTS: readonly Facts[] = Array.from({ length: 256 }, (_, bits) => factsOf(bits));

/** The domain's view of the columns. */
export function answerOf(columns: FactsColumns): PresendAnswer {
  const { bits, relationshipEnd, pausedUntil } = columns;
  return {
    facts: (i) => FACTS[bits[i] & 255],
    relationshipEnd: (i) => relationshipEnd[i],
    pausedUntil: (i) => pausedUntil[i],
  };
}
