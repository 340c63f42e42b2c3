// The outbox store: the SQL a dispatch round runs (its claim, its events' bodies, and the
// writes of its completion), behind a port so that a runtime can run the same statements its
// own way (src/node/dispatcher/prepared-outbox-store.ts prepares them once on the dispatcher
// thread's connection). The rules (what is due, leases, order per contact, retries, target
// health, scrubbing) are in outbox.ts and decide what these verbs are asked to do; a store only
// runs them. This file's store is the drizzle one every other runtime uses.
import type { DeliveryTargetType } from '../db/schema';
import type { DbOrTx } from './context';
import { scrubFinishedEvents } from './events';
import { bound, drizzleRun } from './numbered-sql';
import { disableTarget, noteTargetDelivered, noteTargetFailed, refusalReason } from './target-health';

export interface ClaimQuery {
  holder: string;
  /** Milliseconds since the epoch, as every timestamp here. */
  now: number;
  leaseExpiresAt: number;
  limit: number;
  /** Only deliveries of these events (the Workers queue consumer). */
  eventIds?: number[];
}

export interface ClaimRow {
  id: number;
  eventId: number;
  targetType: DeliveryTargetType;
  targetId: string;
  attempts: number;
}

export interface EventRow {
  id: number;
  payload: string;
  scrubbedAt: number | null;
  /** The contact's address, read only for a scrubbed event (null when the contact is gone). */
  email: string | null;
}

/** One attempt's record, as completeDeliveries decided it. */
export interface CompletionRow {
  id: number;
  holder: string;
  status: 'pending' | 'delivered' | 'failed';
  attempt: number;
  next: number;
  startedAt: number;
  statusCode: number | null;
  error: string | null;
  completedAt: number | null;
  durationMs: number;
}

/** The writes of one completion, all in one transaction. */
export interface CompletionWrites {
  /** Moves on the deliveries this holder still leases; answers the ids it moved. */
  record(rows: CompletionRow[]): Promise<number[]>;
  logAttempts(rows: CompletionRow[]): Promise<void>;
  /** A success ends the target's failing streak. */
  targetDelivered(type: DeliveryTargetType, id: string): Promise<void>;
  /** A failure starts or continues the streak; true when five days of it disabled the target. */
  targetFailed(type: DeliveryTargetType, id: string, now: Date): Promise<boolean>;
  /** A refusal for good (a webhook's 410, a connector's 401/403) disables the target. */
  disableTarget(type: DeliveryTargetType, id: string, now: Date): Promise<void>;
  /** Scrubs those events whose every delivery has ended. */
  scrub(eventIds: number[], now: Date): Promise<void>;
}

export interface OutboxStore {
  /** Leases up to `limit` due deliveries, earliest first. */
  claim(query: ClaimQuery): Promise<ClaimRow[]>;
  events(ids: number[]): Promise<EventRow[]>;
  complete<T>(work: (writes: CompletionWrites) => Promise<T>): Promise<T>;
  /** When the next delivery becomes due (its retry time, or a live lease's end), if any. */
  nextDue(): Promise<number | null>;
}

// No earlier event for the same contact still waits for the same target (the order per contact).
const NO_EARLIER_PENDING_SQL = `not exists (
    select 1 from event_deliveries e
    where e.status = 'pending' and e.target_type = d.target_type and e.target_id = d.target_id
      and e.contact_id = d.contact_id and e.event_id < d.event_id)`;

// A delivery is due when it is pending, its time has come, nobody holds a live lease on it,
// and it is next in its contact's order.
export const DUE_SQL = `d.status = 'pending' and d.next_attempt_at <= ?1
  and (d.lease_expires_at is null or d.lease_expires_at <= ?1)
  and ${NO_EARLIER_PENDING_SQL}`;

/**
 * The claim, with ?1 now, ?2 the holder, ?3 the lease's end, ?4 the limit and ?5 the event ids
 * as a JSON array or null for any: one statement text whatever the query, so it is prepared once.
 */
export const CLAIM_SQL = `update event_deliveries set lease_holder = ?2, lease_expires_at = ?3
where id in (
  select d.id from event_deliveries d where ${DUE_SQL}
    and (?5 is null or d.event_id in (select value from json_each(?5)))
  order by d.next_attempt_at, d.id limit ?4)
returning id, event_id, target_type, target_id, attempts`;

/** ?1: the event ids as a JSON array. */
export const EVENTS_SQL = `select e.id, e.payload, e.scrubbed_at, c.email from outbox_events e
left join contacts c on e.scrubbed_at is not null and c.id = e.contact_id
where e.id in (select value from json_each(?1))`;

export const NEXT_DUE_SQL = `select min(max(d.next_attempt_at, coalesce(d.lease_expires_at, 0))) as at
from event_deliveries d
where d.status = 'pending' and ${NO_EARLIER_PENDING_SQL}`;

/** ?1: the completion rows as a JSON array: each attempt's line in the delivery log. */
export const ATTEMPTS_SQL = `insert into delivery_attempts
(delivery_id, attempt, attempted_at, status_code, duration_ms, error)
select j.value ->> 'id', j.value ->> 'attempt', j.value ->> 'startedAt', j.value ->> 'statusCode',
  j.value ->> 'durationMs', j.value ->> 'error'
from json_each(?1) j`;

/** ?1: the completion rows as a JSON array. Only the lease holder completes a delivery. */
export const RECORD_SQL = `update event_deliveries set
  status = j.value ->> 'status', attempts = j.value ->> 'attempt',
  next_attempt_at = j.value ->> 'next', lease_holder = null, lease_expires_at = null,
  last_attempt_at = j.value ->> 'startedAt', last_status_code = j.value ->> 'statusCode',
  last_error = j.value ->> 'error', completed_at = j.value ->> 'completedAt'
from json_each(?1) j
where event_deliveries.id = j.value ->> 'id' and event_deliveries.lease_holder = j.value ->> 'holder'
returning event_deliveries.id as id`;

function drizzleWrites(tx: DbOrTx): CompletionWrites {
  const run = drizzleRun(tx);
  return {
    async record(rows) {
      const updated = await tx.all<{ id: number }>(bound(RECORD_SQL, [JSON.stringify(rows)]));
      return updated.map((u) => Number(u.id));
    },
    async logAttempts(rows) {
      if (rows.length > 0) await tx.run(bound(ATTEMPTS_SQL, [JSON.stringify(rows)]));
    },
    targetDelivered: (type, id) => noteTargetDelivered(run, type, id),
    targetFailed: (type, id, now) => noteTargetFailed(run, type, id, now),
    disableTarget: (type, id, now) => disableTarget(run, type, id, refusalReason[type], now),
    scrub: (eventIds, now) => scrubFinishedEvents(tx, eventIds, now),
  };
}

/** The store on drizzle: the Workers queue consumer's, the in-process dispatcher's, the tests'. */
export function drizzleOutboxStore(db: DbOrTx): OutboxStore {
  return {
    async claim(q) {
      const ids = q.eventIds ? JSON.stringify(q.eventIds) : null;
      const rows = await db.all<{
        id: number;
        event_id: number;
        target_type: DeliveryTargetType;
        target_id: string;
        attempts: number;
      }>(bound(CLAIM_SQL, [q.now, q.holder, q.leaseExpiresAt, q.limit, ids]));
      return rows.map((r) => ({
        id: Number(r.id),
        eventId: Number(r.event_id),
        targetType: r.target_type,
        targetId: r.target_id,
        attempts: Number(r.attempts),
      }));
    },
    async events(ids) {
      const rows = await db.all<{
        id: number;
        payload: string;
        scrubbed_at: number | null;
        email: string | null;
      }>(bound(EVENTS_SQL, [JSON.stringify(ids)]));
      return rows.map((r) => ({
        id: Number(r.id),
        payload: r.payload,
        scrubbedAt: r.scrubbed_at === null ? null : Number(r.scrubbed_at),
        email: r.email,
      }));
    },
    complete: (work) => db.transaction((tx) => work(drizzleWrites(tx))),
    async nextDue() {
      const [row] = await db.all<{ at: number | null }>(bound(NEXT_DUE_SQL, []));
      return row?.at == null ? null : Number(row.at);
    },
  };
}
