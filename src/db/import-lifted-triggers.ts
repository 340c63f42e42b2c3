// What the import's writer (import-writer.ts) does instead of some row triggers: it lifts them
// for each batch's transaction and does their work once per batch, set-based.
import { sql } from 'drizzle-orm';
import type { Tx } from '../domain/context';
import type { ConsentRow } from '../domain/import-batch';

/**
 * The row triggers whose work the import writer does itself, set-based (countStatusChanges and
 * countTrail below, insertTrail in import-writer.ts): the dashboard's totals (migration 0011)
 * and the wording's move to consent_wordings (0014). Any other trigger on these tables still
 * fires for the import.
 */
const LIFTED_TRIGGERS = [
  'subscriptions_count_insert',
  'subscriptions_count_update',
  'consent_events_count',
  'consent_events_wording_once',
];

/**
 * Drops LIFTED_TRIGGERS for this transaction and returns their statements, to be run again
 * before COMMIT, so they are back exactly as they were and no other connection ever sees them
 * missing (SQLite has one writer at a time, readers see committed schema only, and a failed
 * batch rolls the drop back too). Skipping them in their WHEN clause (a flag row the writer
 * holds during its transaction) was measured first: a row trigger costs the engine its
 * invocation on every row even when its WHEN is false, so the import's main thread did
 * ~70,000 rows per CPU second with the triggers skipped that way against ~110,000 with them
 * gone (bench/README.md). The price: each batch changes the schema, so other connections
 * reread it once per batch; prepared statements are prepared again by the engine itself.
 */
export async function liftRowTriggers(tx: Tx): Promise<string[]> {
  const rows = await tx.values<[string, string]>(
    sql`select name, sql from sqlite_master
        where type = 'trigger' and name in ${LIFTED_TRIGGERS}`,
  );
  const lifted: string[] = [];
  // Rows of the libSQL client are array-like, not iterable.
  for (const row of rows) {
    await tx.run(sql.raw(`drop trigger "${row[0]}"`));
    lifted.push(String(row[1]));
  }
  return lifted;
}

/**
 * topic_status_counts for `n` contacts about to be subscribed to `topic`: each one's current
 * status (if it has a row) loses one, `subscribed` gains n, in one statement, read before the
 * upsert changes them. Only `touched` contacts existed before this batch, so only they can have
 * a row; the trigger that would count each row is lifted for this transaction (liftRowTriggers).
 */
export async function countStatusChanges(tx: Tx, topic: string, n: number, touched: readonly string[]) {
  const before = touched.length
    ? sql`select s.status as status, -1 as d
          from json_each(${JSON.stringify(touched)}) j
          join subscriptions s on s.contact_id = j.value and s.topic_key = ${topic}
          union all `
    : sql``;
  await tx.run(
    sql`insert into topic_status_counts (topic_key, status, n)
        select ${topic}, status, sum(d) from (${before}select 'subscribed' as status, ${n} as d)
        where true group by status
        on conflict (topic_key, status) do update set n = n + excluded.n`,
  );
}

/** consent_day_counts for `n` trail entries like `template`, as the consent_events_count trigger would count them. */
export async function countTrail(tx: Tx, template: ConsentRow, n: number) {
  const direction =
    template.action === 'subscribe' || template.action === 'confirm'
      ? 'in'
      : template.action === 'unsubscribe' || template.action === 'unsubscribe_all'
        ? 'out'
        : null;
  if (!direction) return;
  await tx.run(
    sql`insert into consent_day_counts (day, topic_key, direction, n)
        values (date(${template.occurredAt.getTime()} / 1000, 'unixepoch'), ${template.topicKey ?? ''}, ${direction}, ${n})
        on conflict (day, topic_key, direction) do update set n = n + excluded.n`,
  );
}
