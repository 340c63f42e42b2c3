// The suppression list: addresses that must not be mailed again (hard bounce, complaint,
// erasure). Only a keyed hash of the canonical address is stored, so an entry can exist for
// an address we never knew and survives the contact's erasure. writeSuppressions is the one
// place entries are written; addSuppression also records it in the contact's consent trail.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { consentEvents, type SuppressionReason, suppressions } from '../db/schema';
import { recordSuppressed } from './change-events';
import { type ConsentContext, consentRow } from './consent';
import { findContactByEmail } from './contacts';
import { type Op, withTransaction } from './context';
import { olderEmailForms } from './email';
import { AppError } from './errors';
import { suppressionHashes } from './suppression-hasher';

/**
 * Puts (canonical) addresses on the suppression list for `reason`; an address already listed
 * for it keeps its entry. Returns the addresses that were listed now.
 */
export async function writeSuppressions({
  ctx,
  input,
}: Op<{ emails: readonly string[]; reason: SuppressionReason; source: string }>): Promise<string[]> {
  if (input.emails.length === 0) return [];
  const now = ctx.clock.now();
  const byHash = new Map(input.emails.map((email) => [ctx.hasher.hash(email), email]));
  const inserted = await ctx.db
    .insert(suppressions)
    .values(
      [...byHash.keys()].map((emailHash) => ({
        emailHash,
        reason: input.reason,
        source: input.source.slice(0, 200),
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ hash: suppressions.emailHash });
  return inserted.map((row) => byHash.get(row.hash) as string);
}

export interface AddSuppressionInput {
  /** Canonical address. */
  email: string;
  reason: SuppressionReason;
  /** Where the suppression came from, e.g. `resend-webhook`. */
  source: string;
  /** Evidence for the consent trail (event id, message id, note). */
  consent?: Omit<ConsentContext, 'source'>;
}

/**
 * Adds the address to the suppression list and, when the contact exists, to its consent trail.
 * Returns false when it was already suppressed for this reason; then nothing else is written.
 */
export function addSuppression({ ctx: outer, input }: Op<AddSuppressionInput>): Promise<boolean> {
  // One transaction, so the outbound event (contact.suppressed) commits with the entry.
  return withTransaction(outer, async (ctx) => {
    const listed = await writeSuppressions({
      ctx,
      input: { emails: [input.email], reason: input.reason, source: input.source },
    });
    if (listed.length === 0) return false;
    const now = ctx.clock.now();
    const contact = await findContactByEmail({ ctx, input: { email: input.email } });
    if (contact) {
      await ctx.db
        .insert(consentEvents)
        .values(consentRow(contact.id, null, 'suppress', { ...input.consent, source: input.source }, now));
    }
    await recordSuppressed(ctx.db, {
      contactId: contact?.id ?? null,
      email: input.email,
      reason: input.reason,
      source: input.source,
      at: now,
      origin: input.consent?.origin,
    });
    return true;
  });
}

/** The reasons an address (canonical) is suppressed for; empty when it may be mailed. */
export async function suppressionReasons({
  ctx,
  input,
}: Op<{ email: string }>): Promise<SuppressionReason[]> {
  const rows = await ctx.db
    .selectDistinct({ reason: suppressions.reason })
    .from(suppressions)
    .where(inArray(suppressions.emailHash, suppressionHashes(ctx.hasher, input.email)));
  return rows.map((r) => r.reason);
}

export async function isSuppressed(op: Op<{ email: string }>): Promise<boolean> {
  return (await suppressionReasons(op)).length > 0;
}

export async function isErased(op: Op<{ email: string }>): Promise<boolean> {
  return (await suppressionReasons(op)).includes('erased');
}

/**
 * Refuses to store an erased address again (staff, imports and link requests may not bring it
 * back): only the person's own confirmed double opt-in lifts an erasure (liftErasure).
 */
export async function refuseErased(op: Op<{ email: string }>): Promise<void> {
  if (await isErased(op)) throw erasedError();
}

export function erasedError(): AppError {
  return new AppError(
    'erased',
    'this address was erased and is never stored again; only the person can come back, by confirming a sign-up (double opt-in)',
  );
}

/** Which of many (canonical) addresses are erased, in one statement. */
export async function erasedAmong({ ctx, input }: Op<{ emails: readonly string[] }>): Promise<Set<string>> {
  const owner = new Map<string, string>();
  for (const email of input.emails) {
    owner.set(ctx.hasher.hash(email), email);
    for (const form of olderEmailForms(email)) owner.set(ctx.hasher.hash(form), email);
  }
  const [row] = await ctx.db.values<[string | null]>(
    sql`select json_group_array(email_hash) from suppressions
        where reason = 'erased' and email_hash in (select value from json_each(${JSON.stringify([...owner.keys()])}))`,
  );
  const found = row?.[0] ? (JSON.parse(row[0]) as string[]) : [];
  return new Set(found.map((h) => owner.get(h) as string));
}

/**
 * Lifts an address's erasure: the person confirmed a sign-up themselves. Deletes its `erased`
 * entries (the list refuses UPDATE, not DELETE; a presend filter that saw them only
 * over-reports until it rebuilds). Bounces and complaints stay. Returns whether there was one.
 */
export async function liftErasure({ ctx, input }: Op<{ email: string }>): Promise<boolean> {
  const deleted = await ctx.db
    .delete(suppressions)
    .where(
      and(
        inArray(suppressions.emailHash, suppressionHashes(ctx.hasher, input.email)),
        eq(suppressions.reason, 'erased'),
      ),
    )
    .returning({ id: suppressions.id });
  return deleted.length > 0;
}
