// A presend reader thread (see presend-reader.ts): its own read-only connection to the
// embedded database, answering one statement at a time. Plain JavaScript on purpose, so the
// thread starts without a TypeScript loader; the statement itself comes from the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createClient } from '@libsql/client';

const { url, sql } = workerData;
const client = createClient({ url, concurrency: 1 });
// One connection (a pool of one), which only ever reads: the engine refuses anything else.
const ready = client.execute('PRAGMA query_only = ON');

parentPort.on('message', async ({ id, args }) => {
  try {
    await ready;
    const { rows } = await client.execute({ sql, args });
    parentPort.postMessage({ id, json: String(rows[0][0]) });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
  }
});
