// Presend's statements on an embedded database, prepared once per connection and run through
// the `libsql` driver (the engine under @libsql/client). The client prepares every statement
// again on every call and builds a row object per row; for a one-address presend call,
// preparing CONTACTS_SQL and its neighbours was the largest single cost (bench/README.md).
import type { InStatement, ResultSet } from '@libsql/client';
import Database from 'libsql';
import type { PresendSql } from '../../db/presend/sql-reader';
import { CACHE_PAGES } from './connection';

type Statement = ReturnType<InstanceType<typeof Database>['prepare']>;

export interface PreparedPresendSql extends PresendSql {
  close(): void;
}

/** Opens the embedded file at `path` for presend (read-only, small cache), with prepared statements. */
export function openPreparedPresendSql(path: string): PreparedPresendSql {
  const db = new Database(path, { timeout: 5000 });
  try {
    // It only ever reads: the engine refuses anything else.
    db.exec('PRAGMA query_only = ON');
    db.exec(`PRAGMA cache_size = ${CACHE_PAGES}`);
  } catch (err) {
    db.close();
    throw err;
  }
  // Keyed by SQL text: presend runs five distinct statements, so the map stays that small.
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
  const run = (stmt: InStatement): Pick<ResultSet, 'rows'> => {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt;
    // Rows come back as arrays, which is all readFacts reads (by position).
    return { rows: statement(sql).all(args ?? []) as ResultSet['rows'] };
  };
  return {
    async batch(stmts) {
      statement('BEGIN').run([]);
      try {
        const answers = stmts.map(run);
        statement('COMMIT').run([]);
        return answers;
      } catch (err) {
        if (!db.inTransaction) throw err;
        statement('ROLLBACK').run([]);
        throw err;
      }
    },
    async execute(stmt) {
      return run(stmt);
    },
    close: () => db.close(),
  };
}
