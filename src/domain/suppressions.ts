// The suppression list: addresses that must not be mailed again (hard bounce, complaint,
// erasure). Only a keyed hash of the normalised address is stored, so an entry can exist for
// an address we never knew and survives the contact's erasure. When the contact does exist,
// the suppression also lands in its consent trail.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { consentEvents, type SuppressionReason, suppressions } from '../db/schema';
import { type ConsentContext, consentRow } from './consent';
import { findContactByEmail } from './contacts';
import type { DbOrTx } from './context';
import { olderEmailForms } from './email';
import { createEmailHasher } from './email-hasher';
import { AppError } from './errors';
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

/**
 * The keyed hashes an address's entries may be stored under: its canonical form's, and those of
 * the forms versions before canonical addresses stored it under (email.ts, olderEmailForms),
 * because an erasure keeps only the hash and so can never be rewritten.
 */
export function suppressionHashes(hashKey: string, email: string): string[] {
  const hashes = [emailHash(hashKey, email)];
  for (const form of olderEmailForms(email)) hashes.push(emailHash(hashKey, form));
  return hashes;
}

/** The reasons an address (canonical) is suppressed for; empty when it may be mailed. */
export async function suppressionReasons(
  db: DbOrTx,
  hashKey: string,
  email: string,
): Promise<SuppressionReason[]> {
  const rows = await db
    .selectDistinct({ reason: suppressions.reason })
    .from(suppressions)
    .where(inArray(suppressions.emailHash, suppressionHashes(hashKey, email)));
  return rows.map((r) => r.reason);
}

export async function isSuppressed(db: DbOrTx, hashKey: string, email: string): Promise<boolean> {
  return (await suppressionReasons(db, hashKey, email)).length > 0;
}

export async function isErased(db: DbOrTx, hashKey: string, email: string): Promise<boolean> {
  return (await suppressionReasons(db, hashKey, email)).includes('erased');
}

/**
 * Refuses to store an erased address again (staff, imports and link requests may not bring it
 * back): only the person's own confirmed double opt-in lifts an erasure (liftErasure).
 */
export async function refuseErased(db: DbOrTx, hashKey: string, email: string): Promise<void> {
  if (await isErased(db, hashKey, email)) throw erasedError();
}

export function erasedError(): AppError {
  return new AppError(
    'erased',
    'this address was erased and is never stored again; only the person can come back, by confirming a sign-up (double opt-in)',
  );
}

/** Which of many (canonical) addresses are erased, in one statement. */
export async function erasedAmong(
  db: DbOrTx,
  hashKey: string,
  emails: readonly string[],
): Promise<Set<string>> {
  const hash = createEmailHasher(hashKey);
  const owner = new Map<string, string>();
  for (const email of emails) {
    owner.set(hash(email), email);
    for (const form of olderEmailForms(email)) owner.set(hash(form), email);
  }
  const [row] = await db.values<[string | null]>(
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
export async function liftErasure(db: DbOrTx, hashKey: string, email: string): Promise<boolean> {
  const deleted = await db
    .delete(suppressions)
    .where(
      and(
        inArray(suppressions.emailHash, suppressionHashes(hashKey, email)),
        eq(suppressions.reason, 'erased'),
      ),
    )
    .returning({ id: suppressions.id });
  return deleted.length > 0;
}
