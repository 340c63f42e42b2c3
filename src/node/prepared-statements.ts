// Statements prepared once per connection of the `libsql` driver (the engine under
// @libsql/client). The client prepares every statement again on every call and builds a row
// object per row; presend and the one-click writer run a handful of fixed statements many
// times, so each keeps them prepared here, keyed by their text, and reads rows as arrays.
import type { InStatement } from '@libsql/client';
import type Database from 'libsql';

type Statement = ReturnType<InstanceType<typeof Database>['prepare']>;

export interface PreparedStatements {
  /** Runs `stmt`; a statement that answers rows (a select, a `returning`) gives them as arrays. */
  run(stmt: InStatement): unknown[][];
}

export function preparedStatements(db: InstanceType<typeof Database>): PreparedStatements {
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
