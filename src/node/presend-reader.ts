// Presend on the embedded database, using a second core. On a 10,000-address call most of the
// time goes to the contacts statement, and the embedded driver runs it synchronously on the
// calling thread. Splitting the sorted addresses in two contiguous halves, one answered by a
// reader thread with its own read-only connection while the main thread answers the other,
// roughly halves that time on a machine with a core to spare; each half keeps the sorted
// order that makes the lookups cheap. Lists shorter than `minSplit` are answered in one piece
// (a thread hop is not worth it), and the thread starts with the first list that is split.
// If the thread fails, the call fails and presend answers 503 (fail-closed); the next call
// starts a new thread.
import { Worker } from 'node:worker_threads';
import type { Client } from '@libsql/client';
import { CONTACTS_SQL, type ContactsPart, type PresendReader, sqlPresendReader } from '../domain/presend';

export interface SplitPresendReader extends PresendReader {
  close(): Promise<void>;
}

export function createSplitPresendReader(opts: {
  /** The embedded database's `file:` URL, opened again by the reader thread. */
  url: string;
  /** The main thread's client, which answers the first half. */
  client: Client;
  minSplit?: number;
}): SplitPresendReader {
  const here = sqlPresendReader(opts.client);
  const minSplit = opts.minSplit ?? 2000;
  let thread: ReaderThread | undefined;
  return {
    contacts(emails, topic): ContactsPart[] {
      if (emails.length < minSplit) return here.contacts(emails, topic);
      if (!thread?.alive) thread = new ReaderThread(opts.url);
      const half = emails.length >> 1;
      // Posted first, so the thread works while this one runs its own half (and the caller
      // decodes that half while the thread finishes).
      const there = thread.ask([JSON.stringify(emails.slice(half)), topic]).then((json) => {
        const part: [number, string] = [half, json];
        return part;
      });
      // Awaited by the caller after the first part; this only keeps a failure of the thread
      // that comes before that from counting as unhandled.
      there.catch(() => {});
      return [...here.contacts(emails.slice(0, half), topic), there];
    },
    async close() {
      await thread?.stop();
    },
  };
}

class ReaderThread {
  alive = true;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(json: string): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(url: string) {
    this.worker = new Worker(new URL('./presend-reader-worker.mjs', import.meta.url), {
      workerData: { url, sql: CONTACTS_SQL },
      execArgv: [],
    });
    // Never the reason a stopping process stays up.
    this.worker.unref();
    this.worker.on('message', (m: { id: number; json?: string; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(`presend reader thread: ${m.error}`));
      else p.resolve(m.json as string);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`presend reader thread stopped (exit code ${code})`)),
    );
  }

  ask(args: [string, string]): Promise<string> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, args });
    });
  }

  async stop(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private fail(error: Error) {
    this.alive = false;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
