// The reader thread's side of split-reader.ts: its own read-only connection to the embedded
// database, answering readFacts() for one part of a list at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { createSuppressionHasher } from '../../crypto/suppression-hasher';
import type { FactsColumns } from '../../db/presend/facts-columns';
import { readFacts } from '../../db/presend/sql-reader';
import { createSuppressionFilter } from '../../db/presend/suppression-filter';
import { openPreparedPresendSql } from './prepared-sql';

export interface ReaderThreadData {
  url: string;
  /** The thread is an entry point of its own: it gets the key by message and builds its hasher. */
  suppressionHashKey: string;
}

export type ReaderRequest = { id: number; emails: string; topic: string };
export type ReaderAnswer =
  | { id: number; facts: FactsColumns; ms: number }
  | { id: number; error: string }
  | { ready: true };

const port = parentPort!;
const { url, suppressionHashKey } = workerData as ReaderThreadData;
// `file:<path>` (db/node.ts embeddedPath, not imported: it would load the ORM into the thread).
const ready = Promise.resolve().then(() => openPreparedPresendSql(url.slice('file:'.length)));
// Told once the connection is open, so the first lists do not wait for the thread's start.
ready.then(
  () => port.postMessage({ ready: true } satisfies ReaderAnswer),
  () => {}, // reported with the first question
);
const hashEmail = createSuppressionHasher(suppressionHashKey).hash;
// Its own suppression filter, following the list on this connection.
const filter = createSuppressionFilter();

port.on('message', async ({ id, emails, topic }: ReaderRequest) => {
  try {
    const client = await ready;
    // Addresses arrive joined by line feeds (a valid address has no white space).
    const started = performance.now();
    const facts = await readFacts({ client, hashEmail, filter }, emails.split('\n'), topic);
    const ms = performance.now() - started;
    // Moved, not copied.
    const buffers = [
      facts.bits.buffer as ArrayBuffer,
      facts.relationshipEnd.buffer as ArrayBuffer,
      facts.pausedUntil.buffer as ArrayBuffer,
    ];
    port.postMessage({ id, facts, ms } satisfies ReaderAnswer, buffers);
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    port.postMessage({ id, error } satisfies ReaderAnswer);
  }
});
