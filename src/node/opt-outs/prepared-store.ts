// The OptOutStore port (src/domain/opt-out-batch.ts) on the embedded file: a connection of its
// own with the batch's few statements prepared once (prepared-statements.ts), the whole
// transaction run without giving the event loop a turn. Other writers of this process use the
// app's client connections; since both drivers block the thread while they wait for a lock, a
// busy database is waited for here between short tries, never inside one, so a transaction
// this process has open elsewhere can finish meanwhile. `synchronous` stays at the engine's
// default, so a commit that returned is durable (test/rights/one-click-kill.test.ts).
import {
  decodeReads,
  eventIdsOf,
  eventsStatement,
  readStatements,
  writeStatements,
} from '../../db/opt-outs/statements';
import type { OptOutStore } from '../../domain/opt-out-batch';
import type { OutboxNotifier } from '../../domain/outbox-notifier';
import { openWriterConnection, preparedStatements, whenUnlocked } from '../prepared-statements';

export interface PreparedOptOutStore extends OptOutStore {
  close(): void;
}

export function openPreparedOptOutStore(path: string, outbox: OutboxNotifier): PreparedOptOutStore {
  const db = openWriterConnection(path);
  const sql = preparedStatements(db);
  // IMMEDIATE: the write lock now, so the reads and the writes see one snapshot.
  const begin = () => whenUnlocked(() => sql.run('BEGIN IMMEDIATE'));

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
