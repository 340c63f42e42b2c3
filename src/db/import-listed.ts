// The import's suppression lookup on a connection other than the writer's (the command line's
// worker thread runs it, off the writing thread). Kept free of the ORM so the worker starts
// without loading it.
import type { Client } from '@libsql/client';
import type { ListedEntries } from '../domain/import-batch';

/**
 * One statement (one snapshot): the list's largest id and the matches of a batch's hashes
 * (`?1`, hashesJson), each as [position in the batch, reason].
 */
export const LISTED_SQL = `select coalesce((select max(id) from suppressions), 0),
  (select json_group_array(json_array(j.key, s.reason))
     from json_each(?1) j join suppressions s on s.email_hash = j.value)`;

/** The batch's entries as `client` sees them now, or undefined if it cannot say (the writer then looks). */
export async function readListed(client: Client, hashesJson: string): Promise<ListedEntries | undefined> {
  try {
    const { rows } = await client.execute({ sql: LISTED_SQL, args: [hashesJson] });
    const row = rows[0];
    return { maxId: Number(row[0]), matches: JSON.parse(String(row[1])) };
  } catch {
    return undefined;
  }
}
