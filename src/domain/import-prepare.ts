// The part of an import that needs no database: reading records, validating and normalising
// addresses, hashing them for the suppression list, sorting them into batches. Kept apart from
// import.ts (and free of database imports) because the command line runs it in a worker
// thread, which then starts without loading the ORM.

import type { CsvRecord } from './csv';
import { customerDatesProblem, dayNumberOf } from './customer-relationship';
import { isValidEmail, normaliseEmailWithOlderForms } from './email';
import { AppError } from './errors';
import { HASH_WIDTH, type PreparedBatch, type RejectedRow } from './import-batch';
import { isLocale, type Locale } from './locales';

// Rows per batch (one write transaction each). Addresses arrive in no particular order, so a
// batch's new contacts land all over the contacts table, and each commit writes every page it
// touched: 50,000 rows per batch took a shuffled million-row import from ~25 to ~16 CPU
// seconds on the writing thread against 10,000 (bench/README.md, 2026-12-01 17:31). A batch
// holds the write lock for about a second on this machine; a batch in flight is a few MB.
const DEFAULT_BATCH = 50_000;

/** Customer dates (YYYY-MM-DD) for every row that has none of its own. */
export interface CustomerDefaults {
  since?: string;
  until?: string;
}

export interface PrepareOptions {
  /** The suppression list's keyed hash of a canonical address (SuppressionHasher.hash). */
  hash: (canonicalEmail: string) => string;
  batchSize?: number;
  customer?: CustomerDefaults;
}

/** Reads, validates, normalises and hashes CSV records into batches of `batchSize` rows. */
export async function* prepareImport(
  records: AsyncIterable<CsvRecord>,
  opts: PrepareOptions,
): AsyncGenerator<PreparedBatch> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const { hash } = opts;
  const defaults = customerDefaults(opts.customer);
  let columns: Columns | undefined;
  // Whether rows carry customer dates: decided by the header and the defaults.
  let withCustomer = false;
  let since: number[] = [];
  let until: number[] = [];
  let rows = 0;
  let lines: number[] = [];
  let raws: string[] = [];
  let emails: string[] = [];
  let locales: Array<Locale | null> = [];
  let olders: Array<string[] | undefined> = [];
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
      olderOf: [],
      raws: new Map(),
      invalid,
    };
    if (withCustomer) {
      batch.customerSince = Int32Array.from(order, (i) => since[i]);
      batch.customerUntil = Int32Array.from(order, (i) => until[i]);
    }
    // Base64url needs no escaping in JSON.
    const hashes = batch.emails.map(hash);
    order.forEach((from, to) => {
      for (const form of olders[from] ?? []) {
        hashes.push(hash(form));
        batch.olderOf.push(to);
      }
    });
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
    olders = [];
    invalid = [];
    since = [];
    until = [];
    return batch;
  };

  for await (const record of records) {
    if (!columns) {
      columns = headerColumns(record.fields);
      withCustomer = columns.customerSince >= 0 || columns.customerUntil >= 0 || defaults !== undefined;
      continue;
    }
    if (record.fields.length === 1 && record.fields[0].trim() === '') continue;
    rows++;
    const raw = record.fields[columns.email] ?? '';
    const older: string[] = [];
    const email = normaliseEmailWithOlderForms(raw, older);
    const locale = columns.locale >= 0 ? record.fields[columns.locale]?.trim().toLowerCase() : undefined;
    if (!raw.trim()) invalid.push({ line: record.line, email: '', reason: 'missing_email' });
    else if (!isValidEmail(email))
      invalid.push({ line: record.line, email: raw.slice(0, 320), reason: 'invalid_email' });
    // A language we have no pages for is a mistake in the file, not a preference to drop.
    else if (locale && !isLocale(locale))
      invalid.push({ line: record.line, email: raw.slice(0, 320), reason: 'unsupported_locale' });
    else {
      let dates: [number, number] | undefined;
      if (withCustomer) {
        dates = customerDatesOf(record.fields, columns, defaults);
        if (!dates) {
          invalid.push({ line: record.line, email: raw.slice(0, 320), reason: 'invalid_customer_dates' });
          if (rows >= batchSize) yield take();
          continue;
        }
      }
      lines.push(record.line);
      raws.push(raw);
      emails.push(email);
      locales.push(isLocale(locale) ? locale : null);
      if (dates) {
        since.push(dates[0]);
        until.push(dates[1]);
      }
      olders.push(older.length ? older : undefined);
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

interface Columns {
  email: number;
  locale: number;
  customerSince: number;
  customerUntil: number;
}

function headerColumns(header: string[]): Columns {
  const names = header.map((h) => h.trim().toLowerCase());
  const email = names.indexOf('email');
  if (email < 0)
    throw new AppError('validation_failed', 'the first row must be a header with an "email" column');
  return {
    email,
    locale: names.indexOf('locale'),
    customerSince: names.indexOf('customer_since'),
    customerUntil: names.indexOf('customer_until'),
  };
}

/** The defaults as day numbers ([since, until], 0 for none), or undefined without any. */
function customerDefaults(given: CustomerDefaults | undefined): [number, number] | undefined {
  if (!given || (given.since === undefined && given.until === undefined)) return undefined;
  const parse = (value: string | undefined, name: string) => {
    if (value === undefined) return 0;
    const day = dayNumberOf(value);
    if (day === undefined)
      throw new AppError('validation_failed', `${name} must be a date written YYYY-MM-DD`);
    return day;
  };
  return [parse(given.since, 'the default customer_since'), parse(given.until, 'the default customer_until')];
}

/**
 * A row's customer dates as day numbers, its own cell first and the default for an empty one;
 * undefined when a cell is not a date or the two make no relationship (customerDatesProblem).
 */
function customerDatesOf(
  fields: string[],
  columns: Columns,
  defaults: [number, number] | undefined,
): [number, number] | undefined {
  const cell = (at: number, fallback: number) => {
    const text = at >= 0 ? (fields[at]?.trim() ?? '') : '';
    return text === '' ? fallback : dayNumberOf(text);
  };
  const since = cell(columns.customerSince, defaults?.[0] ?? 0);
  const until = cell(columns.customerUntil, defaults?.[1] ?? 0);
  if (since === undefined || until === undefined) return undefined;
  // Day numbers order like the dates they stand for.
  if (customerDatesProblem(since || null, until || null) !== null) return undefined;
  return [since, until];
}
