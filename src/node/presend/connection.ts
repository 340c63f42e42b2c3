// The connection each side of the split presend reader (split-reader.ts) reads through:
// one per side, so the tuning below touches nothing else the app does on its own connection.
import { type Client, createClient } from '@libsql/client';

// SQLite's page cache, in pages (4 KB each). Presend's lookups are spread over a file far
// larger than any cache that fits the memory budget, so nearly every leaf page is a miss
// either way, read from the operating system's cache. A small cache then answers faster than
// the 2 MB default: in paired runs on the benchmark's database, 100 pages (~400 KB) made the
// contacts statement ~8% faster with both cores busy, and larger caches slower still
// (bench/README.md). It also keeps two connections' worth of cache out of the RSS budget.
export const CACHE_PAGES = 100;

/** Opens `url` (an embedded file) for presend: one connection, read-only, a small cache. */
export async function openPresendConnection(url: string): Promise<Client> {
  // A pool of one, so the settings below hold for every statement.
  const client = createClient({ url, concurrency: 1 });
  try {
    // It only ever reads: the engine refuses anything else.
    await client.execute('PRAGMA query_only = ON');
    await client.execute(`PRAGMA cache_size = ${CACHE_PAGES}`);
    return client;
  } catch (err) {
    client.close();
    throw err;
  }
}
