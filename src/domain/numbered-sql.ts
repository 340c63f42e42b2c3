// SQL written once with numbered parameters (?1, ?2, …), for the statements a store may prepare
// on its own connection and drizzle runs everywhere else: `bound` turns the text and its values
// into drizzle's `sql`, so both run the very same statement.
import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from './context';

export function bound(text: string, params: unknown[]): SQL {
  const parts = text.split(/\?(\d+)/);
  return sql.join(parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)));
}

/** Runs one numbered statement; answers the first column of each row it returns. */
export type RunSql = (text: string, args: Array<string | number | null>) => Promise<unknown[]>;

/** RunSql on drizzle. */
export function drizzleRun(db: DbOrTx): RunSql {
  return async (text, args) => (await db.values<unknown[]>(bound(text, args))).map((row) => row[0]);
}
