// Fixed-window rate limits kept in the database, so they hold across restarts and across
// Worker isolates. Subjects are hashed before they become keys: the table never holds a raw
// email address or IP.
import { eq, sql } from 'drizzle-orm';
import { sha256Hex } from '../crypto/sha256';
import { rateLimits } from '../db/schema';
import type { Op } from './context';

export interface RateLimitRule {
  /** What is being limited, e.g. `subscribe-mail:address`. */
  bucket: string;
  limit: number;
  windowMs: number;
}

/**
 * Counts one hit for `subject` in `rule.bucket` and says whether it is within the limit, and
 * when the window ends. One upsert: a new window starts when the stored one has ended.
 */
export async function hitRateLimit({
  ctx,
  input: { rule, subject },
}: Op<{ rule: RateLimitRule; subject: string }>): Promise<{
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
}> {
  const now = ctx.clock.now();
  const windowStart = new Date(now.getTime() - rule.windowMs);
  const key = keyOf(rule, subject);
  const [row] = await ctx.db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`case when ${rateLimits.windowStart} <= ${windowStart.getTime()} then 1 else ${rateLimits.count} + 1 end`,
        windowStart: sql`case when ${rateLimits.windowStart} <= ${windowStart.getTime()} then ${now.getTime()} else ${rateLimits.windowStart} end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  return {
    allowed: row.count <= rule.limit,
    remaining: Math.max(0, rule.limit - row.count),
    // When the current window ends and the count starts again.
    retryAfterMs: Math.max(0, row.windowStart.getTime() + rule.windowMs - now.getTime()),
  };
}

const keyOf = (rule: RateLimitRule, subject: string) => `${rule.bucket}:${sha256Hex(subject).slice(0, 32)}`;

/**
 * Whether `subject` has used up `rule.bucket` in the current window, without counting a hit:
 * for limits on failures only (sign-in), which are checked before the attempt and counted
 * after it fails.
 */
export async function peekRateLimit({
  ctx,
  input: { rule, subject },
}: Op<{ rule: RateLimitRule; subject: string }>): Promise<{ allowed: boolean; retryAfterMs: number }> {
  const now = ctx.clock.now().getTime();
  const [row] = await ctx.db
    .select({ count: rateLimits.count, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(eq(rateLimits.key, keyOf(rule, subject)));
  const windowEnd = row ? row.windowStart.getTime() + rule.windowMs : now;
  if (!row || windowEnd <= now) return { allowed: true, retryAfterMs: 0 };
  return { allowed: row.count < rule.limit, retryAfterMs: windowEnd - now };
}
