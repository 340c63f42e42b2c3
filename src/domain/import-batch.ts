// A batch of an import as it travels from preparing (import-prepare.ts, possibly in a worker
// thread) to writing (import.ts), and the ImportWriter port that stores it
// (src/db/import-writer.ts). Types and two small helpers only, so both stages and the
// command line's thread can share them without loading each other.
import type { SuppressionReason } from '../db/schema';
import type { ConsentContext, consentRow } from './consent';
import type { Locale } from './locales';

export type RejectReason =
  | 'missing_email'
  | 'invalid_email'
  | 'invalid_customer_dates'
  | 'unsupported_locale'
  | 'opted_out'
  | SuppressionReason;

export interface RejectedRow {
  line: number;
  /** The address as written in the file (capped), so staff can find the row. */
  email: string;
  reason: RejectReason;
}

/**
 * A batch of rows ready for the database: validated, normalised and hashed, so that the part
 * of an import that does not need the database can run elsewhere (the command line prepares
 * batches in a worker thread while the main thread writes the previous one).
 */
export interface PreparedBatch {
  /** Data rows this batch covers: the valid ones below plus the ones in `invalid`. */
  rows: number;
  /** The valid rows' normalised addresses, sorted (rows with the same address in file order). */
  emails: string[];
  /** Each valid row's 1-based line number in the file. */
  lines: ArrayLike<number>;
  /** Each valid row's locale, or null. */
  locales: Array<Locale | null>;
  /**
   * A JSON array of each valid row's keyed suppression hash (emailHash), in the same order,
   * followed by the hashes of older forms of the rows' addresses (see `olderOf`); every hash
   * is HASH_WIDTH characters, so hashOf() reads one without parsing the array.
   */
  hashesJson: string;
  /**
   * For each hash after the rows' own (position `emails.length + k`), the row it belongs to:
   * an address that is not plain ASCII may have suppression entries from before canonical
   * addresses under an older form (email.ts, normaliseEmailWithOlderForms).
   */
  olderOf: number[];
  /** The address as written in the file, for the valid rows where it differs from `emails[i]`. */
  raws: Map<number, string>;
  /** Rows rejected before the database: missing or invalid addresses, unsupported locales, impossible customer dates. */
  invalid: RejectedRow[];
  /**
   * Each valid row's customer dates as day numbers (customer-relationship.ts; 0 for none),
   * when the file has a customer column or the import gives default dates; absent otherwise,
   * so an import without them does no work for them. A row with a `customer_since` records
   * both dates (no `customer_until`: a current customer); a row without one leaves what is
   * stored.
   */
  customerSince?: Int32Array;
  customerUntil?: Int32Array;
  /**
   * The batch's suppression-list entries as another connection read them (the command line's
   * worker does, off the writing thread, with src/db/import-listed.ts), with what that read
   * could see: the writer then only looks for entries added since. Absent: the writer reads
   * the list itself.
   */
  listed?: ListedEntries;
}

export interface ListedEntries {
  /** Each match: its position among the batch's hashes (hashesJson) and the entry's reason. */
  matches: Array<[number, SuppressionReason]>;
  /** The list's largest id when it was read. */
  maxId: number;
}

/** Characters in an emailHash: base64url of 32 bytes, unpadded. */
export const HASH_WIDTH = 43;

/** The i-th keyed hash of a batch, read straight out of `hashesJson` (`["<hash>","<hash>",...]`). */
export function hashOf(batch: PreparedBatch, i: number): string {
  const at = 2 + i * (HASH_WIDTH + 3);
  return batch.hashesJson.slice(at, at + HASH_WIDTH);
}

/** A consent-trail row as consentRow() builds it. */
export type ConsentRow = ReturnType<typeof consentRow>;

/** A stored contact as the import's rules read it. */
export type StoredContact = [id: string, email: string, optedOutOfAll: boolean, status: string | null];

/**
 * What the import asks of the database, one batch at a time. Every method works on sets of
 * rows, so a batch of thousands costs a handful of statements.
 */
export interface ImportWriter {
  /** Runs one batch's reads and writes in one write transaction. */
  inTransaction<T>(work: (writes: ImportWrites) => Promise<T>): Promise<T>;
}

export interface ImportWrites {
  /**
   * The suppression-list entries of the batch's hashes, as [position among them, reason]: the
   * batch's `listed` and whatever was added since, or the list read now when it has none.
   */
  listed(batch: PreparedBatch): Promise<Array<[number, SuppressionReason]>>;
  /**
   * A new contact for each of the batch's rows `rows` (with ids `ids`, in that order) whose
   * address has none yet, with the row's locale, hash and customer dates; returns how many
   * were added. Existing contacts are left as they are.
   */
  addContacts(
    batch: PreparedBatch,
    rows: readonly number[],
    ids: readonly string[],
    at: Date,
  ): Promise<number>;
  /** The stored contacts of these addresses (in any order), with their status for `topic`. */
  storedContacts(emails: readonly string[], topic: string): Promise<StoredContact[]>;
  /** Gives existing contacts new customer dates: [id, since, until] as day numbers, 0 for none. */
  setCustomerDates(
    changes: ReadonlyArray<[id: string, since: number, until: number]>,
    at: Date,
  ): Promise<void>;
  /**
   * Subscribes the contacts to `topic`, each with one consent-trail entry with the evidence of
   * `trail` (its contact id aside), and marks `touched` contacts as changed at `at`. `touched`
   * are the ones among `contactIds` that existed before this batch (the only ones that can
   * already have a subscription); the dashboard's totals follow in the same transaction.
   */
  subscribe(
    topic: string,
    contactIds: readonly string[],
    trail: ConsentRow,
    touched: readonly string[],
    at: Date,
  ): Promise<void>;
  /** Records contact.subscribed (an outbound event) for each person subscribed, in the batch's transaction. */
  recordSubscribed(
    topic: string,
    people: ReadonlyArray<{ id: string; email: string }>,
    consent: ConsentContext,
    at: Date,
  ): Promise<void>;
}
