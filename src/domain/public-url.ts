// The URL the Node server last started with on this database (PUBLIC_URL, or localhost and its
// PORT). The command line shares the database but not the server's environment, so it reads
// this to build links that reach the running server.
import { eq } from 'drizzle-orm';
import { serviceMeta } from '../db/schema';
import type { DomainContext, Op } from './context';

const KEY = 'public_url';

export async function recordPublicUrl({ ctx, input: { url } }: Op<{ url: string }>): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .insert(serviceMeta)
    .values({ key: KEY, value: url, updatedAt: now })
    .onConflictDoUpdate({ target: serviceMeta.key, set: { value: url, updatedAt: now } });
}

export async function recordedPublicUrl({ ctx }: { ctx: DomainContext }): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ value: serviceMeta.value })
    .from(serviceMeta)
    .where(eq(serviceMeta.key, KEY));
  return row?.value;
}
