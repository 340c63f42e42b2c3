// Tells a dispatcher, in the same process, that events were committed, so delivery starts at
// once instead of at the next poll. The database handle is wrapped so that a transaction
// which recorded events reports their ids after it commits (never before, never after a
// rollback); `recordEvent` notes each id on the transaction it was written in. Losing a
// notice costs only latency: dispatchers also poll, and the Workers cron sweeps.
import type { Db } from '../db/client';
import type { DbOrTx } from './context';

export interface OutboxNotifier {
  /** Called after a commit that recorded events, with their ids. Must not throw. */
  committed(eventIds: number[]): void;
}

/** A notifier that hands every notice to whoever listens (the Node dispatcher, the Worker entry). */
export interface OutboxSignal extends OutboxNotifier {
  listen(listener: (eventIds: number[]) => void): () => void;
}

export function createOutboxSignal(): OutboxSignal {
  const listeners = new Set<(ids: number[]) => void>();
  return {
    committed(ids) {
      for (const listener of listeners) {
        try {
          listener(ids);
        } catch {
          // A listener's failure must not turn a committed change into an error.
        }
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const pendingByTx = new WeakMap<object, number[]>();
const notifierByDb = new WeakMap<object, OutboxNotifier>();

/**
 * Makes `db` report recorded events to `notifier` after each commit. Returns the same handle,
 * so every module keeps using the type it knows.
 */
export function notifyAfterCommit(db: Db, notifier: OutboxNotifier): Db {
  if (notifierByDb.has(db)) return db;
  notifierByDb.set(db, notifier);
  const transaction = db.transaction.bind(db);
  db.transaction = (async (run, config) => {
    const ids: number[] = [];
    const result = await transaction(async (tx) => {
      pendingByTx.set(tx, ids);
      return run(tx);
    }, config);
    if (ids.length) notifier.committed(ids);
    return result;
  }) as Db['transaction'];
  return db;
}

/**
 * Notes an event that has something to deliver (just recorded, or a delivery retried by hand):
 * reported when `db`'s transaction commits, or now when `db` is not a transaction.
 */
export function noteDeliverable(db: DbOrTx, eventId: number): void {
  const pending = pendingByTx.get(db);
  if (pending) pending.push(eventId);
  else notifierByDb.get(db)?.committed([eventId]);
}
