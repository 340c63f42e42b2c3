// A few seconds of memory for reads that every presend call makes and that rarely change: the
// API key behind a secret and the topic asked about. Only found values are kept (a new key or
// topic works at once), for READ_CACHE_TTL_MS at most; a change made through this process
// clears its cache at once, one made elsewhere (the command line, another server) is seen
// within that time. Nothing presend answers about a recipient comes from here: the facts are
// read from the database on every call, so a database that cannot be read still gets a 503.
import type { Clock } from './clock';

/** How stale a revoked key or a changed topic may be in another process: 2 seconds (under 5). */
export const READ_CACHE_TTL_MS = 2000;
// Enough for every key and topic a company has; past it the cache starts over (a few reads).
const MAX_ENTRIES = 1000;

export interface ReadCache<V> {
  /** The kept value for `key`, or what `load` finds (kept if found). */
  get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
  /** Forgets everything, including what loads still under way would bring. */
  clear(): void;
}

export function createReadCache<V>(clock: Clock, ttlMs = READ_CACHE_TTL_MS): ReadCache<V> {
  const entries = new Map<string, { value: V; until: number }>();
  // A load that started before a clear() must not put back what the clear removed.
  let generation = 0;
  return {
    async get(key, load) {
      const now = clock.now().getTime();
      const kept = entries.get(key);
      if (kept && kept.until > now) return kept.value;
      const started = generation;
      const value = await load();
      if (value === undefined || started !== generation) return value;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(key, { value, until: now + ttlMs });
      return value;
    },
    clear() {
      generation += 1;
      entries.clear();
    },
  };
}
