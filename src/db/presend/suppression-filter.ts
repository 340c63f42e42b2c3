// A compact, in-memory over-approximation of the suppression list, so presend probes the list
// only for addresses that may be on it. Probing every contact's keyed hash was a third of the
// engine's work per call, for the ~3% of contacts that are listed.
//
// The filter never says "not listed" about a listed hash: it holds the first 30 bits of every
// entry's hash in a bitset (one bit per bucket, like a one-function Bloom filter), so a hash
// whose bucket is empty is certainly not listed, and one whose bucket is set *may* be listed
// and is looked up exactly (SUPPRESSIONS_SQL in statements.ts). A false "may" costs one probe,
// never a wrong verdict. Keyed hashes are uniformly random, so their leading bits spread evenly.
//
// It follows the list by id: ids are AUTOINCREMENT and entries are never changed (migration
// 0005), so after reading every entry up to id N, `id > N` is all there is to catch up on.
// Deleted entries only leave a bucket set (an extra probe). It reads at most CATCH_UP_LIMIT
// entries per call, so a long list (or a burst of bounces) is taken in over several calls
// instead of making one call slow; until it has caught up, every hash "may" be listed, which
// is the cost of having no filter, never a risk. If the list's largest id ever goes below what
// the filter has seen (a restored older file), the filter starts over the same way.
import type { InStatement, ResultSet } from '@libsql/client';
import { CATCH_UP_SQL, PREFIX_LENGTH } from './statements';

/** Entries read per call at most (~1 MB of JSON, a few ms to take in). */
export const CATCH_UP_LIMIT = 50_000;

// Buckets per entry (32 → about 3% false "may"), between 2^20 buckets (128 KB) and 2^27
// (16 MB, enough for 4 million entries at that rate; past it the rate grows, never the risk).
const BUCKETS_PER_ENTRY = 32;
const MIN_BITS = 20;
const MAX_BITS = 27;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const sextet = new Uint8Array(128);
for (let i = 0; i < BASE64URL.length; i++) sextet[BASE64URL.charCodeAt(i)] = i;

/** The first 30 bits of a keyed hash (any string maps somewhere, so a stray value is safe). */
function prefixBits(hash: string): number {
  let v = 0;
  for (let i = 0; i < PREFIX_LENGTH; i++) v = v * 64 + sextet[hash.charCodeAt(i) & 127];
  return v;
}

export interface SuppressionFilter {
  /** The statement that reads what was added since the filter last caught up. */
  catchUp(): InStatement;
  /**
   * Takes in the answer to catchUp() (in any order relative to other calls' answers). True if
   * the filter now holds every entry of that answer's snapshot; if not (yet), mayBeListed()
   * says "may" for every hash until an answer completes it. The caller checks its hashes right
   * after, before anything else can absorb an answer.
   */
  absorb(answer: Pick<ResultSet, 'rows'>): boolean;
  /**
   * False only if no entry has this hash; true if one may (check the list itself), and true
   * for every hash while the filter has not caught up. Takes a whole keyed hash or its first
   * PREFIX_LENGTH characters.
   */
  mayBeListed(hash: string): boolean;
}

export function createSuppressionFilter(): SuppressionFilter {
  // Every entry with an id up to `seenId` is in `prefixes` and in `bits` (or the filter is
  // starting over and `complete` is false).
  let seenId = 0;
  let complete = false;
  let prefixes = new Uint32Array(1024);
  let count = 0;
  let bits = new Int32Array(1 << (MIN_BITS - 5));
  let mask = (1 << MIN_BITS) - 1;

  const setBit = (prefix: number) => {
    const b = prefix & mask;
    bits[b >>> 5] |= 1 << (b & 31);
  };
  /** Sizes the bitset for `count` entries; rebuilds it (true) if the size changes. */
  const resize = () => {
    let size = MIN_BITS;
    while (size < MAX_BITS && 2 ** size < count * BUCKETS_PER_ENTRY) size++;
    if (2 ** size === mask + 1) return false;
    bits = new Int32Array(2 ** (size - 5));
    mask = 2 ** size - 1;
    for (let i = 0; i < count; i++) setBit(prefixes[i]);
    return true;
  };

  return {
    catchUp: () => ({ sql: CATCH_UP_SQL, args: [seenId, CATCH_UP_LIMIT] }),
    absorb(answer) {
      const since = Number(answer.rows[0][0]);
      const largest = Number(answer.rows[0][1]);
      // The filter started over after this question was asked: the answer cannot complete it,
      // and the call that asked must not trust it either.
      if (since > seenId) {
        complete = false;
        return false;
      }
      if (largest < since) {
        // The list went back in time (an older file was restored): start over, and read all
        // of it again from the next call on.
        seenId = 0;
        complete = false;
        count = 0;
        bits.fill(0);
        return false;
      }
      const added = JSON.parse(String(answer.rows[0][2])) as Array<[number, string]>;
      // What this answer covers: everything up to `largest`, or, if it stopped at the limit,
      // up to the last id it holds (it holds the smallest ids after `since`).
      let covered = largest;
      if (added.length >= CATCH_UP_LIMIT) {
        covered = since;
        for (const [id] of added) if (id > covered) covered = id;
      }
      // Answers of calls made at the same time overlap: entries already taken in (every id up
      // to seenId is) are skipped.
      const from = count;
      for (const [id, prefix] of added) {
        if (id <= seenId) continue;
        if (count === prefixes.length) {
          const grown = new Uint32Array(prefixes.length * 2);
          grown.set(prefixes);
          prefixes = grown;
        }
        prefixes[count++] = prefixBits(prefix);
      }
      if (!resize()) for (let i = from; i < count; i++) setBit(prefixes[i]);
      if (covered > seenId) seenId = covered;
      complete = seenId >= largest;
      return complete;
    },
    mayBeListed(hash) {
      if (!complete) return true;
      const b = prefixBits(hash) & mask;
      return (bits[b >>> 5] & (1 << (b & 31))) !== 0;
    },
  };
}
