// The OutboxStore port (src/domain/outbox-store.ts) on the embedded file, for the dispatcher's
// thread: a connection of its own with the round's statements prepared once
// (prepared-statements.ts), rows read as arrays. drizzle built and prepared the claim, the event
// read and every statement of a completion again on every round; here each is the same text with
// its values as JSON, so it is compiled once per connection. The statements are the drizzle
// store's (the numbered texts it shares), except those of target health, which mirror the
// webhook-endpoint and connector verbs (test/events/outbox-store-contract.test.ts runs both
// stores through the same rounds). As the opt-out writer's store, a busy database is waited for
// between short tries, never inside a long one, so the thread's other connections keep moving.
import Database from 'libsql';
import type { DeliveryTargetType } from '../../db/schema';
import { SCRUB_FINISHED_SQL } from '../../domain/events';
import {
  CLAIM_SQL,
  type CompletionWrites,
  EVENTS_SQL,
  NEXT_DUE_SQL,
  type OutboxStore,
  RECORD_SQL,
  refusalReason,
} from '../../domain/outbox-store';
import { FAILING_DISABLE_MS } from '../../domain/webhook-endpoints';
import { preparedStatements } from '../prepared-statements';

/** How long one try for the write lock may block the thread. */
const TRY_MS = 20;
/** How long a write waits for the lock in all, as the thread's other connections do. */
const WAIT_MS = 5000;

const ATTEMPTS_SQL = `insert into delivery_attempts
(delivery_id, attempt, attempted_at, status_code, duration_ms, error)
select j.value ->> 'id', j.value ->> 'attempt', j.value ->> 'startedAt', j.value ->> 'statusCode',
  j.value ->> 'durationMs', j.value ->> 'error'
from json_each(?1) j`;

const tables: Record<DeliveryTargetType, string> = { webhook: 'webhook_endpoints', connector: 'connectors' };
const disabledWhy: Record<DeliveryTargetType, string> = {
  webhook: 'the endpoint was disabled',
  connector: 'the connector was disabled',
};
const healthSql = (table: string) => ({
  delivered: `update ${table} set failing_since = null where id = ?1 and failing_since is not null`,
  failing: `update ${table} set failing_since = coalesce(failing_since, ?2) where id = ?1`,
  stale: `select id from ${table} where id = ?1 and enabled = 1 and failing_since <= ?2`,
  disable: `update ${table} set enabled = 0, disabled_at = ?2, disabled_reason = ?3, updated_at = ?2 where id = ?1`,
});
const FAIL_PENDING_SQL = `update event_deliveries set status = 'failed', completed_at = ?3, lease_holder = null,
  lease_expires_at = null, last_error = ?4
where target_type = ?1 and target_id = ?2 and status = 'pending'
returning event_id`;

export interface PreparedOutboxStore extends OutboxStore {
  close(): void;
}

const isBusy = (err: unknown) => (err as { code?: string }).code === 'SQLITE_BUSY';

export function openPreparedOutboxStore(path: string): PreparedOutboxStore {
  const db = new Database(path, { timeout: TRY_MS });
  const sql = preparedStatements(db);
  // One transaction at a time on this connection, whoever calls (the round's write lane
  // already orders the dispatcher's, this keeps the store safe on its own).
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };

  /** Runs `write` (one statement, or BEGIN) until the lock is free, WAIT_MS at most. */
  async function whenFree<T>(write: () => T): Promise<T> {
    const until = Date.now() + WAIT_MS;
    for (;;) {
      try {
        return write();
      } catch (err) {
        if (!isBusy(err) || Date.now() > until) throw err;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  }

  const scrub = (eventIds: number[], now: Date) => {
    if (eventIds.length > 0)
      sql.run({ sql: SCRUB_FINISHED_SQL, args: [JSON.stringify([...new Set(eventIds)]), now.getTime()] });
  };
  const disable = (type: DeliveryTargetType, id: string, reason: string, now: Date) => {
    sql.run({ sql: healthSql(tables[type]).disable, args: [id, now.getTime(), reason] });
    const ended = sql.run({ sql: FAIL_PENDING_SQL, args: [type, id, now.getTime(), disabledWhy[type]] });
    scrub(
      ended.map((r) => Number(r[0])),
      now,
    );
  };

  const writes: CompletionWrites = {
    async record(rows) {
      return sql.run({ sql: RECORD_SQL, args: [JSON.stringify(rows)] }).map((r) => Number(r[0]));
    },
    async logAttempts(rows) {
      if (rows.length > 0) sql.run({ sql: ATTEMPTS_SQL, args: [JSON.stringify(rows)] });
    },
    async targetDelivered(type, id) {
      sql.run({ sql: healthSql(tables[type]).delivered, args: [id] });
    },
    async targetFailed(type, id, now) {
      const statements = healthSql(tables[type]);
      sql.run({ sql: statements.failing, args: [id, now.getTime()] });
      const stale = sql.run({ sql: statements.stale, args: [id, now.getTime() - FAILING_DISABLE_MS] });
      if (stale.length === 0) return false;
      disable(type, id, 'failing', now);
      return true;
    },
    async disableTarget(type, id, now) {
      disable(type, id, refusalReason[type], now);
    },
    async scrub(eventIds, now) {
      scrub(eventIds, now);
    },
  };

  return {
    claim: (q) =>
      inTurn(async () => {
        const args = [
          q.now,
          q.holder,
          q.leaseExpiresAt,
          q.limit,
          q.eventIds ? JSON.stringify(q.eventIds) : null,
        ];
        const rows = await whenFree(() => sql.run({ sql: CLAIM_SQL, args }));
        return rows.map((r) => ({
          id: Number(r[0]),
          eventId: Number(r[1]),
          targetType: r[2] as DeliveryTargetType,
          targetId: String(r[3]),
          attempts: Number(r[4]),
        }));
      }),
    events: (ids) =>
      inTurn(async () =>
        sql.run({ sql: EVENTS_SQL, args: [JSON.stringify(ids)] }).map((r) => ({
          id: Number(r[0]),
          payload: String(r[1]),
          scrubbedAt: r[2] === null ? null : Number(r[2]),
          email: r[3] === null ? null : String(r[3]),
        })),
      ),
    complete: (work) =>
      inTurn(async () => {
        // IMMEDIATE: the write lock now, so what the completion reads is what it writes over.
        await whenFree(() => sql.run('BEGIN IMMEDIATE'));
        try {
          const result = await work(writes);
          sql.run('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) sql.run('ROLLBACK');
          throw err;
        }
      }),
    nextDue: () =>
      inTurn(async () => {
        const [row] = sql.run(NEXT_DUE_SQL);
        return row?.[0] == null ? null : Number(row[0]);
      }),
    close: () => db.close(),
  };
}
