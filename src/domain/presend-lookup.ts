// The database side of presend: what is known about each address of a list, as bits, read
// with two set-based statements. Kept apart from presend.ts (and free of runtime imports) so
// that the Node server's presend reader thread loads only this, the hasher and the driver.
import type { Db } from '../db/client';

// What the database knows about one normalised address, as bits.
export const KNOWN = 1;
export const UNSUBSCRIBED_ALL = 2;
export const SUBSCRIBED = 4;
export const UNSUBSCRIBED = 8;
export const PENDING = 16;
export const BOUNCED = 32;
export const COMPLAINED = 64;
export const ERASED = 128;

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

// Two set-based statements per call, whatever the list's length. The first reads every
// address that has a contact row: its opt-out flag, its status for the topic and, through the
// keyed hash stored on the row, its suppression-list entries, so known contacts need no
// hashing here. The second looks up the keyed hashes of the remaining addresses (no contact
// row, or a row from before contacts carried their hash) in the suppression list, which is
// how erased addresses are found. Only matches come back, keyed by their position in the
// parameter array, folded into one JSON array: raw SQL through the libSQL client on purpose,
// because building a row object per match cost more than the lookups themselves.
// The two statements do not share a snapshot; that costs nothing: an address seen as unknown
// by the first is judged as unknown (or by its suppression entry, which the second reads
// fresh), exactly as if the call had come a moment earlier.
// Contacts and subscriptions are WITHOUT ROWID tables keyed by these lookups (migration
// 0003), so each one is a single B-tree descent; test/presend/stored-hash.test.ts holds the
// planner to that.
export const CONTACTS_SQL = `
SELECT json_group_array(json_array(j.key, c.unsubscribed_all_at IS NOT NULL, s.status, x.reason, c.email_hash = ''))
  FROM json_each(?1) AS j
  JOIN contacts AS c ON c.email = j.value
  LEFT JOIN subscriptions AS s ON s.contact_id = c.id AND s.topic_key = ?2
  LEFT JOIN suppressions AS x ON x.email_hash = c.email_hash`;

export const SUPPRESSIONS_SQL = `
SELECT json_group_array(json_array(j.key, x.reason))
  FROM json_each(?1) AS j
  JOIN suppressions AS x ON x.email_hash = j.value`;

/** The database side of presend: what is known about each of a list of addresses. */
export interface PresendReader {
  /** readFacts() for `emails` (normalised, valid, unique, in any order), in the same order. */
  facts(emails: readonly string[], topic: string): Promise<Int32Array>;
}

/** The plain reader: readFacts for the whole list on `client`. */
export function sqlPresendReader(client: Db['$client'], hashEmail: (email: string) => string): PresendReader {
  return { facts: (emails, topic) => readFacts(client, hashEmail, emails, topic) };
}

/**
 * What the database knows about each address (normalised, valid, unique, in any order), as
 * the bits above, in the order given. Two statements (see CONTACTS_SQL): contacts first, in
 * sorted address order, because neighbouring B-tree searches then share their pages, which
 * makes the statement about a third cheaper than looking up in request order; then the
 * suppression list for the addresses that need hashing here. Database errors propagate.
 */
export async function readFacts(
  client: Db['$client'],
  hashEmail: (email: string) => string,
  emails: readonly string[],
  topic: string,
): Promise<Int32Array> {
  const facts = new Int32Array(emails.length);
  if (emails.length === 0) return facts;
  const sorted = emails.slice().sort();
  const { rows } = await client.execute({ sql: CONTACTS_SQL, args: [JSON.stringify(sorted), topic] });
  const bits = new Int32Array(sorted.length);
  // Addresses to look up by hash here: contacts without a stored hash, then unknown ones.
  const toHash: number[] = [];
  const found = JSON.parse(String(rows[0][0])) as Array<
    [number, number, string | null, string | null, number]
  >;
  for (const [i, unsubscribedAll, status, listed, hashMissing] of found) {
    // A status or reason this code does not know reads as an opt-out or a suppression: a
    // surprise is never permission. A contact with several list entries comes back once per
    // entry; the bits simply add up.
    bits[i] |=
      KNOWN |
      (unsubscribedAll ? UNSUBSCRIBED_ALL : 0) |
      (status ? (statusBit.get(status) ?? UNSUBSCRIBED) : 0) |
      (listed ? (suppressionBit.get(listed) ?? ERASED) : 0);
    if (hashMissing) toHash.push(i);
  }
  for (let i = 0; i < sorted.length; i++) if (!(bits[i] & KNOWN)) toHash.push(i);
  if (toHash.length > 0) {
    const { rows: listedRows } = await client.execute({
      sql: SUPPRESSIONS_SQL,
      args: [JSON.stringify(toHash.map((i) => hashEmail(sorted[i])))],
    });
    const listed = JSON.parse(String(listedRows[0][0])) as Array<[number, string]>;
    for (const [k, reason] of listed) bits[toHash[k]] |= suppressionBit.get(reason) ?? ERASED;
  }
  // Back into the caller's order.
  const position = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) position.set(sorted[i], i);
  for (let i = 0; i < emails.length; i++) facts[i] = bits[position.get(emails[i]) as number];
  return facts;
}
