// The import as a two-stage pipeline on two cores. A worker thread (import-worker.ts) reads the
// CSV, validates, normalises and hashes the addresses (prepareImport) and posts ready batches;
// the main thread only runs the database work (importPrepared), on one batch while the worker
// prepares the next. libSQL's embedded engine runs synchronously on the thread that calls it,
// so without this the two halves take turns on one core.
//
// Batches cross the thread boundary as a few flat values (the addresses as one string, line
// numbers and locales as typed arrays that are moved, not copied), because cloning thousands
// of small objects or strings costs about as much as preparing them. The worker has at most
// `inFlight` batches ready ahead of the one the main thread is writing (back-pressure, so a
// slow database never lets a large file pile up in memory).
import { Worker } from 'node:worker_threads';
import { CsvError } from '../domain/csv';
import { AppError, type ErrorCode } from '../domain/errors';
import type { ListedEntries, PreparedBatch, RejectedRow } from '../domain/import-batch';
import type { CustomerDefaults } from '../domain/import-prepare';
import { supportedLocales } from '../domain/locales';

export interface WorkerInput {
  file: string;
  /** The worker thread is an entry point of its own: it gets the key by message and builds its hasher. */
  suppressionHashKey: string;
  batchSize?: number;
  customer?: CustomerDefaults;
  inFlight: number;
  /**
   * An embedded database's URL: the worker opens a second connection to checkpoint the
   * write-ahead log in the background and to look up each batch in the suppression list.
   */
  checkpointUrl?: string;
}

/** A PreparedBatch as it travels between threads. */
export interface WireBatch {
  rows: number;
  /** The addresses joined with line feeds (a valid address has no white space). */
  emails: string;
  lines: Int32Array;
  /** Index into supportedLocales, or NO_LOCALE. */
  locales: Uint8Array;
  hashesJson: string;
  olderOf: number[];
  raws: Array<[number, string]>;
  invalid: RejectedRow[];
  listed?: ListedEntries;
  customerSince?: Int32Array;
  customerUntil?: Int32Array;
  /** Characters of the file read so far, for the progress bar. */
  read: number;
}

export type WorkerMessage =
  | { type: 'batch'; batch: WireBatch }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string; code?: string };

const NO_LOCALE = 255;

export function encodeBatch(
  batch: PreparedBatch,
  read: number,
): { batch: WireBatch; transfer: ArrayBuffer[] } {
  const n = batch.emails.length;
  const lines = Int32Array.from(batch.lines);
  const locales = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const locale = batch.locales[i];
    locales[i] = locale === null ? NO_LOCALE : supportedLocales.indexOf(locale);
  }
  const transfer = [lines.buffer as ArrayBuffer, locales.buffer as ArrayBuffer];
  if (batch.customerSince && batch.customerUntil)
    transfer.push(batch.customerSince.buffer as ArrayBuffer, batch.customerUntil.buffer as ArrayBuffer);
  return {
    batch: {
      rows: batch.rows,
      emails: batch.emails.join('\n'),
      lines,
      locales,
      hashesJson: batch.hashesJson,
      olderOf: batch.olderOf,
      raws: [...batch.raws],
      invalid: batch.invalid,
      listed: batch.listed,
      customerSince: batch.customerSince,
      customerUntil: batch.customerUntil,
      read,
    },
    transfer,
  };
}

export function decodeBatch(wire: WireBatch): PreparedBatch {
  const n = wire.lines.length;
  const locales = new Array(n);
  for (let i = 0; i < n; i++) {
    const l = wire.locales[i];
    locales[i] = l === NO_LOCALE ? null : supportedLocales[l];
  }
  return {
    rows: wire.rows,
    emails: n ? wire.emails.split('\n') : [],
    lines: wire.lines,
    locales,
    hashesJson: wire.hashesJson,
    olderOf: wire.olderOf,
    raws: new Map(wire.raws),
    invalid: wire.invalid,
    listed: wire.listed,
    customerSince: wire.customerSince,
    customerUntil: wire.customerUntil,
  };
}

/** The error a worker reported, as the class the command line knows how to explain. */
function rebuildError(m: { name: string; message: string; code?: string }): Error {
  if (m.name === 'AppError' && m.code) return new AppError(m.code as ErrorCode, m.message);
  if (m.name === 'CsvError') return new CsvError(m.message);
  const err = new Error(m.message);
  err.name = m.name;
  return err;
}

/**
 * Prepared batches of `file`, made in a worker thread. The worker starts when the first batch
 * is asked for and stops when the caller is done (or gives up early).
 */
export async function* prepareInWorker(
  file: string,
  opts: {
    suppressionHashKey: string;
    batchSize?: number;
    customer?: CustomerDefaults;
    inFlight?: number;
    checkpointUrl?: string;
    onRead?(chars: number): void;
  },
): AsyncGenerator<PreparedBatch> {
  const input: WorkerInput = {
    file,
    suppressionHashKey: opts.suppressionHashKey,
    batchSize: opts.batchSize,
    customer: opts.customer,
    inFlight: opts.inFlight ?? 2,
    checkpointUrl: opts.checkpointUrl,
  };
  // A small .mjs entry that loads the TypeScript worker through tsx, whichever way this process
  // was started (tsx's CLI, `node --import tsx`, bin/mailprefs.js): hence no inherited execArgv.
  const worker = new Worker(new URL('./import-worker.mjs', import.meta.url), {
    workerData: input,
    execArgv: [],
  });
  const queue: Array<WorkerMessage | { type: 'failed'; error: Error }> = [];
  let wake: (() => void) | undefined;
  const push = (m: (typeof queue)[number]) => {
    queue.push(m);
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: WorkerMessage) => push(m));
  worker.on('error', (error) => push({ type: 'failed', error }));
  worker.on('exit', (code) =>
    push({ type: 'failed', error: new Error(`the import worker stopped (exit code ${code})`) }),
  );
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift()!;
      if (m.type === 'batch') {
        // Taken: the worker may prepare one more.
        worker.postMessage(1);
        opts.onRead?.(m.batch.read);
        yield decodeBatch(m.batch);
      } else if (m.type === 'done') return;
      else if (m.type === 'error') throw rebuildError(m);
      else throw m.error;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
