// SQL written once with numbered parameters (?1, ?2, …), for the statements a store may prepare
// on its own connection and drizzle runs everywhere else: `bound` turns the text and its values
// into drizzle's `sql`, so both run the very same statement.
import { type SQL, sql } from 'drizzle-orm';

export function bound(text: string, params: unknown[]): SQL {
  const parts = text.split(/\?(\d)/);
  return sql.join(parts.map((p, i) => (i % 2 === 0 ? sql.raw(p) : sql`${params[Number(p) - 1]}`)));
}
