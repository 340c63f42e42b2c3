// The part of an import that needs no database: reading records, validating and normalising
// addresses, hashing them for the suppression list, sorting them into batches. Kept apart from
// import.ts (and free of database imports) because the command line runs it in a worker
// thread, which then starts without loading the ORM.

import type { SuppressionReason } from '../db/schema';
import type { CsvRecord } from './csv';
import { isValidEmail, normaliseEmail } from './email';
import { createEmailHasher } from './email-hasher';
import { AppError } from './errors';
import type { RejectedRow } from './import';
import { isLocale, type Locale } from './locales';

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
   * A JSON array of each valid row's keyed suppression hash (emailHash), in the same order;
   * every hash is HASH_WIDTH characters, so hashOf() reads one without parsing the array.
   */
  hashesJson: string;
  /** The address as written in the file, for the valid rows where it differs from `emails[i]`. */
  raws: Map<number, string>;
  /** Rows rejected before the database: missing or invalid addresses, unsupported locales. */
  invalid: RejectedRow[];
  /**
   * The batch's suppression-list entries as another connection read them (the command line's
   * worker does, off the writing thread), with what that read could see: the writer then
   * only looks for entries added since. Absent: the writer reads the list itself.
   */
  listed?: ListedEntries;
}

/**
 * What a connection other than the writer's reads for ListedEntries, in one statement (one
 * snapshot): the list's largest id and the matches of the batch's hashes (`?1`, hashesJson),
 * each as [position in the batch, reason].
 */
export const LISTED_SQL = `select coalesce((select max(id) from suppressions), 0),
  (select json_group_array(json_array(j.key, s.reason))
     from json_each(?1) j join suppressions s on s.email_hash = j.value)`;

export interface ListedEntries {
  /** Each match: the row's position in the batch and the entry's reason. */
  matches: Array<[number, SuppressionReason]>;
  /** The list's largest id when it was read. */
  maxId: number;
}

// Rows per batch (one write transaction each). 10,000 measured a few per cent faster than
// 5,000 on a million-row import (bench/README.md), and two batches in flight stay small.
const DEFAULT_BATCH = 10_000;

/** Characters in an emailHash: base64url of 32 bytes, unpadded. */
export const HASH_WIDTH = 43;

/** Row i's keyed hash, read straight out of `hashesJson` (`["<hash>","<hash>",...]`). */
export function hashOf(batch: PreparedBatch, i: number): string {
  const at = 2 + i * (HASH_WIDTH + 3);
  return batch.hashesJson.slice(at, at + HASH_WIDTH);
}

/** Reads, validates, normalises and hashes CSV records into batches of `batchSize` rows. */
export async function* prepareImport(
  records: AsyncIterable<CsvRecord>,
  opts: { suppressionHashKey: string; batchSize?: number },
): AsyncGenerator<PreparedBatch> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const hash = createEmailHasher(opts.suppressionHashKey);
  let columns: { email: number; locale: number } | undefined;
  let rows = 0;
  let lines: number[] = [];
  let raws: string[] = [];
  let emails: string[] = [];
  let locales: Array<Locale | null> = [];
  let invalid: RejectedRow[] = [];
  const take = (): PreparedBatch => {
    // Sorted by address, ties in file order: the database takes the batch in one ordered pass.
    const order = emails.map((_, i) => i);
    order.sort((a, b) => (emails[a] < emails[b] ? -1 : emails[a] > emails[b] ? 1 : a - b));
    const batch: PreparedBatch = {
      rows,
      emails: order.map((i) => emails[i]),
      lines: order.map((i) => lines[i]),
      locales: order.map((i) => locales[i]),
      hashesJson: '',
      raws: new Map(),
      invalid,
    };
    // Base64url needs no escaping in JSON.
    const hashes = batch.emails.map(hash);
    if (hashes.some((h) => h.length !== HASH_WIDTH)) throw new Error('keyed hash of unexpected width');
    batch.hashesJson = hashes.length ? `["${hashes.join('","')}"]` : '[]';
    order.forEach((from, to) => {
      if (raws[from] !== emails[from]) batch.raws.set(to, raws[from]);
    });
    rows = 0;
    lines = [];
    raws = [];
    emails = [];
    locales = [];
    invalid = [];
    return batch;
  };

  for await (const record of records) {
    if (!columns) {
      columns = headerColumns(record.fields);
      continue;
    }
    if (record.fields.length === 1 && record.fields[0].trim() === '') continue;
    rows++;
    const raw = record.fields[columns.email] ?? '';
    const email = normaliseEmail(raw);
    const locale = columns.locale >= 0 ? record.fields[columns.locale]?.trim().toLowerCase() : undefined;
    if (!email) invalid.push({ line: record.line, email: '', reason: 'missing_email' });
    else if (!isValidEmail(email))
      invalid.push({ line: record.line, email: raw.slice(0, 320), reason: 'invalid_email' });
    // A language we have no pages for is a mistake in the file, not a preference to drop.
    else if (locale && !isLocale(locale))
      invalid.push({ line: record.line, email: raw.slice(0, 320), reason: 'unsupported_locale' });
    else {
      lines.push(record.line);
      raws.push(raw);
      emails.push(email);
      locales.push(isLocale(locale) ? locale : null);
    }
    if (rows >= batchSize) yield take();
  }
  if (!columns)
    throw new AppError(
      'validation_failed',
      'the file is empty: expected a header row with an "email" column',
    );
  if (rows) yield take();
}

function headerColumns(header: string[]): { email: number; locale: number } {
  const names = header.map((h) => h.trim().toLowerCase());
  const email = names.indexOf('email');
  if (email < 0)
    throw new AppError('validation_failed', 'the first row must be a header with an "email" column');
  return { email, locale: names.indexOf('locale') };
}
