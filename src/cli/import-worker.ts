// The import's worker thread: reads the CSV file, prepares batches (prepareImport) and posts
// them to the main thread, at most `inFlight` ahead of what it has taken. See import-pipeline.ts.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createSuppressionHasher } from '../crypto/suppression-hasher';
import { readListed } from '../db/import-listed';
import { readCsv } from '../domain/csv';
import { prepareImport } from '../domain/import-prepare';
import { encodeBatch, type WorkerInput, type WorkerMessage } from './import-pipeline';

const port = parentPort!;
const input = workerData as WorkerInput;
const send = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let credits = input.inFlight;
let wake: (() => void) | undefined;
port.on('message', () => {
  credits++;
  wake?.();
  wake = undefined;
});

let read = 0;
async function* chunks() {
  for await (const chunk of createReadStream(input.file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    read += (chunk as string).length;
    yield chunk as string;
  }
}

// A second connection to an embedded database, for two jobs off the writing thread:
// - checkpoints: the main thread's commits append to the write-ahead log; copying the log into
//   the database file would otherwise run on the main thread every ~64 MB, inside a commit.
//   This connection does it in the background, between batches, in PASSIVE mode (it never
//   waits for or blocks the writer); the main thread's own checkpoint then finds the log
//   already copied and only has to restart it.
// - the suppression list: each batch's hashes are looked up here (readListed), so the
//   writer only reads the entries added since; if the lookup fails, the writer does it all.
// The driver loads while the first batches are prepared, which do not need it. Both are
// optimisations: if this connection cannot be had, the main thread does both itself.
const sideConnection = input.checkpointUrl
  ? import('@libsql/client')
      .then(({ createClient }) => createClient({ url: input.checkpointUrl!, timeout: 5000 }))
      .catch(() => undefined)
  : undefined;
const CHECKPOINT_EVERY = 4;

try {
  let posted = 0;
  const batches = prepareImport(readCsv(chunks()), {
    hash: createSuppressionHasher(input.suppressionHashKey).hash,
    batchSize: input.batchSize,
    customer: input.customer,
  });
  for await (const batch of batches) {
    const client = sideConnection && (await sideConnection);
    if (client && batch.emails.length > 0) batch.listed = await readListed(client, batch.hashesJson);
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const { batch: wire, transfer } = encodeBatch(batch, read);
    send({ type: 'batch', batch: wire }, transfer);
    if (sideConnection && ++posted % CHECKPOINT_EVERY === 0) {
      await (await sideConnection)?.execute('PRAGMA wal_checkpoint(PASSIVE)').catch(() => undefined);
    }
  }
  send({ type: 'done' });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  send({ type: 'error', name: e.name, message: e.message, code: (e as { code?: string }).code });
} finally {
  (await sideConnection)?.close();
}
