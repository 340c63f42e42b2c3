// Group commit for opt-outs on Node (the OptOutCommits port of src/domain/opt-out-commits.ts).
// A burst of one-click unsubscribes (mailbox providers post them automatically, right after a
// large mailing) would otherwise be as many write transactions, each with its own commit and
// its own wait for the write lock. Here concurrent opt-outs queue for one writer, which runs
// the waiting ones one after another inside one transaction and answers each only after that
// transaction's COMMIT has returned: an acknowledged opt-out is in the write-ahead log (and on
// disk as far as `synchronous` promises, which stays at the engine's default), so a kill -9
// right after the answer loses nothing (test/rights/one-click-kill.test.ts).
//
// A topic link's opt-outs (nearly all of a burst) go to `topicOptOuts` as one set: decided one
// by one (commitTopicOptOuts, opt-out-batch.ts), written with a few set-based statements, on an
// embedded file in a writer thread (opt-outs/writer.ts). One that points at nothing is refused
// alone there. Other work (an all-topics link) runs one after another in a
// transaction of its own per batch. If that transaction, or the store's, fails as a whole, each
// of its opt-outs is run again on its own, so one failure never takes the others with it and
// never leaves half of itself behind. That is rare, so the common path pays for no savepoints.
import { type DomainContext, withTransaction } from '../domain/context';
import { AppError } from '../domain/errors';
import type { OptOutResult, TopicOptOut } from '../domain/opt-out-batch';
import { type OptOutCommits, optOutAlone } from '../domain/opt-out-commits';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Answer {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}
interface Waiting extends Answer {
  work: (ctx: DomainContext) => Promise<unknown>;
}
interface WaitingOptOut extends Answer {
  optOut: TopicOptOut;
}

/** Opt-outs per transaction at most, so one commit never holds the write lock for long. */
const MAX_BATCH = 200;

export function createGroupCommit(
  ctx: DomainContext,
  opts: {
    maxBatch?: number;
    /** Commits a set of topic opt-outs in one transaction (commitTopicOptOuts through a store). */
    topicOptOuts?: (optOuts: readonly TopicOptOut[]) => Promise<OptOutResult[]>;
  } = {},
): OptOutCommits {
  const maxBatch = opts.maxBatch ?? MAX_BATCH;
  const topicOptOuts = opts.topicOptOuts;
  let queue: Array<Waiting | WaitingOptOut> = [];
  let writing = false;

  async function write() {
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        const works = batch.filter((one): one is Waiting => 'work' in one);
        const optOuts = batch.filter((one): one is WaitingOptOut => 'optOut' in one);
        if (optOuts.length > 0) await commitOptOuts(optOuts);
        if (works.length > 0) await commitBatch(works);
        // The next batch waits a turn too, for what arrived while this one held the thread.
        if (queue.length > 0) await nextTurn();
      }
    } finally {
      writing = false;
    }
  }

  /**
   * Commits the batch as a whole; if that fails, each of it again on its own, so one failure
   * never takes the others with it. Each is answered only once its commit has returned.
   */
  async function commitOrSplit<T extends Answer, R>(
    batch: T[],
    commit: (batch: T[]) => Promise<R[]>,
    answer: (one: T, result: R) => void,
  ): Promise<void> {
    let results: R[];
    try {
      results = await commit(batch);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const one of batch) await commitOrSplit([one], commit, answer);
      return;
    }
    for (let i = 0; i < batch.length; i++) answer(batch[i], results[i]);
  }

  const commitBatch = (batch: Waiting[]) =>
    commitOrSplit(
      batch,
      (works) =>
        withTransaction(ctx, async (tx) => {
          const done: unknown[] = [];
          for (const one of works) done.push(await one.work(tx));
          return done;
        }),
      (one, value) => one.resolve(value),
    );

  // A topic opt-out that points at nothing comes back as its AppError and is refused alone.
  const commitOptOuts = (batch: WaitingOptOut[]) =>
    commitOrSplit(
      batch,
      (optOuts) => topicOptOuts!(optOuts.map((one) => one.optOut)),
      (one, result) => {
        if (result instanceof AppError) one.reject(result);
        else one.resolve(result);
      },
    );

  function enqueue(entry: Waiting | WaitingOptOut) {
    queue.push(entry);
    if (writing) return;
    writing = true;
    // The embedded driver runs a whole transaction, commit included, without giving the
    // event loop a turn, so requests already read and verified but not yet here would
    // each find the writer idle and commit alone. One turn first lets them join.
    void nextTurn().then(write);
  }

  return {
    commit<T>(work: (ctx: DomainContext) => Promise<T>) {
      return new Promise<T>((resolve, reject) => {
        enqueue({ work, resolve: resolve as (value: unknown) => void, reject });
      });
    },
    optOut(optOut) {
      if (!topicOptOuts) return this.commit((tx) => optOutAlone(tx, optOut));
      return new Promise<boolean>((resolve, reject) => {
        enqueue({ optOut, resolve: resolve as (value: unknown) => void, reject });
      });
    },
  };
}
