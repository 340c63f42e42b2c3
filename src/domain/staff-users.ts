// Console accounts: create, list, disable and reset a password. Each change is written to the
// audit log in its transaction; disabling an account or resetting its password ends every
// session it has, so a lost laptop or a departed colleague is locked out at once.
import { asc, eq } from 'drizzle-orm';
import { generatePassword, hashPassword, passwordProblem } from '../crypto/password';
import { randomId } from '../crypto/random';
import { type StaffRole, staffSessions, staffUsers } from '../db/schema';
import { type AuditActor, recordAudit } from './audit';
import { type Op, withTransaction } from './context';
import { isValidEmail, normaliseEmail } from './email';
import { AppError } from './errors';

export type StaffUser = typeof staffUsers.$inferSelect;
export type PublicStaffUser = Omit<StaffUser, 'passwordHash'>;

const publicUser = ({ passwordHash: _, ...user }: StaffUser): PublicStaffUser => user;

function canonicalAddress(email: string): string {
  const address = normaliseEmail(email);
  if (!isValidEmail(address)) throw new AppError('validation_failed', 'that is not an email address');
  return address;
}

function checkedPassword(password: string): string {
  const problem = passwordProblem(password);
  if (problem) throw new AppError('validation_failed', problem);
  return password;
}

export async function findStaffUserByEmail({
  ctx,
  input,
}: Op<{ email: string }>): Promise<StaffUser | undefined> {
  const [user] = await ctx.db
    .select()
    .from(staffUsers)
    .where(eq(staffUsers.email, normaliseEmail(input.email)));
  return user;
}

export async function findStaffUserById({ ctx, input }: Op<{ id: string }>): Promise<StaffUser | undefined> {
  const [user] = await ctx.db.select().from(staffUsers).where(eq(staffUsers.id, input.id));
  return user;
}

/**
 * A new account. Without a password one is generated and answered (shown once); the address
 * is stored canonical and must be new.
 */
export async function createStaffUser({
  ctx,
  input,
}: Op<{ email: string; role: StaffRole; password?: string; actor: AuditActor }>): Promise<{
  user: PublicStaffUser;
  generatedPassword?: string;
}> {
  const email = canonicalAddress(input.email);
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(checkedPassword(input.password ?? generatedPassword!));
  const now = ctx.clock.now();
  const user: StaffUser = {
    id: randomId('usr_'),
    email,
    role: input.role,
    passwordHash,
    createdAt: now,
    passwordChangedAt: now,
    disabledAt: null,
  };
  await withTransaction(ctx, async (tx) => {
    if (await findStaffUserByEmail({ ctx: tx, input: { email } })) {
      throw new AppError('conflict', 'there is already an account for this address');
    }
    await tx.db.insert(staffUsers).values(user);
    await recordAudit({
      ctx: tx,
      input: {
        actor: input.actor,
        action: 'user.created',
        subjectType: 'user',
        subjectId: user.id,
        details: { role: user.role },
      },
    });
  });
  return { user: publicUser(user), generatedPassword };
}

export async function listStaffUsers({ ctx }: Op<void>): Promise<PublicStaffUser[]> {
  const users = await ctx.db.select().from(staffUsers).orderBy(asc(staffUsers.email));
  return users.map(publicUser);
}

async function requireUser(op: Op<{ email: string }>): Promise<StaffUser> {
  const user = await findStaffUserByEmail(op);
  if (!user) throw new AppError('not_found', 'no account for this address');
  return user;
}

/** Disables an account and ends its sessions; disabling it again changes nothing. */
export async function disableStaffUser({
  ctx,
  input,
}: Op<{ email: string; actor: AuditActor }>): Promise<{ user: PublicStaffUser; changed: boolean }> {
  return withTransaction(ctx, async (tx) => {
    const user = await requireUser({ ctx: tx, input });
    await tx.db.delete(staffSessions).where(eq(staffSessions.userId, user.id));
    if (user.disabledAt) return { user: publicUser(user), changed: false };
    const disabledAt = tx.clock.now();
    await tx.db.update(staffUsers).set({ disabledAt }).where(eq(staffUsers.id, user.id));
    await recordAudit({
      ctx: tx,
      input: { actor: input.actor, action: 'user.disabled', subjectType: 'user', subjectId: user.id },
    });
    return { user: publicUser({ ...user, disabledAt }), changed: true };
  });
}

/** Sets a new password (generated when none is given) and ends the account's sessions. */
export async function resetStaffPassword({
  ctx,
  input,
}: Op<{ email: string; password?: string; actor: AuditActor }>): Promise<{
  user: PublicStaffUser;
  generatedPassword?: string;
}> {
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(checkedPassword(input.password ?? generatedPassword!));
  return withTransaction(ctx, async (tx) => {
    const user = await requireUser({ ctx: tx, input });
    const passwordChangedAt = tx.clock.now();
    await tx.db.update(staffUsers).set({ passwordHash, passwordChangedAt }).where(eq(staffUsers.id, user.id));
    await tx.db.delete(staffSessions).where(eq(staffSessions.userId, user.id));
    await recordAudit({
      ctx: tx,
      input: { actor: input.actor, action: 'user.password_reset', subjectType: 'user', subjectId: user.id },
    });
    return { user: publicUser({ ...user, passwordHash, passwordChangedAt }), generatedPassword };
  });
}
