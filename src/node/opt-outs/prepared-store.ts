// The OptOutStore port (src/domain/opt-out-batch.ts) on the embedded file: a connection of its
// own with the batch's few statements prepared once (prepared-statements.ts), the whole
// transaction run without giving the event loop a turn. Other writers of this process use the
// app's client connections; since both drivers block the thread while they wait for a lock, a
// busy database is waited for here between short tries, never inside one, so a transaction
// this process has open elsewhere can finish meanwhile. `synchronous` stays at the engine's
// default, so a commit that returned is durable (test/rights/one-click-kill.test.ts).
import Database from 'libsql';
import {
  decodeReads,
  eventIdsOf,
  eventsStatement,
  readStatements,
  writeStatements,
} from '../../db/opt-outs/statements';
import type { OptOutStore } from '../../domain/opt-out-batch';
import type { OutboxNotifier } from '../../domain/outbox-notifier';
import { preparedStatements } from '../prepared-statements';

/** How long one try for the write lock may block the thread. */
const TRY_MS = 20;
/** How long a batch waits for the write lock in all, as the app's other connections do. */
const WAIT_MS = 5000;

export interface PreparedOptOutStore extends OptOutStore {
  close(): void;
}

export function openPreparedOptOutStore(path: string, outbox: OutboxNotifier): PreparedOptOutStore {
  const db = new Database(path, { timeout: TRY_MS });
  const sql = preparedStatements(db);

  async function begin() {
    const until = Date.now() + WAIT_MS;
    for (;;) {
      try {
        // IMMEDIATE: the write lock now, so the reads and the writes see one snapshot.
        sql.run('BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  }

  return {
    async commit(optOuts, decide) {
      await begin();
      let ids: number[];
      let results: Awaited<ReturnType<OptOutStore['commit']>>;
      try {
        const { facts, targets } = decodeReads(readStatements(optOuts).map((s) => sql.run(s)));
        const decided = decide(facts, targets);
        results = decided.results;
        const events = eventsStatement(decided.writes);
        ids = events ? eventIdsOf(sql.run(events)) : [];
        for (const statement of writeStatements(decided.writes, ids)) sql.run(statement);
        sql.run('COMMIT');
      } catch (err) {
        if (db.inTransaction) sql.run('ROLLBACK');
        throw err;
      }
      if (ids.length > 0) outbox.committed(ids);
      return results;
    },
    close: () => db.close(),
  };
}
