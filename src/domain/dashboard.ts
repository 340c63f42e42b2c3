// What the console's dashboard shows, read from the running totals (schema/dashboard.ts) and
// small indexed tables, so it costs the same on ten contacts as on a million: no query here
// scans contacts, subscriptions or the consent trail (test/console/dashboard.test.ts checks the
// query plans). Failing delivery targets come from sources the caller passes in: webhook
// endpoints now, the mailing-tool connectors when they exist, each one function.
import { and, asc, count, eq, gte, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import {
  connectors,
  consentDayCounts,
  dataRequests,
  suppressionCounts,
  topicStatusCounts,
  topics,
  webhookEndpoints,
} from '../db/schema';
import type { DomainContext } from './context';
import type { DataRequest } from './data-requests';
import { presendCallsToday } from './presend-calls';
import { signUpMailBacklog } from './sign-ups-due';
import type { Topic } from './topics';
import { utcDate } from './working-days';

type ReadContext = Pick<DomainContext, 'db' | 'clock'>;

export interface TopicCounts {
  topic: Topic;
  subscribed: number;
  unsubscribed: number;
  pending: number;
}

export interface WeekCounts {
  /** The Monday the week starts on (UTC), YYYY-MM-DD. */
  weekStart: string;
  optIns: number;
  optOuts: number;
}

/** A delivery target that is not getting its events through. */
export interface FailingTarget {
  /** `webhook`, `connector`, … */
  kind: string;
  id: string;
  /** What staff recognise it by: a URL, a connector's name. */
  label: string;
  /** Failing since then; null when only disabled. */
  since: Date | null;
  /** `failing`, `gone`, or the source's own word. */
  reason: string;
}

/** One kind of delivery target's failing ones (webhook endpoints, connectors). */
export type FailingTargetSource = (ctx: ReadContext) => Promise<FailingTarget[]>;

export interface Dashboard {
  topics: TopicCounts[];
  /** Per topic key ('' = "all topics"), the last `weeks` weeks, oldest first. */
  weekly: Map<string, WeekCounts[]>;
  suppressions: { bounced: number; complained: number };
  presendCallsToday: number;
  openRequests: { total: number; overdue: number; soonest: DataRequest[] };
  failingTargets: FailingTarget[];
  /** Sign-ups waiting for their confirmation mail, and those given up today (UTC): counts only. */
  signUps: { waiting: number; gaveUpToday: number };
}

const DAY_MS = 86_400_000;

export async function readDashboard({
  ctx,
  input,
}: {
  ctx: ReadContext;
  input: { weeks?: number; requestLimit?: number; failingTargets?: FailingTargetSource[] };
}): Promise<Dashboard> {
  const now = ctx.clock.now();
  const weekStarts = lastWeekStarts(now, input.weeks ?? 12);
  const today = utcDate(now);
  const [topicRows, statusRows, weekRows, suppressed, calls, openTotal, overdue, soonest, failing, signUps] =
    await Promise.all([
      ctx.db.select().from(topics).orderBy(asc(topics.key)),
      ctx.db.select().from(topicStatusCounts),
      // Summed per week in the engine: a few rows per topic come back, not one per day.
      ctx.db
        .select({
          topicKey: consentDayCounts.topicKey,
          direction: consentDayCounts.direction,
          week: sql<number>`cast((julianday(${consentDayCounts.day}) - julianday(${weekStarts[0]})) / 7 as integer)`,
          n: sql<number>`sum(${consentDayCounts.n})`,
        })
        .from(consentDayCounts)
        .where(gte(consentDayCounts.day, weekStarts[0]))
        .groupBy(sql`1`, sql`2`, sql`3`),
      ctx.db
        .select()
        .from(suppressionCounts)
        .where(inArray(suppressionCounts.reason, ['bounced', 'complained'])),
      presendCallsToday({ ctx }),
      ctx.db.select({ n: count() }).from(dataRequests).where(eq(dataRequests.status, 'open')),
      ctx.db
        .select({ n: count() })
        .from(dataRequests)
        .where(and(eq(dataRequests.status, 'open'), lt(dataRequests.dueDate, today))),
      ctx.db
        .select()
        .from(dataRequests)
        .where(eq(dataRequests.status, 'open'))
        .orderBy(asc(dataRequests.dueDate), asc(dataRequests.receivedAt))
        .limit(input.requestLimit ?? 10),
      Promise.all(
        (input.failingTargets ?? [failingWebhookEndpoints, failingConnectors]).map((source) => source(ctx)),
      ),
      signUpMailBacklog({ ctx, input: undefined }),
    ]);

  const counts = new Map<string, TopicCounts>(
    topicRows.map((topic) => [topic.key, { topic, subscribed: 0, unsubscribed: 0, pending: 0 }]),
  );
  for (const row of statusRows) {
    const entry = counts.get(row.topicKey);
    if (entry && (row.status === 'subscribed' || row.status === 'unsubscribed' || row.status === 'pending'))
      entry[row.status] = row.n;
  }

  const weekly = new Map<string, WeekCounts[]>();
  const seriesFor = (key: string) => {
    let series = weekly.get(key);
    if (!series) {
      series = weekStarts.map((weekStart) => ({ weekStart, optIns: 0, optOuts: 0 }));
      weekly.set(key, series);
    }
    return series;
  };
  for (const key of ['', ...counts.keys()]) seriesFor(key);
  for (const row of weekRows) {
    const week = seriesFor(row.topicKey)[row.week];
    if (!week) continue;
    if (row.direction === 'in') week.optIns += row.n;
    else week.optOuts += row.n;
  }

  return {
    topics: [...counts.values()],
    weekly,
    suppressions: {
      bounced: suppressed.find((s) => s.reason === 'bounced')?.n ?? 0,
      complained: suppressed.find((s) => s.reason === 'complained')?.n ?? 0,
    },
    presendCallsToday: calls,
    openRequests: { total: openTotal[0]?.n ?? 0, overdue: overdue[0]?.n ?? 0, soonest },
    failingTargets: failing.flat(),
    signUps,
  };
}

/** The Mondays (UTC) of the last `weeks` weeks, this week's last. */
export function lastWeekStarts(now: Date, weeks: number): string[] {
  const today = Date.parse(`${utcDate(now)}T00:00:00Z`);
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
  return Array.from({ length: weeks }, (_, i) => utcDate(new Date(monday - (weeks - 1 - i) * 7 * DAY_MS)));
}

/** Webhook endpoints whose deliveries fail, or that were disabled for failing or answering 410. */
export const failingWebhookEndpoints: FailingTargetSource = async (ctx) => {
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(
      or(
        isNotNull(webhookEndpoints.failingSince),
        inArray(webhookEndpoints.disabledReason, ['gone', 'failing']),
      ),
    )
    .orderBy(sql`coalesce(${webhookEndpoints.failingSince}, ${webhookEndpoints.disabledAt})`);
  return rows.map((e) => ({
    kind: 'webhook',
    id: e.id,
    label: e.url,
    since: e.failingSince,
    reason: e.disabledReason ?? 'failing',
  }));
};

/** Connectors whose pushes fail, or that were stopped for failing or for refused credentials. */
export const failingConnectors: FailingTargetSource = async (ctx) => {
  const rows = await ctx.db
    .select()
    .from(connectors)
    .where(
      or(isNotNull(connectors.failingSince), inArray(connectors.disabledReason, ['unauthorized', 'failing'])),
    )
    .orderBy(sql`coalesce(${connectors.failingSince}, ${connectors.disabledAt})`);
  return rows.map((c) => ({
    kind: 'connector',
    id: c.id,
    label: `${c.name} (${c.type})`,
    since: c.failingSince,
    reason: c.disabledReason ?? 'failing',
  }));
};
