// The database side of presend: what is known about each address of a list, as bits, read
// with a few set-based statements. Kept apart from presend.ts (and free of runtime imports) so
// that the Node server's presend reader thread loads only this, the hasher and the driver.
import type { Db } from '../db/client';
import { RELATIONSHIP_END_SQL } from './customer-relationship';
import { createSuppressionFilter, PREFIX_LENGTH, type SuppressionFilter } from './suppression-filter';

// What the database knows about one normalised address, as bits.
export const KNOWN = 1;
export const UNSUBSCRIBED_ALL = 2;
export const SUBSCRIBED = 4;
export const UNSUBSCRIBED = 8;
export const PENDING = 16;
export const BOUNCED = 32;
export const COMPLAINED = 64;
export const ERASED = 128;
/** The bits that come from the suppression list. */
export const LISTED = BOUNCED | COMPLAINED | ERASED;

// Maps, not object literals, so a stored value such as "constructor" cannot hit a prototype key.
const statusBit = new Map([
  ['subscribed', SUBSCRIBED],
  ['unsubscribed', UNSUBSCRIBED],
  ['pending', PENDING],
]);
const suppressionBit = new Map([
  ['bounced', BOUNCED],
  ['complained', COMPLAINED],
  ['erased', ERASED],
]);

/** The bit of a stored subscription status. One this code does not know reads as an opt-out. */
export const bitOfStatus = (status: string): number => statusBit.get(status) ?? UNSUBSCRIBED;

/** The bit of a suppression-list reason. One this code does not know reads as erased. */
export const bitOfSuppression = (reason: string): number => suppressionBit.get(reason) ?? ERASED;

// Per call: the suppression filter's catch-up and the contacts statement, in one read batch
// (one snapshot, and one round trip to a remote database), then the suppression list for the
// addresses that may be on it. The contacts statement reads every address that has a contact
// row: its opt-out flag, its status for the topic and the first characters of the keyed hash
// stored on the row, which the filter (suppression-filter.ts) uses to rule out most contacts
// without hashing them or probing the list. The addresses left (filter says "may", contacts
// from before contacts carried their hash, and unknown addresses that the filter does not rule
// out once hashed) are looked up exactly by their keyed hash in the second statement, which
// is how erased addresses are found. Only matches come back, keyed by their position in the
// parameter array, folded into JSON text (see CONTACTS_SQL): raw SQL through the libSQL
// client on purpose, because building a row object per match cost more than the lookups.
// The second statement reads the list a moment after the first: an entry added in between is
// seen or not, exactly as if the call had come a moment later or earlier.
// Contacts and subscriptions are WITHOUT ROWID tables keyed by these lookups (migration
// 0003), so each one is a single B-tree descent; test/presend/stored-hash.test.ts holds the
// planner to that.
// The contacts statement answers one row of five columns over the same matches in the same
// order (the aggregates of one query see its rows in one pass): their positions, opt-out flags,
// statuses and customer relationships as flat JSON arrays, and the hash prefixes as one string
// of fixed-width pieces (NO_HASH for a row without a stored hash). Flat arrays decode in a
// quarter of the time of one small array per match. The relationship is relationshipEnd() of
// customer-relationship.ts, worked out here so it travels as one small number per contact:
// 0 without a `customer_since`, OPEN_ENDED without a `customer_until`, else that date as
// YYYYMMDD.
export const CONTACTS_SQL = `
SELECT json_group_array(j.key),
       json_group_array(c.unsubscribed_all_at IS NOT NULL),
       json_group_array(s.status),
       json_group_array(${RELATIONSHIP_END_SQL}),
       group_concat(substr(c.email_hash || '${'.'.repeat(PREFIX_LENGTH)}', 1, ${PREFIX_LENGTH}), '')
  FROM json_each(?1) AS j
  JOIN contacts AS c ON c.email = j.value
  LEFT JOIN subscriptions AS s ON s.contact_id = c.id AND s.topic_key = ?2`;

/** A contact row from before contacts carried their hash ('.' is not a base64url character). */
const NO_HASH = '.'.repeat(PREFIX_LENGTH);

export const SUPPRESSIONS_SQL = `
SELECT json_group_array(json_array(j.key, x.reason))
  FROM json_each(?1) AS j
  JOIN suppressions AS x ON x.email_hash = j.value`;

/** What is known about each address of a list, position by position. */
export interface PresendFacts {
  /** The bits above. */
  bits: Int32Array;
  /**
   * How long the contact's customer relationship lasts (relationshipEnd in
   * customer-relationship.ts): 0 for none, which is also the answer for an unknown address.
   */
  relationshipEnd: Int32Array;
}

/** The database side of presend: what is known about each of a list of addresses. */
export interface PresendReader {
  /** readFacts() for `emails` (normalised, valid, in any order, may repeat), in the same order. */
  facts(emails: readonly string[], topic: string): Promise<PresendFacts>;
}

/**
 * The plain reader: readFacts for the whole list on `client`, with a suppression filter of its
 * own that lives as long as the reader (one per app, or per reader thread).
 */
export function sqlPresendReader(client: Db['$client'], hashEmail: (email: string) => string): PresendReader {
  const filter = createSuppressionFilter();
  return { facts: (emails, topic) => readFacts({ client, hashEmail, filter }, emails, topic) };
}

export interface FactsSource {
  client: Db['$client'];
  hashEmail(email: string): string;
  filter: SuppressionFilter;
}

/**
 * What the database knows about each address (normalised, valid, in any order; an address may
 * come more than once and is looked up once), as the bits above, in the order given. Two round
 * trips (see CONTACTS_SQL): contacts first, in sorted address order, because neighbouring
 * B-tree searches then share their pages, which makes the statement about a third cheaper
 * than looking up in request order; then the suppression list for the addresses that may be
 * on it. Database errors propagate.
 */
export async function readFacts(
  { client, hashEmail, filter }: FactsSource,
  emails: readonly string[],
  topic: string,
): Promise<PresendFacts> {
  const facts: PresendFacts = {
    bits: new Int32Array(emails.length),
    relationshipEnd: new Int32Array(emails.length),
  };
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
  // Addresses to hash here, to be looked up if the filter does not rule them out.
  const toHash: number[] = [];
  const row = contactRows.rows[0];
  const at = JSON.parse(String(row[0])) as number[];
  const optedOut = JSON.parse(String(row[1])) as number[];
  const statuses = JSON.parse(String(row[2])) as Array<string | null>;
  const relationships = JSON.parse(String(row[3])) as number[];
  const prefix = row[4] === null ? '' : String(row[4]);
  if (
    optedOut.length !== at.length ||
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
  }
  return facts;
}
