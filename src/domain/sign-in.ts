// Console sign-in: the password check, throttled per address and per network, and the session
// it starts. Only failures count against the limits (10 per address, 30 per network, in 15
// minutes); they are checked before the password is, so a guessing run gets 429 and no answer.
import { eq } from 'drizzle-orm';
import { hashPassword, needsRehash, verifyPassword } from '../crypto/password';
import { staffUsers } from '../db/schema';
import { recordAudit } from './audit';
import type { Op } from './context';
import { normaliseEmail } from './email';
import { AppError, rateLimited } from './errors';
import { truncateIp } from './ip';
import { hitRateLimit, peekRateLimit, type RateLimitRule } from './rate-limit';
import { pruneSessions, type SessionLimits, type SignedInStaff, startSession } from './staff-sessions';
import { findStaffUserByEmail } from './staff-users';

const WINDOW_MS = 15 * 60_000;
export const signInLimits = {
  perAddress: { bucket: 'sign-in:address', limit: 10, windowMs: WINDOW_MS },
  perNetwork: { bucket: 'sign-in:network', limit: 30, windowMs: WINDOW_MS },
} satisfies Record<string, RateLimitRule>;

// Compared against when no account has the address, so an unknown address takes as long to
// refuse as a wrong password and the timing does not tell which addresses have accounts.
let decoy: Promise<string> | undefined;

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  limits: SessionLimits;
}

/** A session for right credentials; AppError `unauthorized` for wrong ones, `rate_limited` when throttled. */
export async function signIn({ ctx, input }: Op<SignInInput>): Promise<SignedInStaff & { secret: string }> {
  const subjects: Array<[RateLimitRule, string]> = [[signInLimits.perAddress, normaliseEmail(input.email)]];
  const network = truncateIp(input.ip);
  if (network) subjects.push([signInLimits.perNetwork, network]);
  for (const [rule, subject] of subjects) {
    const peek = await peekRateLimit({ ctx, input: { rule, subject } });
    if (!peek.allowed) throw rateLimited('too many failed sign-ins; try again later', peek.retryAfterMs);
  }

  const user = await findStaffUserByEmail({ ctx, input: { email: input.email } });
  decoy ??= hashPassword('not a password of anyone');
  const good = await verifyPassword(input.password, user?.passwordHash ?? (await decoy));
  if (!user || !good || user.disabledAt) {
    for (const [rule, subject] of subjects) await hitRateLimit({ ctx, input: { rule, subject } });
    throw new AppError('unauthorized', 'wrong address or password');
  }

  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(input.password);
    await ctx.db.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, user.id));
  }
  await pruneSessions({ ctx, input: { userId: user.id, limits: input.limits } });
  const { secret, session } = await startSession({ ctx, input: { userId: user.id } });
  await recordAudit({
    ctx,
    input: {
      actor: { type: 'user', id: user.id },
      action: 'user.signed_in',
      subjectType: 'user',
      subjectId: user.id,
    },
  });
  const { passwordHash: _, ...publicUser } = user;
  return { secret, session, user: publicUser };
}
