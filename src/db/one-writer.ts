// One write transaction at a time in this process, for an embedded database file. The file
// client is synchronous underneath and hands each transaction a connection of its own, so a
// second transaction's BEGIN waiting for the file's write lock would block the very thread the
// first one needs in order to finish: both would sit out the busy timeout and the second fail
// with SQLITE_BUSY (a 503), which is what twenty concurrent API writes used to get. Queued
// here, they run one after another without blocking the thread. Other processes (the CLI) are
// still waited for through the busy timeout, and a transaction opened from inside a queued one
// runs at once, as before, so a nested call cannot wait for itself.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './client';

export function oneWriterAtATime(db: Db): Db {
  const begin = db.transaction.bind(db);
  const inside = new AsyncLocalStorage<true>();
  let last: Promise<unknown> = Promise.resolve();
  db.transaction = ((work, config) => {
    if (inside.getStore()) return begin(work, config);
    const turn = last.then(() => inside.run(true, () => begin(work, config)));
    last = turn.catch(() => undefined);
    return turn;
  }) as Db['transaction'];
  return db;
}
