// Presend on the embedded database, using a second core. On a 10,000-address call most of the
// time goes to the contacts statement, which the embedded driver runs synchronously on the
// calling thread. The list is cut in two at a pivot address (see rebalanced() for where): the
// main thread answers the addresses below it while a reader thread answers the rest (sorting,
// looking up and decoding them), which on this kind of machine takes the database part of a
// call from ~65 to ~45 ms. Each side has its own read-only connection (connection.ts)
// and its own suppression filter. Each part covers one contiguous range of addresses, so each
// keeps the sorted order that makes the lookups cheap. Lists shorter than `minSplit` are
// answered in one piece (a thread hop is not worth it). The thread starts with `start()` (the
// server calls it at start-up) or with the first long list, and until it says it is ready
// lists are answered in one piece, so no call waits for it. If the thread fails, the call
// fails and presend answers 503 (fail-closed); the next call starts a new thread.
import { Worker } from 'node:worker_threads';
import { createSuppressionHasher } from '../../crypto/suppression-hasher';
import { answerOf, emptyColumns, type FactsColumns } from '../../db/presend/facts-columns';
import { type FactsSource, type PresendSql, readFacts } from '../../db/presend/sql-reader';
import { createSuppressionFilter } from '../../db/presend/suppression-filter';
import type { PresendReader } from '../../domain/presend';
import type { ReaderAnswer, ReaderRequest, ReaderThreadData } from './reader-thread';

export interface SplitPresendReader extends PresendReader {
  /** Starts the reader thread now; resolves once it can answer. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createSplitPresendReader(opts: {
  /** The embedded database's `file:` URL, opened again by the reader thread. */
  url: string;
  /** The main thread's connection (prepared-sql.ts), which answers the lower part and short lists. */
  client: PresendSql;
  /** SUPPRESSION_HASH_KEY: each side hashes addresses with it. */
  suppressionHashKey: string;
  minSplit?: number;
}): SplitPresendReader {
  const here: FactsSource = {
    client: opts.client,
    hashEmail: createSuppressionHasher(opts.suppressionHashKey).hash,
    filter: createSuppressionFilter(),
  };
  const minSplit = opts.minSplit ?? 2000;
  // The main thread's share of a list, adjusted after each split call (see rebalanced()).
  let share = 0.5;
  let thread: ReaderThread | undefined;
  const running = () => {
    if (!thread?.alive)
      thread = new ReaderThread({ url: opts.url, suppressionHashKey: opts.suppressionHashKey });
    return thread;
  };
  return {
    start: () => running().ready,
    async facts(emails, topic) {
      if (emails.length < minSplit || !running().isReady)
        return answerOf(await readFacts(here, emails, topic));
      const pivot = pivotOf(emails, share);
      const low: string[] = [];
      const high: string[] = [];
      const lowAt: number[] = [];
      const highAt: number[] = [];
      for (let i = 0; i < emails.length; i++) {
        if (emails[i] < pivot) {
          low.push(emails[i]);
          lowAt.push(i);
        } else {
          high.push(emails[i]);
          highAt.push(i);
        }
      }
      if (low.length === 0 || high.length === 0) return answerOf(await readFacts(here, emails, topic));
      // Posted first, so the thread works while this one answers its own part.
      const there = running().ask(high.join('\n'), topic);
      // Awaited below; this only keeps a failure that comes first from counting as unhandled.
      there.catch(() => {});
      const started = performance.now();
      const mine = await readFacts(here, low, topic);
      const mineMs = performance.now() - started;
      const { facts: theirs, ms: theirMs } = await there;
      share = rebalanced(share, low.length / Math.max(mineMs, 0.1), high.length / Math.max(theirMs, 0.1));
      const facts = emptyColumns(emails.length);
      for (let k = 0; k < lowAt.length; k++) {
        facts.bits[lowAt[k]] = mine.bits[k];
        facts.relationshipEnd[lowAt[k]] = mine.relationshipEnd[k];
        facts.pausedUntil[lowAt[k]] = mine.pausedUntil[k];
      }
      for (let k = 0; k < highAt.length; k++) {
        facts.bits[highAt[k]] = theirs.bits[k];
        facts.relationshipEnd[highAt[k]] = theirs.relationshipEnd[k];
        facts.pausedUntil[highAt[k]] = theirs.pausedUntil[k];
      }
      return answerOf(facts);
    },
    async close() {
      await thread?.stop();
    },
  };
}

/** The `share` quantile of an evenly spaced sample: about that share of the list is below it. */
function pivotOf(emails: readonly string[], share: number): string {
  const step = Math.max(1, Math.floor(emails.length / 256));
  const sample: string[] = [];
  for (let i = 0; i < emails.length; i += step) sample.push(emails[i]);
  sample.sort();
  return sample[Math.floor(sample.length * share)];
}

/**
 * The main thread's next share, from how many addresses per millisecond each side answered:
 * both halves should finish together. The two sides are not equally fast: the main thread has
 * other work, the cores of a shared machine differ, and a list's cheap part (addresses without
 * a contact row cost one lookup, contacts two) may sit in one range. Moved part of the way
 * each call and kept between a quarter and three quarters, so one odd call cannot swing it.
 * Where the list is cut never changes an answer, only when it comes.
 */
function rebalanced(share: number, mainRate: number, threadRate: number): number {
  const even = mainRate / (mainRate + threadRate);
  return Math.min(0.75, Math.max(0.25, share + 0.3 * (even - share)));
}

class ReaderThread {
  alive = true;
  isReady = false;
  /** Settles when the thread's connection is open (or the thread failed first). */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private markFailed!: (error: Error) => void;
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve(answer: { facts: FactsColumns; ms: number }): void; reject(error: Error): void }
  >();
  private nextId = 0;

  constructor(data: ReaderThreadData) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve;
      this.markFailed = reject;
    });
    this.ready.catch(() => {}); // a failure to start also fails every question
    // A small .mjs entry that loads the TypeScript side through tsx (as the import's worker
    // does), whichever way this process was started: hence no inherited execArgv.
    this.worker = new Worker(new URL('./reader-thread.mjs', import.meta.url), {
      workerData: data,
      execArgv: [],
    });
    // Never the reason a stopping process stays up.
    this.worker.unref();
    this.worker.on('message', (m: ReaderAnswer) => {
      if ('ready' in m) {
        this.isReady = true;
        this.markReady();
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('error' in m) p.reject(new Error(`presend reader thread: ${m.error}`));
      else p.resolve(m);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`presend reader thread stopped (exit code ${code})`)),
    );
  }

  /** The thread's facts for `emails` (joined by line feeds), and how long it took to find them. */
  ask(emails: string, topic: string): Promise<{ facts: FactsColumns; ms: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, emails, topic } satisfies ReaderRequest);
    });
  }

  async stop(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private fail(error: Error) {
    this.alive = false;
    this.isReady = false;
    this.markFailed(error);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
