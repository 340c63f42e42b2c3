// Outbound events on Workers, where nothing runs between requests. The request that commits a
// change hands the new event ids to a Cloudflare Queue (through waitUntil); the queue consumer
// delivers them, and sends a delayed message for each retry the schedule asks for. The cron
// sweeps what a lost enqueue or a lost message left behind, so that costs minutes, not events.
// Without a queue binding the same work runs in waitUntil and at each cron tick instead.
import { sql } from 'drizzle-orm';
import { randomId } from '../crypto/random';
import { dispatchRound } from '../delivery/dispatch';
import { type AppDeps, dispatchDeps } from '../deps';
import { dueEventIds } from '../domain/outbox';

export interface QueuedEvents {
  eventIds: number[];
}

/** The parts of a Cloudflare Queue producer binding used here. */
export interface EventQueue {
  send(body: QueuedEvents, options?: { delaySeconds?: number }): Promise<void>;
}

/** The outbox sweep's cron in wrangler.toml; every other cron runs the retention job. */
export const SWEEP_CRON = '*/5 * * * *';

type Deps = Pick<AppDeps, 'db' | 'clock' | 'hasher' | 'mailer' | 'links' | 'config' | 'logger' | 'webhooks'>;

/** Queues accept delays of up to 12 hours; a longer retry is re-queued when it comes up. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;
/** Ids per message: well inside a queue message's size limit. */
const IDS_PER_MESSAGE = 100;
/** An event this old without enqueued_at, or a delivery this overdue, was missed. */
const SWEEP_AFTER_MS = 60_000;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Hands event ids to the queue, then notes that they were handed over. */
export async function enqueueEvents(deps: Deps, queue: EventQueue, eventIds: number[]): Promise<void> {
  const ids = [...new Set(eventIds)];
  if (ids.length === 0) return;
  for (const part of chunks(ids, IDS_PER_MESSAGE)) await queue.send({ eventIds: part });
  await deps.db.run(sql`
    update outbox_events set enqueued_at = ${deps.clock.now().getTime()}
    where id in (select value from json_each(${JSON.stringify(ids)})) and enqueued_at is null`);
}

/**
 * The queue consumer's work: deliver what is due for these events, queue a delayed message for
 * each retry, then one round for anything else that became due (such as a contact's next event,
 * which waited for one of these).
 */
export async function deliverQueuedEvents(
  deps: Deps,
  queue: EventQueue | undefined,
  eventIds: number[],
): Promise<void> {
  const round = dispatchDeps(deps);
  const holder = randomId('queue_', 9);
  const first = await dispatchRound(round, { holder, limit: 100, eventIds: [...new Set(eventIds)] });
  const next = await dispatchRound(round, { holder, limit: 50 });
  if (!queue) return;
  const now = deps.clock.now().getTime();
  for (const { eventId, at } of [...first.rescheduled, ...next.rescheduled]) {
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at.getTime() - now) / 1000)));
    await queue.send({ eventIds: [eventId] }, { delaySeconds });
  }
}

/**
 * The cron's part: events recorded but never handed to the queue, and deliveries whose retry
 * message never came, are queued again (or, without a queue, delivered now).
 */
export async function sweepOutbox(deps: Deps, queue: EventQueue | undefined): Promise<number> {
  const now = deps.clock.now();
  const cutoff = now.getTime() - SWEEP_AFTER_MS;
  const unqueued = queue
    ? await deps.db.all<{ id: number }>(sql`
        select id from outbox_events where enqueued_at is null and occurred_at < ${cutoff}
        order by occurred_at limit 1000`)
    : [];
  // With a queue, what is due now has a message on its way; without one, this tick is the way.
  const overdue = await dueEventIds(deps.db, queue ? new Date(cutoff) : now, 1000);
  const ids = [...new Set([...unqueued.map((r) => Number(r.id)), ...overdue])];
  if (ids.length === 0) return 0;
  if (queue) await enqueueEvents(deps, queue, ids);
  else await deliverQueuedEvents(deps, undefined, ids);
  deps.logger.info('outbox sweep', { events: ids.length, queued: Boolean(queue) });
  return ids.length;
}
