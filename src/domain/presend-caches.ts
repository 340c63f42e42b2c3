// What presend keeps for a few seconds between calls (read-cache.ts says how long and why).
import type { PublicApiKey } from './api-keys';
import type { Clock } from './clock';
import { createReadCache, type ReadCache } from './read-cache';
import type { Topic } from './topics';

/** The caches presend reads through, built once per app by the entry point. */
export interface PresendCaches {
  /** Verified keys by the SHA-256 of their secret. */
  apiKeys: ReadCache<PublicApiKey>;
  topics: ReadCache<Topic>;
}

export function createPresendCaches(clock: Clock): PresendCaches {
  return { apiKeys: createReadCache(clock), topics: createReadCache(clock) };
}
