// Contacts stored before addresses had one canonical form (email.ts) were kept trimmed and
// lower-cased as typed, so an address with an invisible character, in NFD or with a Unicode
// domain is stored in a form no lookup produces any more. Once per database, at start-up
// (it needs the hash key, which only the app knows), those rows get their canonical address
// and its keyed hash. Two old rows that turn out to be one address cannot be merged (the
// consent trail is append-only): the canonical one keeps the address, takes over the other's
// opt-outs (staff may record an opt-out, never undo one), and both ids are reported.
// Suppression entries are only hashes and cannot be rewritten: lookups probe their older
// forms instead (suppressions.ts).
import { eq, sql } from 'drizzle-orm';
import { contacts, serviceMeta, subscriptions } from '../db/schema';
import { type DomainContext, withTransaction } from './context';
import { isValidEmail, normaliseEmail } from './email';
import { setPreferences, unsubscribeAll } from './preferences';

export const ADDRESS_FORM = 'contacts_address_form';
const CANONICAL = 'canonical-1';

export interface CanonicalAddressesResult {
  /** False when an earlier start did it already. */
  ran: boolean;
  rewritten: number;
  /** Old rows whose canonical address another contact has: `kept` has it, `left` is unchanged. */
  duplicates: Array<{ kept: string; left: string }>;
  /** Old rows whose address has no canonical form (an invalid international domain), unchanged. */
  invalid: string[];
}

export async function canonicaliseStoredAddresses({
  ctx,
}: {
  ctx: DomainContext;
}): Promise<CanonicalAddressesResult> {
  const result: CanonicalAddressesResult = { ran: false, rewritten: 0, duplicates: [], invalid: [] };
  const [mark] = await ctx.db
    .select({ value: serviceMeta.value })
    .from(serviceMeta)
    .where(eq(serviceMeta.key, ADDRESS_FORM));
  if (mark?.value === CANONICAL) return result;
  result.ran = true;

  // Plain ASCII was canonical already (trimmed and lower-cased): only rows with other
  // characters, whose text is shorter than its UTF-8 bytes, can differ.
  const rows = await ctx.db
    .select({ id: contacts.id, email: contacts.email })
    .from(contacts)
    .where(sql`length(${contacts.email}) <> length(cast(${contacts.email} as blob))`);
  for (const row of rows) {
    const email = normaliseEmail(row.email);
    if (email === row.email) continue;
    if (!isValidEmail(email)) {
      result.invalid.push(row.id);
      continue;
    }
    const kept = await withTransaction(ctx, async ({ db }) => {
      const [other] = await db.select().from(contacts).where(eq(contacts.email, email));
      if (other) return other;
      await db
        .update(contacts)
        .set({ email, emailHash: ctx.hasher.hash(email) })
        .where(eq(contacts.id, row.id));
      return undefined;
    });
    if (!kept) {
      result.rewritten++;
      continue;
    }
    result.duplicates.push({ kept: kept.id, left: row.id });
    await carryOptOuts(ctx, row.id, kept.id);
  }

  await ctx.db
    .insert(serviceMeta)
    .values({ key: ADDRESS_FORM, value: CANONICAL, updatedAt: ctx.clock.now() })
    .onConflictDoUpdate({ target: serviceMeta.key, set: { value: CANONICAL, updatedAt: ctx.clock.now() } });
  return result;
}

/** The opt-outs of `from` recorded on `to` too: one person, who said no under either spelling. */
async function carryOptOuts(ctx: DomainContext, from: string, to: string): Promise<void> {
  const consent = {
    source: 'address-merge',
    note: `opt-out carried over from contact ${from}: the same address, stored in another spelling`,
  };
  const [left] = await ctx.db.select().from(contacts).where(eq(contacts.id, from));
  if (left?.unsubscribedAllAt) {
    await unsubscribeAll({ ctx, input: { contactId: to, consent } });
    return;
  }
  const optedOut = await ctx.db
    .select({ topic: subscriptions.topicKey })
    .from(subscriptions)
    .where(sql`${subscriptions.contactId} = ${from} and ${subscriptions.status} = 'unsubscribed'`);
  if (optedOut.length === 0) return;
  await setPreferences({
    ctx,
    input: {
      contactId: to,
      changes: Object.fromEntries(optedOut.map((s) => [s.topic, 'unsubscribed' as const])),
      actor: 'staff',
      consent,
    },
  });
}
