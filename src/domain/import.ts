// Importing contacts a company already has (CSV with an `email` column, optional `locale`)
// into one topic. Streams records in batches; each batch is one transaction of set-based SQL
// (a JSON array bound as one parameter and expanded with json_each), which is what makes a
// million rows take seconds instead of minutes.
//
// The import follows the same rules as preferences.ts: staff may not undo an opt-out, so an
// address that unsubscribed from the topic or from everything, or that is on the suppression
// list (bounced, complained, erased), is rejected, never reactivated. Every real change writes
// one consent-trail entry built with consentRow(); an address already subscribed writes none.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { randomId } from '../crypto/random';
import { consentEvents, type LegalBasis, type SuppressionReason } from '../db/schema';
import { type ConsentContext, consentRow } from './consent';
import { newContactId } from './contacts';
import type { DomainContext, Tx } from './context';
import type { CsvRecord } from './csv';
import { isoDateOf } from './customer-relationship';
import { AppError } from './errors';
import {
  type CustomerDefaults,
  HASH_WIDTH,
  hashOf,
  type PreparedBatch,
  prepareImport,
} from './import-prepare';
import { requireActiveTopic } from './topics';

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

export interface ImportProgress {
  rows: number;
  subscribed: number;
  unchanged: number;
  rejected: number;
}

export interface ImportSummary extends ImportProgress {
  importId: string;
  contactsCreated: number;
  /** Contacts whose customer dates the file (or the defaults) gave. */
  customerDates: number;
  rejectedByReason: Partial<Record<RejectReason, number>>;
}

export interface ImportOptions {
  topic: string;
  /** Where the addresses came from, in the company's words; recorded as `import:<source>`. */
  source: string;
  /** Defaults to the topic's basis. A consent topic cannot be filled under legitimate interest. */
  basis?: LegalBasis;
  /** What was imported (a file name), kept in the trail's note. */
  label?: string;
  batchSize?: number;
  /** Customer dates for every row without its own (prepareImport). */
  customer?: CustomerDefaults;
  onProgress?(progress: ImportProgress): void;
  onReject?(row: RejectedRow): void | Promise<void>;
}

export { type PreparedBatch, prepareImport } from './import-prepare';

/** Imports a CSV's records: prepareImport and importPrepared in one. */
export function importContacts(
  ctx: DomainContext,
  records: AsyncIterable<CsvRecord>,
  opts: ImportOptions,
): Promise<ImportSummary> {
  return importPrepared(
    ctx,
    prepareImport(records, {
      hash: ctx.hasher.hash,
      batchSize: opts.batchSize,
      customer: opts.customer,
    }),
    opts,
  );
}

/**
 * Imports batches already prepared (prepareImport, possibly in another thread). The topic is
 * checked before the first batch is asked for.
 */
export async function importPrepared(
  ctx: DomainContext,
  batches: AsyncIterable<PreparedBatch>,
  opts: Omit<ImportOptions, 'batchSize' | 'customer'>,
): Promise<ImportSummary> {
  const topic = await requireActiveTopic({ ctx, input: { key: opts.topic } });
  const basis = opts.basis ?? topic.basis;
  if (topic.basis === 'consent' && basis !== 'consent') {
    throw new AppError(
      'conflict',
      `topic '${topic.key}' is sent only with consent; addresses cannot be imported into it under legitimate interest`,
    );
  }
  const source = opts.source.trim();
  if (!source)
    throw new AppError('validation_failed', 'an import needs a source (where the addresses came from)');

  const importId = randomId('imp_', 9);
  const consent: ConsentContext = {
    source: `import:${source}`,
    // Short on purpose: it is stored on every imported row.
    wording: `Imported from "${source}" (legal basis: ${basis})`,
    note: `import ${importId}${opts.label ? ` of ${opts.label}` : ''}`,
  };
  const summary: ImportSummary = {
    importId,
    rows: 0,
    subscribed: 0,
    unchanged: 0,
    rejected: 0,
    contactsCreated: 0,
    customerDates: 0,
    rejectedByReason: {},
  };

  for await (const batch of batches) {
    const outcome = await importBatch(ctx, topic.key, consent, batch);
    summary.rows += batch.rows;
    summary.subscribed += outcome.subscribed;
    summary.unchanged += outcome.unchanged;
    summary.contactsCreated += outcome.created;
    summary.customerDates += outcome.customerDates;
    const rejected = [...batch.invalid, ...outcome.rejected].sort((a, b) => a.line - b.line);
    for (const row of rejected) {
      summary.rejected++;
      summary.rejectedByReason[row.reason] = (summary.rejectedByReason[row.reason] ?? 0) + 1;
      await opts.onReject?.(row);
    }
    opts.onProgress?.(progressOf(summary));
  }
  return summary;
}

function progressOf(s: ImportSummary): ImportProgress {
  return { rows: s.rows, subscribed: s.subscribed, unchanged: s.unchanged, rejected: s.rejected };
}

type Outcome = RejectReason | 'subscribe' | 'unchanged';

async function importBatch(
  ctx: DomainContext,
  topic: string,
  consent: ConsentContext,
  batch: PreparedBatch,
): Promise<{
  subscribed: number;
  unchanged: number;
  created: number;
  customerDates: number;
  rejected: RejectedRow[];
}> {
  const result = { subscribed: 0, unchanged: 0, created: 0, customerDates: 0, rejected: [] as RejectedRow[] };
  const { emails, lines, locales, raws, customerSince, customerUntil } = batch;
  const n = emails.length;
  if (n === 0) return result;
  for (let i = 1; i < n; i++) {
    if (emails[i - 1] > emails[i]) throw new Error('prepared batch is not sorted by address');
  }
  const rejectRow = (i: number, reason: RejectReason) =>
    result.rejected.push({ line: lines[i], email: (raws.get(i) ?? emails[i]).slice(0, 320), reason });

  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const at = now.getTime();
    // A bigger page cache for this connection (64 MB; the default is 2 MB): the indexes of a
    // large contact table stop fitting in the default, and every insert then rereads pages.
    // Remote databases (Turso) may refuse the pragma; the import works the same without it.
    await tx.run(sql`pragma cache_size = -65536`).catch(() => undefined);
    // Results come back as one JSON string: building thousands of row objects in the driver
    // costs more than the query itself. A join from the batch's hashes, so each hash is one
    // probe of the suppression list's key; each match names its row by position.
    const suppressed = new Map<number, SuppressionReason>();
    // A match at a position past the rows' own hashes is an older form of a row's address.
    const add = (at: number, reason: SuppressionReason) => {
      const i = at < n ? at : batch.olderOf[at - n];
      if (!suppressed.has(i) || reason === 'erased') suppressed.set(i, reason);
    };
    if (batch.listed) {
      // Read before, on another connection: only entries added since then are read here.
      // Suppression ids are AUTOINCREMENT (migration 0005) and entries are never changed, so
      // every entry added after that read has a larger id than it saw: usually none.
      for (const [i, reason] of batch.listed.matches) add(i, reason);
      const since = await jsonRows<[string, SuppressionReason]>(
        tx,
        sql`select json_group_array(json_array(email_hash, reason)) from suppressions
            where id > ${batch.listed.maxId}`,
      );
      if (since.length > 0) {
        const rowsOf = new Map<string, number[]>();
        for (let i = 0; i < n + batch.olderOf.length; i++) {
          const hash = hashOf(batch, i);
          const at = rowsOf.get(hash);
          if (at) at.push(i);
          else rowsOf.set(hash, [i]);
        }
        for (const [hash, reason] of since) for (const i of rowsOf.get(hash) ?? []) add(i, reason);
      }
    } else {
      // The same lookup as LISTED_SQL (import-prepare.ts), inside this transaction.
      const rows = await jsonRows<[number, SuppressionReason]>(
        tx,
        sql`select json_group_array(json_array(j.key, s.reason))
            from json_each(${batch.hashesJson}) j
            join suppressions s on s.email_hash = j.value`,
      );
      for (const [i, reason] of rows) add(i, reason);
    }

    // The batch runs in a write transaction (BEGIN IMMEDIATE), so no other writer can add or
    // erase one of these contacts between these reads and the writes below.
    // Every address (its first row; the batch is sorted) that is not suppressed is offered as a
    // new contact, in address order and with ids made in that order (ids grow with time), so
    // the email indexes take the batch in one ordered pass and the id indexes at their end.
    // The insert skips addresses that already have a contact (they keep their locale and
    // timestamps); only when it skipped some does the batch need to look the contacts up, so a
    // first import of new addresses reads nothing back.
    // With customer dates, each new contact's string carries them too (CUSTOMER_WIDTH more).
    const offered: number[] = [];
    const packed: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      if ((i > 0 && emails[i] === emails[i - 1]) || suppressed.has(i)) continue;
      const id = newContactId();
      offered.push(i);
      ids.push(id);
      const dates = customerSince && customerUntil ? packDates(customerSince[i], customerUntil[i]) : '';
      packed.push(packRow(id, locales[i], hashOf(batch, i), dates, emails[i]));
      if (customerSince?.[i]) result.customerDates++;
    }
    // Per row of the batch: the contact's id, whether it opted out, its status for the topic.
    const contactId: string[] = new Array(n);
    const optedOut: boolean[] = new Array(n).fill(false);
    const status: Array<string | null> = new Array(n).fill(null);
    const created: boolean[] = new Array(n).fill(false);
    let inserted = 0;
    if (offered.length && !customerSince) {
      inserted = (
        await tx.run(
          sql`insert into contacts (id, email, email_hash, locale, created_at, updated_at, last_activity_at)
              select substr(value, 1, ${ID_WIDTH}), substr(value, ${EMAIL_AT}),
                     substr(value, ${HASH_AT}, ${HASH_WIDTH}),
                     nullif(substr(value, ${ID_WIDTH + 1}, ${LOCALE_WIDTH}), ${NO_LOCALE}), ${at}, ${at}, ${at}
              from json_each(${JSON.stringify(packed)}) where true
              on conflict (email) do nothing`,
        )
      ).rowsAffected;
    } else if (offered.length) {
      inserted = (
        await tx.run(
          sql`insert into contacts (id, email, email_hash, locale, customer_since, customer_until,
                                    created_at, updated_at, last_activity_at)
              select substr(value, 1, ${ID_WIDTH}), substr(value, ${EMAIL_AT + CUSTOMER_WIDTH}),
                     substr(value, ${HASH_AT}, ${HASH_WIDTH}),
                     nullif(substr(value, ${ID_WIDTH + 1}, ${LOCALE_WIDTH}), ${NO_LOCALE}),
                     nullif(substr(value, ${EMAIL_AT}, ${DATE_WIDTH}), ${NO_DATE}),
                     nullif(substr(value, ${EMAIL_AT + DATE_WIDTH}, ${DATE_WIDTH}), ${NO_DATE}),
                     ${at}, ${at}, ${at}
              from json_each(${JSON.stringify(packed)}) where true
              on conflict (email) do nothing`,
        )
      ).rowsAffected;
    }
    if (inserted === offered.length) {
      offered.forEach((i, k) => {
        contactId[i] = ids[k];
        created[i] = true;
      });
    } else {
      const index = new Map(offered.map((i, k) => [emails[i], k]));
      const current = await jsonRows<[string, string, number | null, string | null]>(
        tx,
        sql`select json_group_array(json_array(c.id, c.email, c.unsubscribed_all_at, s.status))
            from json_each(${JSON.stringify(offered.map((i) => emails[i]))}) j
            join contacts c on c.email = j.value
            left join subscriptions s on s.contact_id = c.id and s.topic_key = ${topic}`,
      );
      for (const [id, email, ua, st] of current) {
        const k = index.get(email)!;
        const i = offered[k];
        contactId[i] = id;
        optedOut[i] = ua !== null;
        status[i] = st;
        created[i] = id === ids[k];
      }
    }
    result.created = inserted;
    if (customerSince && customerUntil && inserted < offered.length) {
      // Contacts that already existed take the file's dates: `<id><since><until>` each.
      const changes: string[] = [];
      for (const i of offered) {
        if (!created[i] && customerSince[i])
          changes.push(contactId[i] + packDates(customerSince[i], customerUntil[i]));
      }
      if (changes.length) {
        await tx.run(
          sql`update contacts
              set customer_since = substr(j.value, ${ID_WIDTH + 1}, ${DATE_WIDTH}),
                  customer_until = nullif(substr(j.value, ${ID_WIDTH + DATE_WIDTH + 1}, ${DATE_WIDTH}), ${NO_DATE}),
                  updated_at = ${at}
              from json_each(${JSON.stringify(changes)}) as j
              where contacts.id = substr(j.value, 1, ${ID_WIDTH})`,
        );
      }
    }

    const toSubscribe: string[] = [];
    const touched: string[] = [];
    let outcome: Outcome = 'unchanged';
    for (let i = 0; i < n; i++) {
      if (i > 0 && emails[i] === emails[i - 1]) {
        // A repeated address in the file: rejected again, or already handled by its first row.
        if (outcome === 'subscribe' || outcome === 'unchanged') result.unchanged++;
        else rejectRow(i, outcome);
        continue;
      }
      const reason = suppressed.get(i);
      outcome = reason
        ? reason
        : optedOut[i] || status[i] === 'unsubscribed'
          ? 'opted_out'
          : status[i] === 'subscribed'
            ? 'unchanged'
            : 'subscribe';
      if (outcome === 'subscribe') {
        toSubscribe.push(contactId[i]);
        if (!created[i]) touched.push(contactId[i]);
      } else if (outcome === 'unchanged') result.unchanged++;
      else rejectRow(i, outcome);
    }
    if (toSubscribe.length === 0) return;
    result.subscribed = toSubscribe.length;

    const idsJson = JSON.stringify(toSubscribe.sort());
    await tx.run(
      sql`insert into subscriptions (contact_id, topic_key, status, updated_at)
          select value, ${topic}, 'subscribed', ${at} from json_each(${idsJson}) where true
          on conflict (contact_id, topic_key) do update set status = 'subscribed', updated_at = excluded.updated_at`,
    );
    await insertTrail(tx, consentRow('', topic, 'subscribe', consent, now), idsJson);
    // Contacts created by this batch already carry these timestamps.
    if (touched.length) {
      await tx.run(
        sql`update contacts set updated_at = ${at}, last_activity_at = ${at}
            where id in (select value from json_each(${JSON.stringify(touched)}))`,
      );
    }
  });
  return result;
}

/**
 * One trail entry per contact id in `idsJson`, all sharing the evidence in `template` (built
 * once with consentRow, so truncation and hashing rules are the same as everywhere else).
 */
async function insertTrail(tx: Tx, template: ReturnType<typeof consentRow>, idsJson: string) {
  const columns = getTableColumns(consentEvents) as Record<string, SQLiteColumn>;
  const names: string[] = [];
  const values = [];
  for (const [key, value] of Object.entries(template)) {
    if (key === 'contactId' || value === undefined) continue;
    const column = columns[key];
    names.push(column.name);
    values.push(value === null ? sql`null` : sql`${column.mapToDriverValue(value)}`);
  }
  await tx.run(
    sql`insert into consent_events (contact_id, ${sql.raw(names.join(', '))})
        select value, ${sql.join(values, sql`, `)} from json_each(${idsJson})`,
  );
}

// New contacts travel to the engine as one string each, `<id><locale><hash><email>`, cut apart
// with substr (1-based): extracting four values from a JSON array per row cost more than the
// row's inserts. Ids are always ID_WIDTH characters (newContactId), locales LOCALE_WIDTH (en,
// nl) and hashes HASH_WIDTH. An import with customer dates puts both dates (CUSTOMER_WIDTH)
// between the hash and the address.
const ID_WIDTH = 14;
const LOCALE_WIDTH = 2;
const NO_LOCALE = '--';
const HASH_AT = ID_WIDTH + LOCALE_WIDTH + 1;
const EMAIL_AT = HASH_AT + HASH_WIDTH;
const DATE_WIDTH = 10;
const NO_DATE = '----------';
const CUSTOMER_WIDTH = 2 * DATE_WIDTH;

function packRow(id: string, locale: string | null, hash: string, dates: string, email: string): string {
  const l = locale ?? NO_LOCALE;
  if (id.length !== ID_WIDTH || l.length !== LOCALE_WIDTH || hash.length !== HASH_WIDTH)
    throw new Error('contact id, locale or hash of unexpected width');
  return id + l + hash + dates + email;
}

/** Two day numbers (0 for none) as `<since><until>`, each a date or NO_DATE. */
function packDates(since: number, until: number): string {
  return (since ? isoDateOf(since) : NO_DATE) + (until ? isoDateOf(until) : NO_DATE);
}

async function jsonRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const [row] = await tx.values<[string | null]>(query);
  return row?.[0] ? (JSON.parse(row[0]) as T[]) : [];
}
