// Builds consent-trail rows. Every caller that changes a preference describes *why* with a
// `ConsentContext`; this module turns it into the stored evidence (IP truncated, wording
// hashed, long strings capped) so no caller can store a raw IP by mistake.
import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { sha256Hex } from '../crypto/sha256';
import { type ConsentAction, consentEvents, consentWordings } from '../db/schema';
import type { Op } from './context';
import { truncateIp } from './ip';

export interface ConsentContext {
  /** one-click, unsubscribe-page, preference-center, api, import:<name>, double-opt-in, … */
  source: string;
  ip?: string | null;
  userAgent?: string | null;
  /** The exact text the person agreed to or was shown. */
  wording?: string | null;
  tokenId?: string | null;
  apiKeyId?: string | null;
  campaign?: string | null;
  sourceUrl?: string | null;
  messageId?: string | null;
  eventId?: string | null;
  note?: string | null;
  /** The connector whose inbound call caused the change; its outbound event is not pushed back to it. */
  origin?: string | null;
}

const cap = (s: string | null | undefined, n: number) => (s ? s.slice(0, n) : null);

export function consentRow(
  contactId: string,
  topicKey: string | null,
  action: ConsentAction,
  ctx: ConsentContext,
  at: Date,
): typeof consentEvents.$inferInsert {
  return {
    contactId,
    topicKey,
    action,
    source: ctx.source.slice(0, 200),
    occurredAt: at,
    ip: truncateIp(ctx.ip),
    userAgent: cap(ctx.userAgent, 512),
    wording: cap(ctx.wording, 10_000),
    wordingHash: ctx.wording ? sha256Hex(ctx.wording) : null,
    tokenId: cap(ctx.tokenId, 100),
    apiKeyId: cap(ctx.apiKeyId, 100),
    campaign: cap(ctx.campaign, 200),
    sourceUrl: cap(ctx.sourceUrl, 2000),
    messageId: cap(ctx.messageId, 200),
    eventId: cap(ctx.eventId, 200),
    note: cap(ctx.note, 2000),
  };
}

export type ConsentEvent = typeof consentEvents.$inferSelect;

/**
 * A contact's trail, oldest first, each entry with the exact wording shown: rows keep only its
 * hash, the text is stored once in consent_wordings (migration 0014); rows from before that
 * the migration could not move keep their own text, which then wins.
 */
export async function consentTrail({ ctx, input }: Op<{ contactId: string }>): Promise<ConsentEvent[]> {
  return ctx.db
    .select({
      ...getTableColumns(consentEvents),
      wording: sql<string | null>`coalesce(${consentEvents.wording}, ${consentWordings.wording})`,
    })
    .from(consentEvents)
    .leftJoin(consentWordings, eq(consentWordings.hash, consentEvents.wordingHash))
    .where(eq(consentEvents.contactId, input.contactId))
    .orderBy(asc(consentEvents.id));
}
