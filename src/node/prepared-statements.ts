// Statements prepared once per connection of the `libsql` driver (the engine under
// @libsql/client). The client prepares every statement again on every call and builds a row
// object per row; presend and the one-click writer run a handful of fixed statements many
// times, so each keeps them prepared here, keyed by their text, and reads rows as arrays.
import type { InStatement } from '@libsql/client';
import DatabaseDriver from 'libsql';

type Database = typeof DatabaseDriver;

type Statement = ReturnType<InstanceType<Database>['prepare']>;

export interface PreparedStatements {
  /** Runs `stmt`; a statement that answers rows (a select, a `returning`) gives them as arrays. */
  run(stmt: InStatement): unknown[][];
}

export function preparedStatements(db: InstanceType<Database>): PreparedStatements {
  // Keyed by SQL text: callers use a few fixed statements, so the map stays that small.
  const prepared = new Map<string, Statement>();
  const statement = (sql: string) => {
    let stmt = prepared.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (stmt.reader) stmt.raw(true);
      prepared.set(sql, stmt);
    }
    return stmt;
  };
  return {
    run(stmt) {
      const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
      const prepared = statement(sql);
      if (prepared.reader) return prepared.all(args ?? []) as unknown[][];
      prepared.run(args ?? []);
      return [];
    },
  };
}

/** How long one try for the write lock may block the thread. */
const LOCK_TRY_MS = 20;
/** How long a write waits for the lock in all, as the process's other connections do. */
const LOCK_WAIT_MS = 5000;

/**
 * A connection of its own for a thread's writer. The driver blocks the thread while it waits
 * for a lock, so it waits only LOCK_TRY_MS per try, and `whenUnlocked` waits between tries:
 * a transaction this process has open on another connection can finish meanwhile.
 */
export function openWriterConnection(path: string): InstanceType<Database> {
  return new DatabaseDriver(path, { timeout: LOCK_TRY_MS });
}

/** Runs `write` (one statement, or BEGIN) until the write lock is free, LOCK_WAIT_MS at most. */
export async function whenUnlocked<T>(write: () => T): Promise<T> {
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return write();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}
