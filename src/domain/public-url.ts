// The URL the Node server last started with on this database (PUBLIC_URL, or localhost and its
// PORT). The command line shares the database but not the server's environment, so it reads
// this to build links that reach the running server.
import { eq } from 'drizzle-orm';
import { serviceMeta } from '../db/schema';
import type { DbOrTx } from './context';

const KEY = 'public_url';

export async function recordPublicUrl(db: DbOrTx, url: string, now: Date): Promise<void> {
  await db
    .insert(serviceMeta)
    .values({ key: KEY, value: url, updatedAt: now })
    .onConflictDoUpdate({ target: serviceMeta.key, set: { value: url, updatedAt: now } });
}

export async function recordedPublicUrl(db: DbOrTx): Promise<string | undefined> {
  const [row] = await db
    .select({ value: serviceMeta.value })
    .from(serviceMeta)
    .where(eq(serviceMeta.key, KEY));
  return row?.value;
}
