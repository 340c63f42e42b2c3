// The import's worker thread: reads the CSV file, prepares batches (prepareImport) and posts
// them to the main thread, at most `inFlight` ahead of what it has taken. See import-pipeline.ts.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readCsv } from '../domain/csv';
import { prepareImport } from '../domain/import';
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

try {
  const batches = prepareImport(readCsv(chunks()), {
    suppressionHashKey: input.suppressionHashKey,
    batchSize: input.batchSize,
  });
  for await (const batch of batches) {
    while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const { batch: wire, transfer } = encodeBatch(batch, read);
    send({ type: 'batch', batch: wire }, transfer);
  }
  send({ type: 'done' });
} catch (err) {
  const e = err instanceof Error ? err : new Error(String(err));
  send({ type: 'error', name: e.name, message: e.message, code: (e as { code?: string }).code });
}
