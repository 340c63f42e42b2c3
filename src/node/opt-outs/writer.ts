// One-click opt-outs on the embedded file are committed in a thread of their own. A commit
// waits for the disk (and now and then for a checkpoint): ~10 ms per batch on this project's
// benchmark host, during which the main thread, had it run the commit, could not read or answer
// any request. In the thread, the main thread meanwhile reads and verifies the next requests,
// which then form the next batch. The thread runs the same domain verb on the same prepared
// statements (prepared-store.ts); only the answers cross, and an opt-out is still acknowledged
// only once the thread reports its batch committed.
import { Worker } from 'node:worker_threads';
import type { Clock } from '../../domain/clock';
import { AppError } from '../../domain/errors';
import { commitTopicOptOuts, type OptOutResult, type TopicOptOut } from '../../domain/opt-out-batch';
import type { OutboxNotifier } from '../../domain/outbox-notifier';
import { openPreparedOptOutStore, type PreparedOptOutStore } from './prepared-store';
import type { WriterAnswer, WriterRequest, WriterThreadData } from './writer-thread';

export interface OptOutWriter {
  commit(optOuts: readonly TopicOptOut[]): Promise<OptOutResult[]>;
  close(): Promise<void>;
}

/**
 * The thread starts with the first batch (most processes never see a one-click), and loading it
 * takes a second or two; until it says it is ready, and should it ever stop, batches are
 * committed on this thread through the same store, so no opt-out waits for it.
 */
export function createOptOutWriter(path: string, clock: Clock, outbox: OutboxNotifier): OptOutWriter {
  let here: PreparedOptOutStore | undefined;
  const onThisThread = (optOuts: readonly TopicOptOut[]) => {
    here ??= openPreparedOptOutStore(path, outbox);
    return commitTopicOptOuts({ ctx: { clock, store: here }, input: optOuts });
  };
  let thread: WriterThread | undefined;
  return {
    commit(optOuts) {
      thread ??= startThread(path, clock, outbox);
      return thread.usable() ? thread.commit(optOuts) : onThisThread(optOuts);
    },
    async close() {
      here?.close();
      await thread?.close();
    },
  };
}

interface WriterThread extends OptOutWriter {
  usable(): boolean;
}

function startThread(path: string, clock: Clock, outbox: OutboxNotifier): WriterThread {
  // As the presend reader thread: no inherited execArgv, the .mjs entry loads tsx itself.
  const worker = new Worker(new URL('./writer-thread.mjs', import.meta.url), {
    workerData: { path } satisfies WriterThreadData,
    execArgv: [],
  });
  worker.unref();
  const pending = new Map<number, { resolve(results: OptOutResult[]): void; reject(error: Error): void }>();
  let nextId = 0;
  let ready = false;
  let stopped = false;
  const fail = (error: Error) => {
    stopped = true;
    // Those in flight are not acknowledged: the transaction they were in may not have committed.
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.on('message', (m: WriterAnswer) => {
    if ('ready' in m) {
      ready = true;
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if ('error' in m) {
      p.reject(new Error(`one-click writer thread: ${m.error}`));
      return;
    }
    // Committed: the dispatcher may deliver its events now.
    if (m.eventIds.length > 0) outbox.committed(m.eventIds);
    p.resolve(
      m.results.map((r) => (typeof r === 'boolean' ? r : new AppError(r.code, r.message, r.details))),
    );
  });
  worker.on('error', (error) => fail(error));
  worker.on('exit', (code) => fail(new Error(`one-click writer thread stopped (exit code ${code})`)));

  return {
    usable: () => ready && !stopped,
    commit(optOuts) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, optOuts: [...optOuts], at: clock.now().getTime() } satisfies WriterRequest);
      });
    },
    async close() {
      stopped = true;
      await worker.terminate();
    },
  };
}
