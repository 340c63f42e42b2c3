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
import type { DeliveryTargetType } from '../db/schema';
import type { DbOrTx, DomainContext } from './context';
import type { DeliveryOutcome, OutboundMessage } from './delivery-target';
import type { EventEnvelope } from './event-types';
import { bound } from './numbered-sql';
import {
  type CompletionRow,
  type CompletionWrites,
  DUE_SQL,
  drizzleOutboxStore,
  type EventRow,
  type OutboxStore,
} from './outbox-store';
import { refusalReason } from './target-health';

/** The context of the delivery verbs: a runtime may bring its own store of the outbox's SQL. */
export type OutboxContext = DomainContext & { outboxStore?: OutboxStore };

const storeOf = (ctx: OutboxContext) => ctx.outboxStore ?? drizzleOutboxStore(ctx.db);

/** A target's Retry-After is honoured up to this long. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

export interface ClaimedDelivery extends OutboundMessage {
  targetType: DeliveryTargetType;
  targetId: string;
  /** Set when the event cannot be sent any more (its contact's data is gone). */
  unavailable?: string;
}

export interface ClaimOptions {
  holder: string;
  leaseMs: number;
  limit: number;
  /** Only deliveries of these events (the Workers queue consumer). */
  eventIds?: number[];
}

export async function claimDueDeliveries(ctx: OutboxContext, opts: ClaimOptions): Promise<ClaimedDelivery[]> {
  const now = ctx.clock.now().getTime();
  const store = storeOf(ctx);
  const rows = await store.claim({
    holder: opts.holder,
    now,
    leaseExpiresAt: now + opts.leaseMs,
    limit: opts.limit,
    eventIds: opts.eventIds,
  });
  if (rows.length === 0) return [];
  const events = readEvents(await store.events([...new Set(rows.map((r) => r.eventId))]));
  return rows
    .map((r) => {
      const event = events.get(r.eventId);
      return {
        messageId: `msg_${r.id}`,
        deliveryId: r.id,
        eventId: r.eventId,
        attempt: r.attempts + 1,
        targetType: r.targetType,
        targetId: r.targetId,
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
function readEvents(rows: EventRow[]) {
  const found = new Map<number, { envelope: EventEnvelope; unavailable?: string }>();
  for (const row of rows) {
    const envelope = JSON.parse(row.payload) as EventEnvelope & { data: Record<string, unknown> };
    let unavailable: string | undefined;
    if (row.scrubbedAt !== null && 'contact_id' in envelope.data) {
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
  ctx: OutboxContext,
  results: AttemptResult[],
  schedule: number[],
): Promise<CompletionReport> {
  const report: CompletionReport = { disabled: [], gaveUp: 0, rescheduled: [] };
  if (results.length === 0) return report;
  await storeOf(ctx).complete(async (writes) => {
    const now = ctx.clock.now();
    const rows = results.map((r) => {
      const state = nextState(r.outcome, r.delivery.attempt, schedule, now);
      const row: CompletionRow = {
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
      };
      return { r, state, row };
    });
    // One statement for the whole batch. Only the lease holder completes a delivery: after an
    // expired lease it belongs to whoever claimed it next.
    const done = new Set(await writes.record(rows.map((x) => x.row)));
    const recorded = rows.filter((x) => done.has(x.row.id));
    if (recorded.length === 0) return;
    await writes.logAttempts(recorded.map((x) => x.row));
    for (const { r, state } of recorded) {
      if (state.status === 'failed') report.gaveUp += 1;
      if (state.status === 'pending') {
        report.rescheduled.push({ eventId: r.delivery.eventId, at: state.next });
        if (!report.nextAttemptAt || state.next < report.nextAttemptAt) report.nextAttemptAt = state.next;
      }
    }
    await noteTargetHealth(
      writes,
      recorded.map((x) => x.r),
      now,
      report,
    );
    await writes.scrub(
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
async function noteTargetHealth(
  writes: CompletionWrites,
  results: AttemptResult[],
  now: Date,
  report: CompletionReport,
) {
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
    if (list.some((r) => r.outcome.result === 'disable_target')) {
      await writes.disableTarget(targetType, targetId, now);
      report.disabled.push({ targetType, targetId, reason: refusalReason[targetType] });
      continue;
    }
    list.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    let lastSuccess = -1;
    list.forEach((r, i) => {
      if (r.outcome.result === 'delivered') lastSuccess = i;
    });
    if (lastSuccess >= 0) await writes.targetDelivered(targetType, targetId);
    if (lastSuccess < list.length - 1 && (await writes.targetFailed(targetType, targetId, now))) {
      report.disabled.push({ targetType, targetId, reason: 'failing' });
    }
  }
}

/**
 * When the next delivery becomes due (its retry time, or when a live lease on it runs out),
 * or null when nothing is pending.
 */
export async function nextDueAt(ctx: OutboxContext): Promise<Date | null> {
  const at = await storeOf(ctx).nextDue();
  return at === null ? null : new Date(at);
}

/** The ids of events with a delivery that is due now (the Workers sweep re-enqueues them). */
export async function dueEventIds(db: DbOrTx, now: Date, limit: number): Promise<number[]> {
  const rows = await db.all<{ event_id: number }>(sql`
    select distinct d.event_id from event_deliveries d where ${bound(DUE_SQL, [now.getTime()])}
    order by d.event_id limit ${limit}`);
  return rows.map((r) => Number(r.event_id));
}
