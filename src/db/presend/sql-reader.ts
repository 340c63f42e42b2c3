// The plain presend reader: what is known about each address of a list, read with two
// set-based statements (statements.ts) on one libSQL client. The Node split reader
// (src/node/presend/) runs readFacts() on two threads; everything else uses sqlPresendReader.
import type { Client, InStatement, ResultSet } from '@libsql/client';
import type { PresendReader } from '../../domain/presend';
import {
  answerOf,
  bitOfStatus,
  bitOfSuppression,
  emptyColumns,
  type FactsColumns,
  KNOWN,
  UNSUBSCRIBED_ALL,
} from './facts-columns';
import { CONTACTS_SQL, NO_HASH, PREFIX_LENGTH, SUPPRESSIONS_SQL } from './statements';
import { createSuppressionFilter, type SuppressionFilter } from './suppression-filter';

/**
 * The plain reader: readFacts for the whole list on `client`, with a suppression filter of its
 * own that lives as long as the reader (one per app, or per reader thread).
 */
export function sqlPresendReader(client: Client, hashEmail: (email: string) => string): PresendReader {
  const source: FactsSource = { client, hashEmail, filter: createSuppressionFilter() };
  return { facts: async (emails, topic) => answerOf(await readFacts(source, emails, topic)) };
}

/**
 * What readFacts needs of a connection: a libSQL client, or on Node statements prepared once
 * (src/node/presend/prepared-sql.ts), since preparing CONTACTS_SQL was most of a one-address call.
 */
export interface PresendSql {
  /** The statements in one read transaction (one snapshot). */
  batch(stmts: InStatement[], mode: 'read'): Promise<Array<Pick<ResultSet, 'rows'>>>;
  execute(stmt: InStatement): Promise<Pick<ResultSet, 'rows'>>;
}

export interface FactsSource {
  client: PresendSql;
  hashEmail(email: string): string;
  filter: SuppressionFilter;
}

/**
 * What the database knows about each address (normalised, valid, in any order; an address may
 * come more than once and is looked up once), in the order given. Database errors propagate.
 *
 * Two round trips. The first is one read batch (one snapshot, one round trip to a remote
 * database): the suppression filter's catch-up and CONTACTS_SQL, in sorted address order,
 * because neighbouring B-tree searches then share their pages, which makes the statement about
 * a third cheaper than request order. The filter rules out most contacts by the hash prefix
 * stored on their row, without hashing them or probing the list. The addresses left (filter
 * says "may", contacts from before contacts carried their hash, and unknown addresses that the
 * filter does not rule out once hashed) are then looked up exactly by keyed hash, which is how
 * erased addresses are found. The second statement reads the list a moment after the first: an
 * entry added in between is seen or not, exactly as if the call had come a moment later or
 * earlier.
 */
export async function readFacts(
  { client, hashEmail, filter }: FactsSource,
  emails: readonly string[],
  topic: string,
): Promise<FactsColumns> {
  const facts = emptyColumns(emails.length);
  if (emails.length === 0) return facts;
  // Sorted, with repeats (now neighbours) dropped.
  const sorted: string[] = [];
  for (const email of emails.slice().sort()) if (email !== sorted[sorted.length - 1]) sorted.push(email);
  const [caughtUp, contactRows] = await client.batch(
    [filter.catchUp(), { sql: CONTACTS_SQL, args: [JSON.stringify(sorted), topic] }],
    'read',
  );
  // From here to the second statement nothing awaits, so no other call's answer can change
  // the filter while this one relies on it; if it has not caught up, it rules nothing out.
  filter.absorb(caughtUp);
  const bits = new Int32Array(sorted.length);
  const ends = new Int32Array(sorted.length);
  const pauses = new Float64Array(sorted.length);
  // Addresses to hash here, to be looked up if the filter does not rule them out.
  const toHash: number[] = [];
  const row = contactRows.rows[0];
  const at = JSON.parse(String(row[0])) as number[];
  const optedOut = JSON.parse(String(row[1])) as number[];
  const statuses = JSON.parse(String(row[2])) as Array<string | null>;
  const relationships = JSON.parse(String(row[3])) as number[];
  const prefix = row[4] === null ? '' : String(row[4]);
  const pausedUntil = JSON.parse(String(row[5])) as number[];
  if (
    optedOut.length !== at.length ||
    pausedUntil.length !== at.length ||
    statuses.length !== at.length ||
    relationships.length !== at.length ||
    prefix.length !== at.length * PREFIX_LENGTH
  )
    throw new Error('presend: the contacts statement answered columns of different lengths');
  for (let k = 0; k < at.length; k++) {
    const i = at[k];
    const status = statuses[k];
    // A status this code does not know reads as an opt-out: a surprise is never permission.
    bits[i] |= KNOWN | (optedOut[k] ? UNSUBSCRIBED_ALL : 0) | (status ? bitOfStatus(status) : 0);
    ends[i] = relationships[k];
    pauses[i] = pausedUntil[k];
    const hashPrefix = prefix.slice(k * PREFIX_LENGTH, (k + 1) * PREFIX_LENGTH);
    // NO_HASH is a contact from before contacts carried their hash: hashed here.
    if (hashPrefix === NO_HASH || filter.mayBeListed(hashPrefix)) toHash.push(i);
  }
  for (let i = 0; i < sorted.length; i++) if (!(bits[i] & KNOWN)) toHash.push(i);
  const probe: number[] = [];
  const hashes: string[] = [];
  for (const i of toHash) {
    const hash = hashEmail(sorted[i]);
    if (filter.mayBeListed(hash)) {
      probe.push(i);
      hashes.push(hash);
    }
  }
  if (hashes.length > 0) {
    const { rows: listedRows } = await client.execute({
      sql: SUPPRESSIONS_SQL,
      args: [JSON.stringify(hashes)],
    });
    const listed = JSON.parse(String(listedRows[0][0])) as Array<[number, string]>;
    // A reason this code does not know reads as erased. An address with several entries comes
    // back once per entry; the bits simply add up.
    for (const [k, reason] of listed) bits[probe[k]] |= bitOfSuppression(reason);
  }
  // Back into the caller's order.
  const position = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) position.set(sorted[i], i);
  for (let i = 0; i < emails.length; i++) {
    const j = position.get(emails[i]) as number;
    facts.bits[i] = bits[j];
    facts.relationshipEnd[i] = ends[j];
    facts.pausedUntil[i] = pauses[j];
  }
  return facts;
}
