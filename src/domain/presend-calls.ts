// "Presend calls today" for the dashboard: /v1/presend/stats counts since the process started,
// in memory, which says nothing about a day or about other processes. This counts calls per UTC
// day in presend_day_counts, off the hot path: a call only adds one in memory, and one write
// after the answer (defer) adds up everything counted meanwhile, so a burst of calls costs a
// handful of writes. A write that fails loses those counts, never a presend answer.
import { sql } from 'drizzle-orm';
import { presendDayCounts } from '../db/schema';
import type { DomainContext } from './context';
import { utcDate } from './working-days';

export interface PresendCallCounter {
  /** One presend call answered now. */
  count(): void;
}

export function createPresendCallCounter(
  ctx: Pick<DomainContext, 'db' | 'clock'>,
  defer: (what: string, task: () => Promise<void>) => void,
): PresendCallCounter {
  let pending = new Map<string, number>();
  let scheduled = false;

  const flush = async () => {
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
    defer('presend call count', flush);
  };

  return {
    count() {
      const day = utcDate(ctx.clock.now());
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
