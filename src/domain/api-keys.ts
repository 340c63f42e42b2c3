// API keys for staff and mailing tools. The secret is shown once at creation; only its
// SHA-256 is stored, and a key is looked up by that hash.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { randomId } from '../crypto/random';
import { sha256Hex } from '../crypto/sha256';
import { type ApiKeyScope, apiKeys } from '../db/schema';
import type { DomainContext, Op } from './context';
import { AppError } from './errors';

export type ApiKey = typeof apiKeys.$inferSelect;
export type PublicApiKey = Omit<ApiKey, 'secretHash'>;

const SECRET_PREFIX = 'mp_';
const LAST_USED_RESOLUTION_MS = 60 * 60 * 1000;

export async function createApiKey({
  ctx,
  input,
}: Op<{ name: string; scopes: ApiKeyScope[] }>): Promise<{ key: PublicApiKey; secret: string }> {
  const secret = randomId(SECRET_PREFIX, 24);
  const [row] = await ctx.db
    .insert(apiKeys)
    .values({
      id: randomId('key_', 9),
      name: input.name,
      prefix: secret.slice(0, SECRET_PREFIX.length + 6),
      secretHash: sha256Hex(secret),
      scopes: [...new Set(input.scopes)],
      createdAt: ctx.clock.now(),
    })
    .returning();
  return { key: toPublic(row), secret };
}

/** The active key for a presented secret, or undefined. */
export async function verifyApiKey({
  ctx: { db, clock },
  input: { secret },
}: Op<{ secret: string }>): Promise<PublicApiKey | undefined> {
  if (!secret.startsWith(SECRET_PREFIX) || secret.length > 200) return undefined;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, sha256Hex(secret)), isNull(apiKeys.revokedAt)));
  if (!row) return undefined;
  const now = clock.now();
  // Recording use on every call would turn each presend read into a write; an hour's
  // resolution is enough to tell a live key from a forgotten one.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return toPublic(row);
}

export async function listApiKeys({ ctx }: { ctx: DomainContext }): Promise<PublicApiKey[]> {
  return (await ctx.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(toPublic);
}

export async function revokeApiKey({
  ctx: { db, clock, presendCaches },
  input: { id },
}: Op<{ id: string }>): Promise<PublicApiKey> {
  const [existing] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!existing) throw new AppError('not_found', 'API key not found');
  if (existing.revokedAt) return toPublic(existing);
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: clock.now() })
    .where(eq(apiKeys.id, id))
    .returning();
  presendCaches?.apiKeys.clear();
  return toPublic(row);
}

/**
 * First start without ADMIN_API_KEY: if no active admin key exists, create one and return
 * its secret so the entry point can show it once. Returns undefined when one exists.
 */
export async function ensureInitialAdminKey({ ctx }: { ctx: DomainContext }): Promise<string | undefined> {
  const active = await ctx.db.select().from(apiKeys).where(isNull(apiKeys.revokedAt));
  if (active.some((k) => k.scopes.includes('admin'))) return undefined;
  const { secret } = await createApiKey({ ctx, input: { name: 'initial admin key', scopes: ['admin'] } });
  return secret;
}

export function hasScope(key: Pick<ApiKey, 'scopes'>, scope: ApiKeyScope): boolean {
  return key.scopes.includes('admin') || key.scopes.includes(scope);
}

function toPublic({ secretHash: _omit, ...rest }: ApiKey): PublicApiKey {
  return rest;
}
