// The writer thread's side of writer.ts: its own connection to the embedded file, committing
// one batch of topic opt-outs at a time through the domain's commitTopicOptOuts, and answering
// each opt-out's result and the ids of the events the batch recorded.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../domain/errors';
import { commitTopicOptOuts, type TopicOptOut } from '../../domain/opt-out-batch';
import { openPreparedOptOutStore } from './prepared-store';

export interface WriterThreadData {
  path: string;
}

export type WriterRequest = { id: number; optOuts: TopicOptOut[]; at: number };
/** Per opt-out: true or false, or the AppError it was refused with. */
export type WrittenResult = boolean | { code: AppError['code']; message: string; details?: unknown };
export type WriterAnswer =
  | { id: number; results: WrittenResult[]; eventIds: number[] }
  | { id: number; error: string }
  | { ready: true };

const port = parentPort!;
const { path } = workerData as WriterThreadData;
let eventIds: number[] = [];
const store = openPreparedOptOutStore(path, {
  committed(ids) {
    eventIds = ids;
  },
});

// Told once the connection is open: until then the main thread commits on its own.
port.postMessage({ ready: true } satisfies WriterAnswer);

// One batch at a time, in the order they came, as the main thread sends them.
let chain: Promise<void> = Promise.resolve();
port.on('message', (request: WriterRequest) => {
  chain = chain.then(() => write(request));
});

async function write({ id, optOuts, at }: WriterRequest) {
  try {
    eventIds = [];
    // The main thread's clock, read when the batch was sent, so tests with a clock of their
    // own see the same time as on the one-at-a-time path.
    const results = await commitTopicOptOuts({
      ctx: { clock: { now: () => new Date(at) }, store },
      input: optOuts,
    });
    const answer: WrittenResult[] = results.map((r) =>
      r instanceof AppError ? { code: r.code, message: r.message, details: r.details } : r,
    );
    port.postMessage({ id, results: answer, eventIds } satisfies WriterAnswer);
  } catch (err) {
    const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    port.postMessage({ id, error } satisfies WriterAnswer);
  }
}
