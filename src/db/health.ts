// Whether the database can serve real work, for /healthz: `select 1` reads no page of the file,
// so it answered "ok" while every real query failed. Kept cheap (no write, no scan): /healthz
// is the benchmarks' baseline.
import { sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock';
import type { Db } from './client';

// The tables nearly every route reads. `not indexed` and `*` keep the engine from answering
// from a smaller covering index, so the table itself is read.
const CORE_TABLES = ['topics', 'contacts', 'subscriptions', 'suppressions', 'consent_events', 'api_keys'];
const PROBE = sql.raw(
  `select ${CORE_TABLES.map((t) => `(select count(*) from (select * from ${t} not indexed limit 1))`).join(', ')}`,
);

/** Reads each core table from its root to its first leaf: fails on a damaged or unreadable file. */
export async function probeDatabase(db: Db): Promise<void> {
  await db.run(PROBE);
}

/** How long a failed query keeps /healthz at 503 after it happened. */
export const OUTAGE_MEMORY_MS = 30_000;

export interface OutageMemory {
  /**
   * A query failed because the database could not be used (see isDatabaseOutage): what the probe
   * cannot see on a file that reads but takes no writes, or is damaged past a table's first leaf.
   */
  note(): void;
  /** Whether that happened within the last OUTAGE_MEMORY_MS. */
  recent(): boolean;
}

export function createOutageMemory(clock: Clock, windowMs = OUTAGE_MEMORY_MS): OutageMemory {
  let last: number | undefined;
  return {
    note: () => {
      last = clock.now().getTime();
    },
    recent: () => last !== undefined && clock.now().getTime() - last <= windowMs,
  };
}
