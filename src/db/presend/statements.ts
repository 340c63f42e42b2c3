// The statements presend's readers run (sql-reader.ts, suppression-filter.ts). Raw SQL through
// the libSQL client on purpose: only matches come back, keyed by their position in the
// parameter array and folded into JSON text, because building a row object per match in the
// driver cost more than the lookups. Contacts and subscriptions are WITHOUT ROWID tables keyed
// by these lookups (migration 0003), so each one is a single B-tree descent;
// test/presend/stored-hash.test.ts holds the planner to that.
import { RELATIONSHIP_END_SQL } from '../../domain/customer-relationship';

/** How many characters of a keyed hash (base64url) the suppression filter reads: 5 × 6 = 30 bits. */
export const PREFIX_LENGTH = 5;

/** A contact row from before contacts carried their hash ('.' is not a base64url character). */
export const NO_HASH = '.'.repeat(PREFIX_LENGTH);

// Every address of `?1` (a JSON array) that has a contact row: one row of six columns over the
// same matches in the same order (the aggregates of one query see its rows in one pass): their
// positions, opt-out flags ("everything", at every brand or at topic `?2`'s brand), statuses
// for topic `?2` and customer relationships as flat JSON arrays, the first characters of the
// keyed hash stored on the row as one string of fixed-width pieces (NO_HASH without one), and
// until when each one's mail is paused (0 for no pause; the domain compares it with its clock).
// Flat arrays decode in a quarter of the time of one
// small array per match. The relationship is relationshipEnd() of customer-relationship.ts,
// worked out here so it travels as one small number per contact.
export const CONTACTS_SQL = `
SELECT json_group_array(j.key),
       json_group_array(c.unsubscribed_all_at IS NOT NULL OR EXISTS (
         SELECT 1 FROM brand_unsubscribes AS b
          WHERE b.contact_id = c.id AND b.brand_key = (SELECT brand FROM topics WHERE key = ?2))),
       json_group_array(s.status),
       json_group_array(${RELATIONSHIP_END_SQL}),
       group_concat(substr(c.email_hash || '${NO_HASH}', 1, ${PREFIX_LENGTH}), ''),
       json_group_array(coalesce(c.paused_until, 0))
  FROM json_each(?1) AS j
  JOIN contacts AS c ON c.email = j.value
  LEFT JOIN subscriptions AS s ON s.contact_id = c.id AND s.topic_key = ?2`;

/** The suppression-list entries of the keyed hashes in `?1`, as [position, reason]. */
export const SUPPRESSIONS_SQL = `
SELECT json_group_array(json_array(j.key, x.reason))
  FROM json_each(?1) AS j
  JOIN suppressions AS x ON x.email_hash = j.value`;

/**
 * `?1` (an id), the list's largest id, and the first `?2` entries after `?1` as [id, first
 * PREFIX_LENGTH characters of its hash]: one statement, so all three are of one snapshot.
 */
export const CATCH_UP_SQL = `
SELECT ?1, (SELECT coalesce(max(id), 0) FROM suppressions),
       (SELECT json_group_array(json_array(id, prefix)) FROM
          (SELECT id, substr(email_hash, 1, ${PREFIX_LENGTH}) AS prefix FROM suppressions WHERE id > ?1 ORDER BY id LIMIT ?2))`;
