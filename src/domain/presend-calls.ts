// "Presend calls today" for the dashboard: /v1/presend/stats counts since the process started,
// in memory, which says nothing about a day or about other processes. This counts calls per UTC
// day in presend_day_counts, off the hot path: a call only adds one in memory, and one write
// after the answer (defer) adds up everything counted meanwhile. Writes are at least
// COUNT_WRITE_SPACING_MS apart: under steady load a write started as soon as the last one ended
// made one commit (and, on the embedded database, one wait for the disk on the main thread)
// every few milliseconds, which held up the very calls it counted (bench/README.md, "the tail").
// A write that fails loses those counts, never a presend answer.
import { sql } from 'drizzle-orm';
import { presendDayCounts } from '../db/schema';
import { DAY_MS } from './clock';
import type { DomainContext } from './context';
import { utcDate } from './working-days';

export interface PresendCallCounter {
  /** One presend call answered now. */
  count(): void;
}

/** The shortest time between two writes of the counts; the dashboard shows them a second late. */
export const COUNT_WRITE_SPACING_MS = 1000;

export function createPresendCallCounter(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  defer: (what: string, task: () => Promise<void>) => void,
  spacingMs = COUNT_WRITE_SPACING_MS,
): PresendCallCounter {
  let pending = new Map<string, number>();
  let scheduled = false;
  // Real time, not ctx.clock: this paces the disk, whatever day the clock says it is.
  let lastWrite = Number.NEGATIVE_INFINITY;
  let dayStarts = Number.NaN;
  let day = '';

  const flush = async () => {
    lastWrite = Date.now();
    const counts = pending;
    pending = new Map();
    try {
      for (const [day, calls] of counts) {
        await ctx.db
          .insert(presendDayCounts)
          .values({ day, calls })
          .onConflictDoUpdate({
            target: presendDayCounts.day,
            set: { calls: sql`${presendDayCounts.calls} + excluded.calls` },
          });
      }
    } finally {
      scheduled = false;
      if (pending.size > 0) schedule();
    }
  };
  const schedule = () => {
    scheduled = true;
    const wait = lastWrite + spacingMs - Date.now();
    // The counts of the calls answered meanwhile wait in memory (and a shutdown waits for them).
    defer('presend call count', wait > 0 ? () => new Promise((r) => setTimeout(r, wait)).then(flush) : flush);
  };

  return {
    count() {
      const now = ctx.clock.now().getTime();
      // The day's name is made once a day, not once a call.
      if (!(now >= dayStarts && now < dayStarts + DAY_MS)) {
        dayStarts = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
        day = utcDate(new Date(dayStarts));
      }
      pending.set(day, (pending.get(day) ?? 0) + 1);
      if (!scheduled) schedule();
    },
  };
}

/** Presend calls counted for the clock's UTC day. */
export async function presendCallsToday({
  ctx,
}: {
  ctx: Pick<DomainContext, 'db' | 'clock'>;
}): Promise<number> {
  const rows = await ctx.db.all<{ calls: number }>(
    sql`select calls from presend_day_counts where day = ${utcDate(ctx.clock.now())}`,
  );
  return rows[0]?.calls ?? 0;
}
