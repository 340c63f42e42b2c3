// Console sessions. The cookie carries a random secret; the database keeps only its SHA-256,
// so reading the database (or a backup) opens no session. A session ends after `idleMs`
// without a request and `absoluteMs` after sign-in, whichever comes first, and at sign-out.
import { and, eq, lt, or } from 'drizzle-orm';
import { base64url, randomBytes, randomId } from '../crypto/random';
import { sha256Hex } from '../crypto/sha256';
import { staffSessions, staffUsers } from '../db/schema';
import type { Op } from './context';
import type { StaffUser } from './staff-users';

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export type StaffSession = typeof staffSessions.$inferSelect;

export interface SignedInStaff {
  session: StaffSession;
  user: Omit<StaffUser, 'passwordHash'>;
}

// A session's last-seen time is written at most this often, so a page with several requests
// costs one write, not one per request; idle expiry is therefore this much approximate.
const TOUCH_EVERY_MS = 60_000;

/** Starts a session; the answer's `secret` goes into the cookie and is never stored. */
export async function startSession({ ctx, input }: Op<{ userId: string }>): Promise<{
  secret: string;
  session: StaffSession;
}> {
  const secret = base64url(randomBytes(32));
  const now = ctx.clock.now();
  const session: StaffSession = {
    id: randomId('ses_'),
    tokenHash: sha256Hex(secret),
    userId: input.userId,
    createdAt: now,
    lastSeenAt: now,
  };
  await ctx.db.insert(staffSessions).values(session);
  return { secret, session };
}

/** The signed-in user for a cookie's secret, or undefined when the session is unknown or over. */
export async function resumeSession({
  ctx,
  input,
}: Op<{ secret: string; limits: SessionLimits }>): Promise<SignedInStaff | undefined> {
  const [row] = await ctx.db
    .select({ session: staffSessions, user: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(eq(staffSessions.tokenHash, sha256Hex(input.secret)));
  if (!row) return undefined;
  const now = ctx.clock.now().getTime();
  const { session, user } = row;
  const over =
    now - session.lastSeenAt.getTime() > input.limits.idleMs ||
    now - session.createdAt.getTime() > input.limits.absoluteMs;
  if (over || user.disabledAt) {
    await ctx.db.delete(staffSessions).where(eq(staffSessions.id, session.id));
    return undefined;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    session.lastSeenAt = new Date(now);
    await ctx.db
      .update(staffSessions)
      .set({ lastSeenAt: session.lastSeenAt })
      .where(eq(staffSessions.id, session.id));
  }
  const { passwordHash: _, ...publicUser } = user;
  return { session, user: publicUser };
}

/** Ends the session a cookie's secret belongs to (sign-out); an unknown secret is no error. */
export async function endSession({ ctx, input }: Op<{ secret: string }>): Promise<void> {
  await ctx.db.delete(staffSessions).where(eq(staffSessions.tokenHash, sha256Hex(input.secret)));
}

/** Deletes a user's sessions that are over, so the table does not grow with every sign-in. */
export async function pruneSessions({
  ctx,
  input,
}: Op<{ userId: string; limits: SessionLimits }>): Promise<void> {
  const now = ctx.clock.now().getTime();
  await ctx.db
    .delete(staffSessions)
    .where(
      and(
        eq(staffSessions.userId, input.userId),
        or(
          lt(staffSessions.lastSeenAt, new Date(now - input.limits.idleMs)),
          lt(staffSessions.createdAt, new Date(now - input.limits.absoluteMs)),
        ),
      ),
    );
}

/** Ends one session by its id (sign-out from a page that resumed it). */
export async function endSessionById({ ctx, input }: Op<{ sessionId: string }>): Promise<void> {
  await ctx.db.delete(staffSessions).where(eq(staffSessions.id, input.sessionId));
}
