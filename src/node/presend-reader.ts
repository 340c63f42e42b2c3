// Presend on the embedded database, using a second core. On a 10,000-address call most of the
// time goes to the contacts statement, which the embedded driver runs synchronously on the
// calling thread. The list is cut in two at a pivot address: the main thread answers the
// addresses below it while a reader thread, with its own read-only connection, answers the
// rest (sorting, looking up and decoding them), which roughly halves that time on a machine
// with a core to spare. Each part covers one contiguous range of addresses, so each keeps the
// sorted order that makes the lookups cheap. Lists shorter than `minSplit` are answered in one
// piece (a thread hop is not worth it). The thread starts with `start()` (the server calls it
// at start-up) or with the first long list, and until it says it is ready lists are answered
// in one piece, so no call waits for it. If the thread fails, the call fails and presend
// answers 503 (fail-closed); the next call starts a new thread.
import { Worker } from 'node:worker_threads';
import type { Client } from '@libsql/client';
import { type PresendReader, sqlPresendReader } from '../domain/presend-lookup';
import type { ReaderAnswer, ReaderRequest, ReaderThreadData } from './presend-reader-thread';

export interface SplitPresendReader extends PresendReader {
  /** Starts the reader thread now; resolves once it can answer. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createSplitPresendReader(opts: {
  /** The embedded database's `file:` URL, opened again by the reader thread. */
  url: string;
  /** The main thread's client and hash, which answer the lower part. */
  client: Client;
  hashEmail(email: string): string;
  suppressionHashKey: string;
  minSplit?: number;
}): SplitPresendReader {
  const here = sqlPresendReader(opts.client, opts.hashEmail);
  const minSplit = opts.minSplit ?? 2000;
  let thread: ReaderThread | undefined;
  const running = () => {
    if (!thread?.alive)
      thread = new ReaderThread({ url: opts.url, suppressionHashKey: opts.suppressionHashKey });
    return thread;
  };
  return {
    start: () => running().ready,
    async facts(emails, topic) {
      if (emails.length < minSplit || !running().isReady) return here.facts(emails, topic);
      const pivot = pivotOf(emails);
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
      if (low.length === 0) return here.facts(emails, topic);
      // Posted first, so the thread works while this one answers its own part.
      const there = running().ask(high.join('\n'), topic);
      // Awaited below; this only keeps a failure that comes first from counting as unhandled.
      there.catch(() => {});
      const mine = await here.facts(low, topic);
      const theirs = await there;
      const facts = new Int32Array(emails.length);
      for (let k = 0; k < lowAt.length; k++) facts[lowAt[k]] = mine[k];
      for (let k = 0; k < highAt.length; k++) facts[highAt[k]] = theirs[k];
      return facts;
    },
    async close() {
      await thread?.stop();
    },
  };
}

/** The median of an evenly spaced sample: cuts a list in two about equal parts. */
function pivotOf(emails: readonly string[]): string {
  const step = Math.max(1, Math.floor(emails.length / 256));
  const sample: string[] = [];
  for (let i = 0; i < emails.length; i += step) sample.push(emails[i]);
  sample.sort();
  return sample[sample.length >> 1];
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
    { resolve(facts: Int32Array): void; reject(error: Error): void }
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
    this.worker = new Worker(new URL('./presend-reader-thread.mjs', import.meta.url), {
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
      else p.resolve(m.facts);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`presend reader thread stopped (exit code ${code})`)),
    );
  }

  ask(emails: string, topic: string): Promise<Int32Array> {
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
