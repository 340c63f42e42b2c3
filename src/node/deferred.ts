// Work that may finish after the response, on Node (AppDeps.defer). A task starts once the
// current answer has been handed to the socket (setImmediate runs after the adapter writes
// it) and is kept in a set so that a shutdown or a test can wait for it.
import { runDeferred } from '../deps';
import type { Logger } from '../logger';

export interface DeferredWork {
  defer(what: string, task: () => Promise<void>): void;
  /** Resolves when every task deferred so far, and any it deferred in turn, has finished. */
  settled(): Promise<void>;
}

export function createDeferredWork(logger: Logger): DeferredWork {
  const running = new Set<Promise<void>>();
  return {
    defer(what, task) {
      const run = new Promise<void>((started) => setImmediate(started))
        .then(() => runDeferred(logger, what, task))
        .finally(() => running.delete(run));
      running.add(run);
    },
    async settled() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
