// The OptOutStore port (src/domain/opt-out-batch.ts) on a libSQL client: the Worker's remote
// database, or a remote one from Node. One interactive write transaction with three round
// trips whatever the batch holds (the reads as one batch, the outbox insert, the other writes
// as one batch), where the one-at-a-time path made about ten.
import type { Client } from '@libsql/client';
import type { OptOutStore } from '../../domain/opt-out-batch';
import type { OutboxNotifier } from '../../domain/outbox-notifier';
import { decodeReads, eventIdsOf, eventsStatement, readStatements, writeStatements } from './statements';

export function clientOptOutStore(client: Pick<Client, 'transaction'>, outbox: OutboxNotifier): OptOutStore {
  return {
    async commit(optOuts, decide) {
      const tx = await client.transaction('write');
      let ids: number[];
      let results: Awaited<ReturnType<OptOutStore['commit']>>;
      try {
        const reads = await tx.batch(readStatements(optOuts));
        const { facts, targets } = decodeReads(reads.map((r) => r.rows));
        const decided = decide(facts, targets);
        results = decided.results;
        const events = eventsStatement(decided.writes);
        ids = events ? eventIdsOf((await tx.execute(events)).rows) : [];
        const rest = writeStatements(decided.writes, ids);
        if (rest.length > 0) await tx.batch(rest);
        await tx.commit();
      } finally {
        tx.close();
      }
      // Only after the commit, as notifyAfterCommit does for the other writers.
      if (ids.length > 0) outbox.committed(ids);
      return results;
    },
  };
}
