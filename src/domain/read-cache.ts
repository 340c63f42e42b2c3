// A few seconds of memory for reads that every presend call makes and that rarely change: the
// API key behind a secret and the topic asked about. Only found values are kept (a new key or
// topic works at once), for READ_CACHE_TTL_MS at most; a change made through this process
// clears its cache at once, one made elsewhere (the command line, another server) is seen
// within that time. Nothing presend answers about a recipient comes from here: the facts are
// read from the database on every call, so a database that cannot be read still gets a 503.
//
// Under load, many calls are in flight when an entry runs out. So that they do not all read the
// database at once (and all wait for it), a key has at most one load under way, which every
// miss shares, and a call in the last REFRESH_AHEAD_MS of an entry's life starts that load while
// it is still answered from memory. An entry is good until READ_CACHE_TTL_MS after its load
// *started*, so a refresh never stretches how stale a value may be; a failed refresh leaves the
// entry to run out on time, and the next miss then reads the database in the open (and fails).
import type { Clock } from './clock';

/** How stale a revoked key or a changed topic may be in another process: 2 seconds (under 5). */
export const READ_CACHE_TTL_MS = 2000;
/** The last part of an entry's life in which a hit also starts its refresh. */
export const REFRESH_AHEAD_MS = 500;
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
  const loading = new Map<string, Promise<V | undefined>>();
  // A load that started before a clear() must not put back what the clear removed.
  let generation = 0;

  function start(key: string, load: () => Promise<V | undefined>, now: number): Promise<V | undefined> {
    const started = generation;
    const promise: Promise<V | undefined> = Promise.resolve()
      .then(load)
      .then((value) => {
        if (started !== generation) return value;
        // Gone or no longer active (a revoked key): forgotten now rather than when it runs out.
        if (value === undefined) entries.delete(key);
        else {
          if (entries.size >= MAX_ENTRIES && !entries.has(key)) entries.clear();
          entries.set(key, { value, until: now + ttlMs });
        }
        return value;
      })
      .finally(() => {
        if (loading.get(key) === promise) loading.delete(key);
      });
    loading.set(key, promise);
    return promise;
  }

  return {
    get(key, load) {
      const now = clock.now().getTime();
      const kept = entries.get(key);
      if (kept && kept.until > now) {
        if (kept.until - now <= REFRESH_AHEAD_MS && !loading.has(key)) {
          // Its failure is the next miss's to report; here it would be an unhandled rejection.
          start(key, load, now).catch(() => undefined);
        }
        return Promise.resolve(kept.value);
      }
      return loading.get(key) ?? start(key, load, now);
    },
    clear() {
      generation += 1;
      entries.clear();
      loading.clear();
    },
  };
}
