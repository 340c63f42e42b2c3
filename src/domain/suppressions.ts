// The suppression list: addresses that must not be mailed again (hard bounce, complaint,
// erasure). Only a keyed hash of the normalised address is stored, so an entry can exist for
// an address we never knew and survives the contact's erasure. When the contact does exist,
// the suppression also lands in its consent trail.
import { eq } from 'drizzle-orm';
import { consentEvents, type SuppressionReason, suppressions } from '../db/schema';
import { type ConsentContext, consentRow } from './consent';
import { findContactByEmail } from './contacts';
import type { DbOrTx } from './context';
import { emailHash } from './hashing';

export interface AddSuppressionInput {
  /** Normalised address. */
  email: string;
  reason: SuppressionReason;
  /** Where the suppression came from, e.g. `resend-webhook`. */
  source: string;
  /** Evidence for the consent trail (event id, message id, note). */
  consent?: Omit<ConsentContext, 'source'>;
}

/**
 * Adds the address to the suppression list. Returns false when it was already suppressed for
 * this reason; then nothing else is written either.
 */
export async function addSuppression(
  db: DbOrTx,
  now: Date,
  hashKey: string,
  input: AddSuppressionInput,
): Promise<boolean> {
  const [inserted] = await db
    .insert(suppressions)
    .values({
      emailHash: emailHash(hashKey, input.email),
      reason: input.reason,
      source: input.source,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ hash: suppressions.emailHash });
  if (!inserted) return false;
  const contact = await findContactByEmail(db, input.email);
  if (contact) {
    await db
      .insert(consentEvents)
      .values(consentRow(contact.id, null, 'suppress', { ...input.consent, source: input.source }, now));
  }
  return true;
}

/** The reasons an address is suppressed for; empty when it may be mailed. */
export async function suppressionReasons(
  db: DbOrTx,
  hashKey: string,
  email: string,
): Promise<SuppressionReason[]> {
  const rows = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(eq(suppressions.emailHash, emailHash(hashKey, email)));
  return rows.map((r) => r.reason);
}

export async function isSuppressed(db: DbOrTx, hashKey: string, email: string): Promise<boolean> {
  return (await suppressionReasons(db, hashKey, email)).length > 0;
}
