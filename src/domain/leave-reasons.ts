// "Why are you leaving?": the one optional question after an unsubscribe through a link, and
// what staff learn from the answers. The answer is stored on the trail entry of that
// unsubscribe (consent_events.leave_reason), which a trigger lets go from NULL to a value once
// and never again (migration 0013), so an answer cannot be changed or moved to another entry.
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { consentEvents, type LeaveReason, leaveReasons } from '../db/schema';
import type { Op } from './context';

export { type LeaveReason, leaveReasons } from '../db/schema';

export function isLeaveReason(value: unknown): value is LeaveReason {
  return leaveReasons.includes(value as LeaveReason);
}

/**
 * The note on an "unsubscribe from everything" made through a topic's link: the entry itself
 * is about every topic (topic null), and this is how the topic's stats still count it.
 */
export const viaTopicLinkNote = (topic: string) => `through a link for topic ${topic}`;

export interface LeaveReasonInput {
  contactId: string;
  /** The id of the signed link the unsubscribe was made with. */
  tokenId: string;
  reason: LeaveReason;
}

/**
 * Stores the answer on the latest unsubscribe made with this link. `saved`, `answered` (that
 * unsubscribe has its answer already: it stays) or `none` (no unsubscribe through this link).
 */
export async function recordLeaveReason({
  ctx,
  input,
}: Op<LeaveReasonInput>): Promise<'saved' | 'answered' | 'none'> {
  const [entry] = await ctx.db
    .select({ id: consentEvents.id, leaveReason: consentEvents.leaveReason })
    .from(consentEvents)
    .where(
      and(
        eq(consentEvents.contactId, input.contactId),
        eq(consentEvents.tokenId, input.tokenId),
        inArray(consentEvents.action, ['unsubscribe', 'unsubscribe_all']),
      ),
    )
    .orderBy(desc(consentEvents.id))
    .limit(1);
  if (!entry) return 'none';
  if (entry.leaveReason !== null) return 'answered';
  // `IS NULL` in the statement too: of two answers sent at once, only the first lands.
  const done = await ctx.db
    .update(consentEvents)
    .set({ leaveReason: input.reason })
    .where(and(eq(consentEvents.id, entry.id), isNull(consentEvents.leaveReason)))
    .returning({ id: consentEvents.id });
  return done.length ? 'saved' : 'answered';
}

export type ReasonCounts = Record<LeaveReason | 'unanswered', number>;

export interface CampaignStats {
  /** The campaign of the links used; null for unsubscribes without one (API, console, old links). */
  campaign: string | null;
  /** Unsubscribes from this topic. */
  unsubscribed: number;
  /** "Unsubscribe from everything" through a link for this topic. */
  unsubscribed_all: number;
  reasons: ReasonCounts;
}

export interface TopicStats {
  topic: string;
  totals: Omit<CampaignStats, 'campaign'>;
  campaigns: CampaignStats[];
  /** Signs staff should look into; `never_signed_up` points at a consent problem. */
  attention: Array<{ code: 'never_signed_up'; count: number }>;
}

const noReasons = (): ReasonCounts => ({
  too_many: 0,
  not_relevant: 0,
  never_signed_up: 0,
  other: 0,
  unanswered: 0,
});

/** Unsubscribes from a topic and why, per campaign, from the trail (one grouped query). */
export async function topicStats({ ctx, input }: Op<{ topic: string }>): Promise<TopicStats> {
  const rows = await ctx.db
    .select({
      campaign: consentEvents.campaign,
      action: consentEvents.action,
      reason: consentEvents.leaveReason,
      count: sql<number>`count(*)`,
    })
    .from(consentEvents)
    .where(
      or(
        and(eq(consentEvents.action, 'unsubscribe'), eq(consentEvents.topicKey, input.topic)),
        and(
          eq(consentEvents.action, 'unsubscribe_all'),
          eq(consentEvents.note, viaTopicLinkNote(input.topic)),
        ),
      ),
    )
    .groupBy(consentEvents.campaign, consentEvents.action, consentEvents.leaveReason);
  const byCampaign = new Map<string | null, CampaignStats>();
  const totals = { unsubscribed: 0, unsubscribed_all: 0, reasons: noReasons() };
  for (const row of rows) {
    let stats = byCampaign.get(row.campaign);
    if (!stats) {
      stats = { campaign: row.campaign, unsubscribed: 0, unsubscribed_all: 0, reasons: noReasons() };
      byCampaign.set(row.campaign, stats);
    }
    const count = Number(row.count);
    const kind = row.action === 'unsubscribe' ? 'unsubscribed' : 'unsubscribed_all';
    // A stored value this code does not know (none should exist: the trigger checks) is "other".
    const reason = row.reason === null ? 'unanswered' : isLeaveReason(row.reason) ? row.reason : 'other';
    for (const s of [stats, totals]) {
      s[kind] += count;
      s.reasons[reason] += count;
    }
  }
  const campaigns = [...byCampaign.values()].sort((a, b) =>
    a.campaign === b.campaign
      ? 0
      : a.campaign === null
        ? -1
        : b.campaign === null
          ? 1
          : a.campaign < b.campaign
            ? -1
            : 1,
  );
  const neverSignedUp = totals.reasons.never_signed_up;
  return {
    topic: input.topic,
    totals,
    campaigns,
    attention: neverSignedUp > 0 ? [{ code: 'never_signed_up', count: neverSignedUp }] : [],
  };
}
