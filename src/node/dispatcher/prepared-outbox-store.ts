// The OutboxStore port (src/domain/outbox-store.ts) on the embedded file, for the dispatcher's
// thread: a connection of its own with the round's statements prepared once
// (prepared-statements.ts), rows read as arrays. drizzle built and prepared the claim, the event
// read and every statement of a completion again on every round; here each is the same text with
// its values as JSON, so it is compiled once per connection. The statements are the drizzle
// store's: the numbered texts of outbox-store.ts, target-health.ts and events.ts
// (test/events/outbox-store-contract.test.ts runs both stores through the same rounds). As the
// opt-out writer's store, it waits for a busy database between short tries (whenUnlocked).
import type { DeliveryTargetType } from '../../db/schema';
import { scrubFinished } from '../../domain/events';
import type { RunSql } from '../../domain/numbered-sql';
import {
  ATTEMPTS_SQL,
  CLAIM_SQL,
  type CompletionWrites,
  EVENTS_SQL,
  NEXT_DUE_SQL,
  type OutboxStore,
  RECORD_SQL,
} from '../../domain/outbox-store';
import {
  disableTarget,
  noteTargetDelivered,
  noteTargetFailed,
  refusalReason,
} from '../../domain/target-health';
import { openWriterConnection, preparedStatements, whenUnlocked } from '../prepared-statements';

export interface PreparedOutboxStore extends OutboxStore {
  close(): void;
}

export function openPreparedOutboxStore(path: string): PreparedOutboxStore {
  const db = openWriterConnection(path);
  const sql = preparedStatements(db);
  // One transaction at a time on this connection, whoever calls (the round's write lane
  // already orders the dispatcher's, this keeps the store safe on its own).
  let tail: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };

  // The statements of target health and scrubbing are the domain's, run on this connection.
  const run: RunSql = async (text, args) => sql.run({ sql: text, args }).map((row) => row[0]);

  const writes: CompletionWrites = {
    async record(rows) {
      return sql.run({ sql: RECORD_SQL, args: [JSON.stringify(rows)] }).map((r) => Number(r[0]));
    },
    async logAttempts(rows) {
      if (rows.length > 0) sql.run({ sql: ATTEMPTS_SQL, args: [JSON.stringify(rows)] });
    },
    targetDelivered: (type, id) => noteTargetDelivered(run, type, id),
    targetFailed: (type, id, now) => noteTargetFailed(run, type, id, now),
    disableTarget: (type, id, now) => disableTarget(run, type, id, refusalReason[type], now),
    scrub: (eventIds, now) => scrubFinished(run, eventIds, now),
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
        const rows = await whenUnlocked(() => sql.run({ sql: CLAIM_SQL, args }));
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
        await whenUnlocked(() => sql.run('BEGIN IMMEDIATE'));
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
