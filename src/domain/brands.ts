// Brands under one controller: each has its own name, website, colours, sender and privacy
// links; topics belong to one. The `default` brand is the environment's BRAND_* settings until
// staff store one under that key, so a single-brand setup needs no brand at all.
import { asc, eq, isNull, ne } from 'drizzle-orm';
import { brands, topics } from '../db/schema';
import { type Brand, DEFAULT_ACCENT, DEFAULT_BRAND } from './brand';
import type { DomainContext, Op } from './context';
import { contrastOnWhiteText, isHexColour, MIN_CONTRAST } from './contrast';
import { AppError } from './errors';
import { type Locale, supportedLocales } from './locales';

export { type Brand, DEFAULT_ACCENT, DEFAULT_BRAND } from './brand';

export type BrandInput = Omit<Brand, 'key' | 'accent' | 'defaultLocale' | 'websiteUrl'> & {
  websiteUrl: string;
  accent: string | null;
  defaultLocale: Locale | null;
};

type ReadContext = Pick<DomainContext, 'db'>;

/** Refuses an accent that white button text cannot be read on; names `accent`. */
export function requireReadableAccent(accent: string): void {
  if (!isHexColour(accent)) {
    throw new AppError('validation_failed', 'accent: must be a colour like #1d4ed8', [
      { field: 'accent', message: 'must be a colour like #1d4ed8' },
    ]);
  }
  const ratio = contrastOnWhiteText(accent);
  if (ratio < MIN_CONTRAST) {
    const message = `white text on ${accent} has a contrast of ${ratio}:1; at least ${MIN_CONTRAST}:1 is needed (WCAG 2.2 AA), so choose a darker colour`;
    throw new AppError('validation_failed', `accent: ${message}`, [
      { field: 'accent', message, contrast_ratio: ratio },
    ]);
  }
}

function fromRow(row: typeof brands.$inferSelect): Brand {
  return {
    key: row.key,
    name: row.name,
    websiteUrl: row.websiteUrl,
    publicUrl: row.publicUrl,
    logoUrl: row.logoUrl,
    accent: row.accent ?? DEFAULT_ACCENT,
    mailFrom: row.mailFrom,
    privacyPolicyUrl: row.privacyPolicyUrl,
    privacyContact: row.privacyContact,
    defaultLocale: (supportedLocales as readonly string[]).includes(row.defaultLocale ?? '')
      ? (row.defaultLocale as Locale)
      : 'en',
  };
}

/** Creates or replaces a brand; `created` tells which. */
export async function putBrand({
  ctx,
  input,
}: Op<{ key: string; brand: BrandInput }>): Promise<{ brand: Brand; created: boolean }> {
  if (input.brand.accent !== null) requireReadableAccent(input.brand.accent);
  const now = ctx.clock.now();
  const values = { ...input.brand, updatedAt: now };
  const [existing] = await ctx.db.select({ key: brands.key }).from(brands).where(eq(brands.key, input.key));
  const [row] = await ctx.db
    .insert(brands)
    .values({ key: input.key, ...values, createdAt: now })
    .onConflictDoUpdate({ target: brands.key, set: values })
    .returning();
  return { brand: fromRow(row), created: !existing };
}

/**
 * Every brand, `default` first: the stored one, else the environment's (`fallback`).
 */
export async function listBrands({ ctx, input }: Op<{ fallback: Brand }, ReadContext>): Promise<Brand[]> {
  const rows = (await ctx.db.select().from(brands).orderBy(asc(brands.key))).map(fromRow);
  const own = rows.find((b) => b.key === DEFAULT_BRAND) ?? input.fallback;
  return [own, ...rows.filter((b) => b.key !== DEFAULT_BRAND)];
}

/**
 * The brands a person can get mail from: those with a topic that is not archived, in
 * listBrands' order. The default brand is named only if it mails something, so a setup of
 * stored brands alone does not name the environment's (often unset) BRAND_NAME. All brands
 * when none has a topic yet.
 */
export async function mailingBrands(op: Op<{ fallback: Brand }, ReadContext>): Promise<Brand[]> {
  const all = await listBrands(op);
  const used = await op.ctx.db
    .selectDistinct({ brand: topics.brand })
    .from(topics)
    .where(isNull(topics.archivedAt));
  const keys = new Set(used.map((row) => row.brand));
  const mailing = all.filter((brand) => keys.has(brand.key));
  return mailing.length > 0 ? mailing : all;
}

/** A brand by key (the environment's for `default` when none is stored); undefined if unknown. */
export async function findBrand({
  ctx,
  input,
}: Op<{ key: string; fallback: Brand }, ReadContext>): Promise<Brand | undefined> {
  const [row] = await ctx.db.select().from(brands).where(eq(brands.key, input.key));
  if (row) return fromRow(row);
  return input.key === DEFAULT_BRAND ? input.fallback : undefined;
}

/** The brand, or the default brand when it is unknown (pages still show, in the default brand). */
export async function brandOrDefault(
  op: Op<{ key: string | null | undefined; fallback: Brand }, ReadContext>,
) {
  const { key, fallback } = op.input;
  const found = key ? await findBrand({ ctx: op.ctx, input: { key, fallback } }) : undefined;
  return found ?? (await findBrand({ ctx: op.ctx, input: { key: DEFAULT_BRAND, fallback } })) ?? fallback;
}

/** A brand that topics and links may name: AppError not_found otherwise. */
export async function requireBrand(op: Op<{ key: string; fallback: Brand }, ReadContext>): Promise<Brand> {
  const brand = await findBrand(op);
  if (!brand) throw new AppError('not_found', `brand '${op.input.key}' does not exist`);
  return brand;
}

/** Whether topics may name this brand: the default one always exists. */
export async function brandExists({ ctx, input }: Op<{ key: string }, ReadContext>): Promise<boolean> {
  if (input.key === DEFAULT_BRAND) return true;
  const [row] = await ctx.db.select({ key: brands.key }).from(brands).where(eq(brands.key, input.key));
  return row !== undefined;
}

/** The origin a brand's links are built on, when it has its own. */
export async function brandPublicUrl({
  ctx,
  input,
}: Op<{ key: string }, ReadContext>): Promise<string | null> {
  const [row] = await ctx.db.select({ url: brands.publicUrl }).from(brands).where(eq(brands.key, input.key));
  return row?.url ?? null;
}

/** The brand whose `public_url` has this host (the `/p` page picks its brand so), if any. */
export function brandOfHost(all: readonly Brand[], host: string | undefined): Brand | undefined {
  if (!host) return undefined;
  const wanted = host.toLowerCase();
  return all.find((b) => {
    if (!b.publicUrl) return false;
    try {
      return new URL(b.publicUrl).host.toLowerCase() === wanted;
    } catch {
      return false;
    }
  });
}

/**
 * Whether the controller mails under more than one brand. With one, "everything of the brand"
 * is everything, and is recorded as such (so a single-brand setup behaves as before brands).
 */
export async function hasSeveralBrands({ ctx }: { ctx: ReadContext }): Promise<boolean> {
  const [other] = await ctx.db
    .select({ key: brands.key })
    .from(brands)
    .where(ne(brands.key, DEFAULT_BRAND))
    .limit(1);
  return other !== undefined;
}
