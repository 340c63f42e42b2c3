// The outbox's delivery side, the same for every runtime and every kind of target. A
// dispatcher claims due deliveries under a lease (one UPDATE, so two dispatchers on one
// database never claim the same attempt), hands each to its target, and completes the batch
// in one transaction: the attempt is recorded, the delivery moves on (delivered, the next
// retry, or failed), the target's health is noted, and finished events are scrubbed.
//
// Order: for one target, a contact's later event is not claimed while an earlier one is still
// pending (waiting for a retry, or in flight), so receivers see a contact's changes in commit
// order; a delivery that gave up no longer holds the next one back.
import { sql } from 'drizzle-orm';
import { type DeliveryTargetType, deliveryAttempts } from '../db/schema';
import { disableConnector, noteConnectorDelivered, noteConnectorFailed } from './connectors';
import type { DbOrTx, DomainContext } from './context';
import type { DeliveryOutcome, OutboundMessage } from './delivery-target';
import type { EventEnvelope } from './event-types';
import { scrubFinishedEvents } from './events';
import { disableWebhookEndpoint, noteEndpointDelivered, noteEndpointFailed } from './webhook-endpoints';

/** How each kind of target records its health: a refusal for good, a success, a failure. */
const targetHealth = {
  webhook: {
    disable: (tx: DbOrTx, id: string, now: Date) => disableWebhookEndpoint(tx, id, 'gone', now),
    disabledReason: 'gone' as const,
    delivered: noteEndpointDelivered,
    failed: noteEndpointFailed,
  },
  connector: {
    disable: (tx: DbOrTx, id: string, now: Date) => disableConnector(tx, id, 'unauthorized', now),
    disabledReason: 'unauthorized' as const,
    delivered: noteConnectorDelivered,
    failed: noteConnectorFailed,
  },
};

/** A target's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

export interface ClaimedDelivery extends OutboundMessage {
  targetType: DeliveryTargetType;
  targetId: string;
  /** Set when the event cannot be sent any more (its contact's data is gone). */
  unavailable?: string;
}

interface ClaimRow {
  id: number;
  event_id: number;
  target_type: DeliveryTargetType;
  target_id: string;
  attempts: number;
}

// A delivery is due when it is pending, its time has come, nobody holds a live lease on it,
// and no earlier event for the same contact still waits for the same target.
const due = (now: number) => sql`
  d.status = 'pending' and d.next_attempt_at <= ${now}
  and (d.lease_expires_at is null or d.lease_expires_at <= ${now})
  and not exists (
    select 1 from event_deliveries e
    where e.status = 'pending' and e.target_type = d.target_type and e.target_id = d.target_id
      and e.contact_id = d.contact_id and e.event_id < d.event_id)`;

export interface ClaimOptions {
  holder: string;
  leaseMs: number;
  limit: number;
  /** Only deliveries of these events (the Workers queue consumer). */
  eventIds?: number[];
}

export async function claimDueDeliveries(ctx: DomainContext, opts: ClaimOptions): Promise<ClaimedDelivery[]> {
  const now = ctx.clock.now().getTime();
  const onlyEvents = opts.eventIds
    ? sql`and d.event_id in (select value from json_each(${JSON.stringify(opts.eventIds)}))`
    : sql``;
  const rows = await ctx.db.all<ClaimRow>(sql`
    update event_deliveries set lease_holder = ${opts.holder}, lease_expires_at = ${now + opts.leaseMs}
    where id in (
      select d.id from event_deliveries d where ${due(now)} ${onlyEvents}
      order by d.next_attempt_at, d.id limit ${opts.limit})
    returning id, event_id, target_type, target_id, attempts`);
  if (rows.length === 0) return [];
  const events = await loadEvents(
    ctx.db,
    rows.map((r) => r.event_id),
  );
  return rows
    .map((r) => {
      const event = events.get(r.event_id);
      return {
        messageId: `msg_${r.id}`,
        deliveryId: r.id,
        eventId: r.event_id,
        attempt: r.attempts + 1,
        targetType: r.target_type,
        targetId: r.target_id,
        event: event?.envelope as EventEnvelope,
        unavailable: event ? event.unavailable : 'the event no longer exists',
      };
    })
    .sort((a, b) => a.eventId - b.eventId);
}

/**
 * The events' bodies. A scrubbed event (sent again by hand) gets its contact's address back
 * from the contact row; when the contact is gone, so is what the event was about.
 */
async function loadEvents(db: DbOrTx, ids: number[]) {
  const rows = await db.all<{
    id: number;
    payload: string;
    scrubbed_at: number | null;
    email: string | null;
  }>(sql`
    select e.id, e.payload, e.scrubbed_at, c.email from outbox_events e
    left join contacts c on e.scrubbed_at is not null and c.id = e.contact_id
    where e.id in (select value from json_each(${JSON.stringify([...new Set(ids)])}))`);
  const found = new Map<number, { envelope: EventEnvelope; unavailable?: string }>();
  for (const row of rows) {
    const envelope = JSON.parse(row.payload) as EventEnvelope & { data: Record<string, unknown> };
    let unavailable: string | undefined;
    if (row.scrubbed_at !== null && 'contact_id' in envelope.data) {
      if (row.email) envelope.data.email = row.email;
      else unavailable = "the contact's data was erased";
    }
    found.set(row.id, { envelope, unavailable });
  }
  return found;
}

export interface AttemptResult {
  delivery: ClaimedDelivery;
  holder: string;
  outcome: DeliveryOutcome;
  startedAt: Date;
  durationMs: number;
}

export interface CompletionReport {
  /** Targets this batch disabled (410, or five days of failures). */
  disabled: Array<{
    targetType: DeliveryTargetType;
    targetId: string;
    reason: 'gone' | 'unauthorized' | 'failing';
  }>;
  /** Deliveries that ran out of attempts. */
  gaveUp: number;
  /** The earliest next attempt this batch scheduled, if any. */
  nextAttemptAt?: Date;
  /** Events this batch scheduled another attempt for, and when (the Workers queue delays them). */
  rescheduled: Array<{ eventId: number; at: Date }>;
}

/** Where the delivery goes after this attempt. */
function nextState(outcome: DeliveryOutcome, attempt: number, schedule: number[], now: Date) {
  if (outcome.result === 'delivered') return { status: 'delivered' as const, next: now };
  if (outcome.result !== 'retry' || attempt >= schedule.length)
    return { status: 'failed' as const, next: now };
  const retryAfter = Math.min(outcome.retryAfterSeconds ?? 0, MAX_RETRY_AFTER_SECONDS);
  const seconds = Math.max(schedule[attempt], retryAfter);
  return { status: 'pending' as const, next: new Date(now.getTime() + seconds * 1000) };
}

export async function completeDeliveries(
  ctx: DomainContext,
  results: AttemptResult[],
  schedule: number[],
): Promise<CompletionReport> {
  const report: CompletionReport = { disabled: [], gaveUp: 0, rescheduled: [] };
  if (results.length === 0) return report;
  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const rows = results.map((r) => {
      const state = nextState(r.outcome, r.delivery.attempt, schedule, now);
      return {
        r,
        state,
        json: {
          id: r.delivery.deliveryId,
          holder: r.holder,
          status: state.status,
          attempt: r.delivery.attempt,
          next: state.next.getTime(),
          startedAt: r.startedAt.getTime(),
          statusCode: r.outcome.statusCode ?? null,
          error: r.outcome.result === 'delivered' ? null : (r.outcome.error ?? 'failed').slice(0, 300),
          completedAt: state.status === 'pending' ? null : now.getTime(),
          durationMs: Math.max(0, Math.round(r.durationMs)),
        },
      };
    });
    // One statement for the whole batch. Only the lease holder completes a delivery: after an
    // expired lease it belongs to whoever claimed it next.
    const updated = await tx.all<{ id: number }>(sql`
      update event_deliveries set
        status = j.value ->> 'status', attempts = j.value ->> 'attempt',
        next_attempt_at = j.value ->> 'next', lease_holder = null, lease_expires_at = null,
        last_attempt_at = j.value ->> 'startedAt', last_status_code = j.value ->> 'statusCode',
        last_error = j.value ->> 'error', completed_at = j.value ->> 'completedAt'
      from json_each(${JSON.stringify(rows.map((x) => x.json))}) j
      where event_deliveries.id = j.value ->> 'id' and event_deliveries.lease_holder = j.value ->> 'holder'
      returning event_deliveries.id as id`);
    const done = new Set(updated.map((u) => Number(u.id)));
    const recorded = rows.filter((x) => done.has(x.json.id));
    if (recorded.length === 0) return;
    await tx.insert(deliveryAttempts).values(
      recorded.map(({ json }) => ({
        deliveryId: json.id,
        attempt: json.attempt,
        attemptedAt: new Date(json.startedAt),
        statusCode: json.statusCode,
        durationMs: json.durationMs,
        error: json.error,
      })),
    );
    for (const { r, state } of recorded) {
      if (state.status === 'failed') report.gaveUp += 1;
      if (state.status === 'pending') {
        report.rescheduled.push({ eventId: r.delivery.eventId, at: state.next });
        if (!report.nextAttemptAt || state.next < report.nextAttemptAt) report.nextAttemptAt = state.next;
      }
    }
    await noteTargetHealth(
      tx,
      recorded.map((x) => x.r),
      now,
      report,
    );
    await scrubFinishedEvents(
      tx,
      recorded.map((x) => x.r.delivery.eventId),
      now,
    );
  });
  return report;
}

/**
 * What a batch says about each target's health, once per target: a refusal for good (a webhook's
 * 410, a connector's 401/403) disables it; a batch
 * that ends in failures continues (or starts) its failing streak; one that ends in a success
 * ends the streak. Outcomes that never reached the target say nothing about it.
 */
async function noteTargetHealth(tx: DbOrTx, results: AttemptResult[], now: Date, report: CompletionReport) {
  const byTarget = new Map<string, AttemptResult[]>();
  for (const r of results) {
    if (r.delivery.unavailable) continue;
    const key = `${r.delivery.targetType}:${r.delivery.targetId}`;
    const list = byTarget.get(key) ?? [];
    list.push(r);
    byTarget.set(key, list);
  }
  for (const list of byTarget.values()) {
    const { targetType, targetId } = list[0].delivery;
    const health = targetHealth[targetType];
    if (list.some((r) => r.outcome.result === 'disable_target')) {
      await health.disable(tx, targetId, now);
      report.disabled.push({ targetType, targetId, reason: health.disabledReason });
      continue;
    }
    list.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    let lastSuccess = -1;
    list.forEach((r, i) => {
      if (r.outcome.result === 'delivered') lastSuccess = i;
    });
    if (lastSuccess >= 0) await health.delivered(tx, targetId);
    if (lastSuccess < list.length - 1 && (await health.failed(tx, targetId, now))) {
      report.disabled.push({ targetType, targetId, reason: 'failing' });
    }
  }
}

/**
 * When the next delivery becomes due (its retry time, or when a live lease on it runs out),
 * or null when nothing is pending.
 */
export async function nextDueAt(db: DbOrTx): Promise<Date | null> {
  const [row] = await db.all<{ at: number | null }>(sql`
    select min(max(d.next_attempt_at, coalesce(d.lease_expires_at, 0))) as at
    from event_deliveries d
    where d.status = 'pending' and not exists (
      select 1 from event_deliveries e
      where e.status = 'pending' and e.target_type = d.target_type and e.target_id = d.target_id
        and e.contact_id = d.contact_id and e.event_id < d.event_id)`);
  return row?.at == null ? null : new Date(Number(row.at));
}

/** The ids of events with a delivery that is due now (the Workers sweep re-enqueues them). */
export async function dueEventIds(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db.all<{ event_id: number }>(sql`
    select distinct d.event_id from event_deliveries d where ${due(now.getTime())}
    order by d.event_id limit ${limit}`);
  return rows.map((r) => Number(r.event_id));
}
