// Presend's statements on an embedded database, prepared once per connection and run through
// the `libsql` driver (../prepared-statements.ts): for a one-address presend call, preparing
// CONTACTS_SQL and its neighbours was the largest single cost (bench/README.md).
import type { InStatement, ResultSet } from '@libsql/client';
import Database from 'libsql';
import type { PresendSql } from '../../db/presend/sql-reader';
import { preparedStatements } from '../prepared-statements';
import { CACHE_PAGES } from './connection';

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
  const statements = preparedStatements(db);
  // Rows come back as arrays, which is all readFacts reads (by position).
  const run = (stmt: InStatement): Pick<ResultSet, 'rows'> => ({
    rows: statements.run(stmt) as unknown as ResultSet['rows'],
  });
  return {
    async batch(stmts) {
      statements.run('BEGIN');
      try {
        const answers = stmts.map(run);
        statements.run('COMMIT');
        return answers;
      } catch (err) {
        if (!db.inTransaction) throw err;
        statements.run('ROLLBACK');
        throw err;
      }
    },
    async execute(stmt) {
      return run(stmt);
    },
    close: () => db.close(),
  };
}
