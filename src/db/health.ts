// Whether the database can serve real work, for /healthz. `select 1` reads no page of the
// file, so it answered "ok" while every real query failed. Two facts together say more while
// staying cheap (no write, no scan; /healthz is the benchmarks' baseline):
// - a read of each core table's own B-tree from its root to its first leaf, which fails on a
//   damaged or unreadable file;
// - whether a real query failed recently because the database could not be used, which a read
//   cannot see when the file still reads but takes no writes (read-only, full disk), or when
//   the damage is further along a table than its first leaf.
import { sql } from 'drizzle-orm';
import type { Clock } from '../domain/clock';
import type { Db } from './client';

// The tables nearly every route reads. `not indexed` and `*` keep the engine from answering
// from a smaller covering index, so the table itself is read.
const CORE_TABLES = ['topics', 'contacts', 'subscriptions', 'suppressions', 'consent_events', 'api_keys'];
const PROBE = sql.raw(
  `select ${CORE_TABLES.map((t) => `(select count(*) from (select * from ${t} not indexed limit 1))`).join(', ')}`,
);

/** Reads a few real pages of every core table; throws the driver's error when it cannot. */
export async function probeDatabase(db: Db): Promise<void> {
  await db.run(PROBE);
}

/** How long a failed query keeps /healthz at 503 after it happened. */
export const OUTAGE_MEMORY_MS = 30_000;

export interface OutageMemory {
  /** A query failed because the database could not be used (see isDatabaseOutage). */
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
