// A delivery target's health, the same for webhook endpoints and connectors: a success ends a
// failing streak, five days of nothing but failures disable the target, and a refusal for good
// (a webhook's 410, a connector's 401/403) or staff disable it at once. Disabling ends its
// pending deliveries as failed (retryable by hand once enabled again) and scrubs the events
// that leaves finished. Written once, as numbered SQL run through a `RunSql`, so drizzle and
// the dispatcher thread's prepared store (src/node/dispatcher/) run the same statements.
import type { DeliveryTargetType } from '../db/schema';
import { DAY_MS } from './clock';
import { scrubFinished } from './events';
import type { RunSql } from './numbered-sql';

/** Nothing but failures for this long disables a target. */
export const FAILING_DISABLE_MS = 5 * DAY_MS;

const tables: Record<DeliveryTargetType, string> = { webhook: 'webhook_endpoints', connector: 'connectors' };

const statements = (table: string) => ({
  delivered: `update ${table} set failing_since = null where id = ?1 and failing_since is not null`,
  failing: `update ${table} set failing_since = coalesce(failing_since, ?2) where id = ?1`,
  stale: `select id from ${table} where id = ?1 and enabled = 1 and failing_since <= ?2`,
  disable: `update ${table} set enabled = 0, disabled_at = ?2, disabled_reason = ?3, updated_at = ?2 where id = ?1`,
});
const HEALTH_SQL = { webhook: statements(tables.webhook), connector: statements(tables.connector) };

const FAIL_PENDING_SQL = `update event_deliveries set status = 'failed', completed_at = ?3, lease_holder = null,
  lease_expires_at = null, last_error = ?4
where target_type = ?1 and target_id = ?2 and status = 'pending'
returning event_id`;

const disabledWhy: Record<DeliveryTargetType, string> = {
  webhook: 'the endpoint was disabled',
  connector: 'the connector was disabled',
};

/** The disabled reason of a refusal for good, by kind of target. */
export const refusalReason = { webhook: 'gone', connector: 'unauthorized' } as const;

export async function noteTargetDelivered(run: RunSql, type: DeliveryTargetType, id: string): Promise<void> {
  await run(HEALTH_SQL[type].delivered, [id]);
}

/** A failed attempt starts or continues the streak; true when this one disabled the target. */
export async function noteTargetFailed(
  run: RunSql,
  type: DeliveryTargetType,
  id: string,
  now: Date,
): Promise<boolean> {
  await run(HEALTH_SQL[type].failing, [id, now.getTime()]);
  const stale = await run(HEALTH_SQL[type].stale, [id, now.getTime() - FAILING_DISABLE_MS]);
  if (stale.length === 0) return false;
  await disableTarget(run, type, id, 'failing', now);
  return true;
}

export async function disableTarget(
  run: RunSql,
  type: DeliveryTargetType,
  id: string,
  reason: string,
  now: Date,
): Promise<void> {
  await run(HEALTH_SQL[type].disable, [id, now.getTime(), reason]);
  const ended = await run(FAIL_PENDING_SQL, [type, id, now.getTime(), disabledWhy[type]]);
  await scrubFinished(run, ended.map(Number), now);
}
