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
import { consentEvents, type LegalBasis, type SuppressionReason } from '../db/schema';
import { type ConsentContext, consentRow } from './consent';
import { isLocale, newContactId } from './contacts';
import type { DomainContext, Tx } from './context';
import type { CsvRecord } from './csv';
import { isValidEmail, normaliseEmail } from './email';
import { createEmailHasher } from './email-hasher';
import { AppError } from './errors';
import { randomId } from './hashing';
import { requireActiveTopic } from './topics';

export type RejectReason = 'missing_email' | 'invalid_email' | 'opted_out' | SuppressionReason;

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
  onProgress?(progress: ImportProgress): void;
  onReject?(row: RejectedRow): void | Promise<void>;
}

export type ImportContext = DomainContext & { suppressionHashKey: string };

interface Candidate {
  line: number;
  raw: string;
  email: string;
  locale: string | null;
}

const DEFAULT_BATCH = 5000;

export async function importContacts(
  ctx: ImportContext,
  records: AsyncIterable<CsvRecord>,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const topic = await requireActiveTopic(ctx.db, opts.topic);
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
    rejectedByReason: {},
  };
  const reject = async (rows: RejectedRow[]) => {
    rows.sort((a, b) => a.line - b.line);
    for (const row of rows) {
      summary.rejected++;
      summary.rejectedByReason[row.reason] = (summary.rejectedByReason[row.reason] ?? 0) + 1;
      await opts.onReject?.(row);
    }
  };

  const hash = createEmailHasher(ctx.suppressionHashKey);
  let columns: { email: number; locale: number } | undefined;
  let batch: Candidate[] = [];
  let invalid: RejectedRow[] = [];
  const flush = async () => {
    const outcome = await importBatch(ctx, hash, topic.key, consent, batch);
    summary.subscribed += outcome.subscribed;
    summary.unchanged += outcome.unchanged;
    summary.contactsCreated += outcome.created;
    await reject([...invalid, ...outcome.rejected]);
    batch = [];
    invalid = [];
    opts.onProgress?.(progressOf(summary));
  };

  for await (const record of records) {
    if (!columns) {
      columns = headerColumns(record.fields);
      continue;
    }
    if (record.fields.length === 1 && record.fields[0].trim() === '') continue;
    summary.rows++;
    const raw = record.fields[columns.email] ?? '';
    const email = normaliseEmail(raw);
    if (!email) invalid.push({ line: record.line, email: '', reason: 'missing_email' });
    else if (!isValidEmail(email))
      invalid.push({ line: record.line, email: raw.slice(0, 320), reason: 'invalid_email' });
    else {
      const locale = columns.locale >= 0 ? record.fields[columns.locale]?.trim().toLowerCase() : undefined;
      batch.push({ line: record.line, raw, email, locale: isLocale(locale) ? locale : null });
    }
    if (batch.length + invalid.length >= (opts.batchSize ?? DEFAULT_BATCH)) await flush();
  }
  if (!columns)
    throw new AppError(
      'validation_failed',
      'the file is empty: expected a header row with an "email" column',
    );
  if (batch.length || invalid.length) await flush();
  return summary;
}

function headerColumns(header: string[]): { email: number; locale: number } {
  const names = header.map((h) => h.trim().toLowerCase());
  const email = names.indexOf('email');
  if (email < 0)
    throw new AppError('validation_failed', 'the first row must be a header with an "email" column');
  return { email, locale: names.indexOf('locale') };
}

function progressOf(s: ImportSummary): ImportProgress {
  return { rows: s.rows, subscribed: s.subscribed, unchanged: s.unchanged, rejected: s.rejected };
}

async function importBatch(
  ctx: ImportContext,
  hashOf: (email: string) => string,
  topic: string,
  consent: ConsentContext,
  batch: Candidate[],
): Promise<{ subscribed: number; unchanged: number; created: number; rejected: RejectedRow[] }> {
  const result = { subscribed: 0, unchanged: 0, created: 0, rejected: [] as RejectedRow[] };
  if (batch.length === 0) return result;
  const hashes = new Map<string, string>();
  for (const c of batch) if (!hashes.has(c.email)) hashes.set(c.email, hashOf(c.email));

  await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const at = now.getTime();
    // A bigger page cache for this connection (64 MB; the default is 2 MB): the indexes of a
    // large contact table stop fitting in the default, and every insert then rereads pages.
    // Remote databases (Turso) may refuse the pragma; the import works the same without it.
    await tx.run(sql`pragma cache_size = -65536`).catch(() => undefined);
    const suppressed = new Map<string, SuppressionReason>();
    // Results come back as one JSON string: building thousands of row objects in the driver
    // costs more than the query itself. A join from the batch's hashes, so each hash is one
    // probe of the suppression list's key.
    const rows = await jsonRows<[string, SuppressionReason]>(
      tx,
      sql`select json_group_array(json_array(s.email_hash, s.reason))
          from json_each(${JSON.stringify([...hashes.values()])}) j
          join suppressions s on s.email_hash = j.value`,
    );
    for (const [hash, reason] of rows)
      if (!suppressed.has(hash) || reason === 'erased') suppressed.set(hash, reason);

    // The batch runs in a write transaction (BEGIN IMMEDIATE), so no other writer can add or
    // erase one of these contacts between these reads and the writes below.
    const candidates = new Map<string, Candidate>();
    for (const c of batch) {
      if (!suppressed.has(hashes.get(c.email)!) && !candidates.has(c.email)) candidates.set(c.email, c);
    }

    // Every candidate is offered as a new contact, in address order and with ids made in that
    // order (ids grow with time), so the email indexes take the batch in one ordered pass and
    // the id indexes at their end. The insert skips addresses that already have a contact
    // (they keep their locale and timestamps); only when it skipped some does the batch need
    // to look the contacts up, so a first import of new addresses reads nothing back.
    // (The default sort of the keys: comparing in the engine, not through a JS callback.)
    const offered = [...candidates.keys()].sort().map((email) => candidates.get(email)!);
    const ids = offered.map(() => newContactId());
    const inserted = await tx.run(
      sql`insert into contacts (id, email, locale, created_at, updated_at, last_activity_at)
          select substr(value, 1, ${ID_WIDTH}), substr(value, ${ID_WIDTH + LOCALE_WIDTH + 1}),
                 nullif(substr(value, ${ID_WIDTH + 1}, ${LOCALE_WIDTH}), ${NO_LOCALE}), ${at}, ${at}, ${at}
          from json_each(${JSON.stringify(offered.map((c, i) => packRow(ids[i], c)))}) where true
          on conflict (email) do nothing`,
    );
    const state = new Map<
      string,
      { id: string; optedOut: boolean; status: string | null; created: boolean }
    >();
    if (inserted.rowsAffected === offered.length) {
      offered.forEach((c, i) => {
        state.set(c.email, { id: ids[i], optedOut: false, status: null, created: true });
      });
    } else {
      const offeredId = new Map(offered.map((c, i) => [c.email, ids[i]]));
      const current = await jsonRows<[string, string, number | null, string | null]>(
        tx,
        sql`select json_group_array(json_array(c.id, c.email, c.unsubscribed_all_at, s.status))
            from json_each(${JSON.stringify(offered.map((c) => c.email))}) j
            join contacts c on c.email = j.value
            left join subscriptions s on s.contact_id = c.id and s.topic_key = ${topic}`,
      );
      for (const [id, email, ua, status] of current) {
        state.set(email, { id, optedOut: ua !== null, status, created: id === offeredId.get(email) });
      }
    }
    result.created = inserted.rowsAffected;

    const decided = new Map<string, RejectReason | 'subscribe' | 'unchanged'>();
    const toSubscribe: string[] = [];
    const touched: string[] = [];
    for (const c of batch) {
      const earlier = decided.get(c.email);
      if (earlier) {
        // A repeated address in the file: rejected again, or already handled by its first row.
        if (earlier === 'subscribe' || earlier === 'unchanged') result.unchanged++;
        else result.rejected.push({ line: c.line, email: c.raw.slice(0, 320), reason: earlier });
        continue;
      }
      const reason = suppressed.get(hashes.get(c.email)!);
      const s = state.get(c.email);
      const outcome: RejectReason | 'subscribe' | 'unchanged' = reason
        ? reason
        : s!.optedOut || s!.status === 'unsubscribed'
          ? 'opted_out'
          : s!.status === 'subscribed'
            ? 'unchanged'
            : 'subscribe';
      decided.set(c.email, outcome);
      if (outcome === 'subscribe') {
        toSubscribe.push(s!.id);
        if (!s!.created) touched.push(s!.id);
      } else if (outcome === 'unchanged') result.unchanged++;
      else result.rejected.push({ line: c.line, email: c.raw.slice(0, 320), reason: outcome });
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

// New contacts travel to the engine as one string each, `<id><locale><email>`, cut apart with
// substr: extracting three values from a JSON array per row cost more than the row's inserts.
// Ids are always ID_WIDTH characters (newContactId) and locales LOCALE_WIDTH (en, nl).
const ID_WIDTH = 14;
const LOCALE_WIDTH = 2;
const NO_LOCALE = '--';

function packRow(id: string, c: Candidate): string {
  const locale = c.locale ?? NO_LOCALE;
  if (id.length !== ID_WIDTH || locale.length !== LOCALE_WIDTH)
    throw new Error('contact id or locale of unexpected width');
  return id + locale + c.email;
}

async function jsonRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const [row] = await tx.values<[string | null]>(query);
  return row?.[0] ? (JSON.parse(row[0]) as T[]) : [];
}
