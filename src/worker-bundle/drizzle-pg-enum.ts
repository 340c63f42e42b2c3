// drizzle's Postgres enums as the Worker bundles it (wrangler.toml [alias]): drizzle's SQL
// builder asks every query chunk whether it is a Postgres enum, which imports Postgres column
// code into a SQLite service. The schema has no Postgres enum, so no chunk ever is one; the
// builder's own test is the same one with a symbol no object here carries.
export function isPgEnum(_chunk: unknown): boolean {
  return false;
}
