// "Everything" at one brand. A contact who unsubscribes from everything at a brand gets no
// mail for that brand's topics, also ones added later (a brand_unsubscribes row); every brand
// at once stays `contacts.unsubscribed_all_at`. Presend reads both (db/presend/statements.ts).
// A controller with one brand records "everything" as every brand, as it did before brands.
import { and, eq } from 'drizzle-orm';
import { brands, brandUnsubscribes } from '../db/schema';
import { DEFAULT_BRAND } from './brands';
import type { Contact } from './contacts';
import type { DomainContext } from './context';

type Db = Pick<DomainContext, 'db'>;

/** When the contact unsubscribed from everything at `brand` alone; null if not. */
export async function brandStoppedAt(ctx: Db, contactId: string, brand: string): Promise<Date | null> {
  const [row] = await ctx.db
    .select({ at: brandUnsubscribes.unsubscribedAt })
    .from(brandUnsubscribes)
    .where(and(eq(brandUnsubscribes.contactId, contactId), eq(brandUnsubscribes.brandKey, brand)));
  return row?.at ?? null;
}

/**
 * The contact as seen from one brand: `unsubscribedAllAt` is set when they stopped every brand
 * or this one, so the rules that read it (presend's receives(), the preference page) apply to
 * the brand's topics unchanged.
 */
export async function contactAtBrand(ctx: Db, contact: Contact, brand: string): Promise<Contact> {
  if (contact.unsubscribedAllAt) return contact;
  const at = await brandStoppedAt(ctx, contact.id, brand);
  return at ? { ...contact, unsubscribedAllAt: at } : contact;
}

/** Records the stop at one brand; false when it was already recorded. */
export async function stopBrand(ctx: Db, contactId: string, brand: string, at: Date): Promise<boolean> {
  const rows = await ctx.db
    .insert(brandUnsubscribes)
    .values({ contactId, brandKey: brand, unsubscribedAt: at })
    .onConflictDoNothing()
    .returning({ brand: brandUnsubscribes.brandKey });
  return rows.length > 0;
}

/**
 * Opting in at some brands ends "everything" there. When the contact had stopped every brand,
 * the other brands stay stopped, each on its own: an opt-in at one brand never starts another's
 * mail. The caller clears `unsubscribed_all_at`.
 */
export async function resumeBrands(
  ctx: Db,
  contact: Pick<Contact, 'id' | 'unsubscribedAllAt'>,
  resumed: ReadonlySet<string>,
): Promise<void> {
  for (const brand of resumed) {
    await ctx.db
      .delete(brandUnsubscribes)
      .where(and(eq(brandUnsubscribes.contactId, contact.id), eq(brandUnsubscribes.brandKey, brand)));
  }
  if (!contact.unsubscribedAllAt) return;
  const others = new Set((await ctx.db.select({ key: brands.key }).from(brands)).map((b) => b.key));
  others.add(DEFAULT_BRAND);
  for (const other of others) {
    if (!resumed.has(other)) await stopBrand(ctx, contact.id, other, contact.unsubscribedAllAt);
  }
}

/** The brands a contact stopped one by one, for the export. */
export async function stoppedBrands(ctx: Db, contactId: string) {
  return ctx.db
    .select({ brand: brandUnsubscribes.brandKey, at: brandUnsubscribes.unsubscribedAt })
    .from(brandUnsubscribes)
    .where(eq(brandUnsubscribes.contactId, contactId));
}
