// Importing contacts a company already has (CSV with an `email` column, optional `locale` and
// customer dates) into one topic: what each row means. Records are prepared in batches
// (import-prepare.ts) and each batch is written in one transaction through the ImportWriter
// port (import-batch.ts; src/db/import-writer.ts does it in a handful of set-based statements).
//
// The import follows the same rules as preferences.ts: staff may not undo an opt-out, so an
// address that unsubscribed from the topic or from everything, or that is on the suppression
// list (bounced, complained, erased), is rejected, never reactivated. Every real change writes
// one consent-trail entry built with consentRow(); an address already subscribed writes none.

import { randomId } from '../crypto/random';
import type { LegalBasis, SuppressionReason } from '../db/schema';
import { type ConsentContext, consentRow } from './consent';
import { newContactId } from './contacts';
import type { DomainContext } from './context';
import type { CsvRecord } from './csv';
import { AppError } from './errors';
import type { ImportWriter, ImportWrites, PreparedBatch, RejectedRow, RejectReason } from './import-batch';
import { type CustomerDefaults, prepareImport } from './import-prepare';
import { requireActiveTopic } from './topics';

export type { PreparedBatch, RejectedRow, RejectReason } from './import-batch';
export { prepareImport } from './import-prepare';

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

/** What an import needs: the topic's database, the clock and the writer of its batches. */
export type ImportDeps = DomainContext & { writer: ImportWriter };

/** Imports a CSV's records: prepareImport and importPrepared in one. */
export function importContacts(
  ctx: ImportDeps,
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
  ctx: ImportDeps,
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
    const outcome = await ctx.writer.inTransaction((writes) =>
      importBatch(writes, ctx.clock.now(), topic.key, consent, batch),
    );
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

/**
 * One batch, inside its write transaction (so no other writer can add or erase one of these
 * contacts between the reads and the writes). The batch is sorted, so a repeated address
 * follows its first row.
 */
async function importBatch(
  writes: ImportWrites,
  now: Date,
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
  const { emails, lines, raws, customerSince, customerUntil } = batch;
  const n = emails.length;
  if (n === 0) return result;
  for (let i = 1; i < n; i++) {
    if (emails[i - 1] > emails[i]) throw new Error('prepared batch is not sorted by address');
  }
  const rejectRow = (i: number, reason: RejectReason) =>
    result.rejected.push({ line: lines[i], email: (raws.get(i) ?? emails[i]).slice(0, 320), reason });

  // An entry past the rows' own hashes is an older form of a row's address; erased wins.
  const suppressed = new Map<number, SuppressionReason>();
  for (const [at, reason] of await writes.listed(batch)) {
    const i = at < n ? at : batch.olderOf[at - n];
    if (!suppressed.has(i) || reason === 'erased') suppressed.set(i, reason);
  }

  // Every address (its first row) that is not suppressed is offered as a new contact, with
  // ids made in address order (ids grow with time). Only when some already had a contact does
  // the batch look the contacts up, so a first import of new addresses reads nothing back.
  const offered: number[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    if ((i > 0 && emails[i] === emails[i - 1]) || suppressed.has(i)) continue;
    offered.push(i);
    ids.push(newContactId());
    if (customerSince?.[i]) result.customerDates++;
  }
  // Per row of the batch: the contact's id, whether it opted out, its status for the topic.
  const contactId: string[] = new Array(n);
  const optedOut: boolean[] = new Array(n).fill(false);
  const status: Array<string | null> = new Array(n).fill(null);
  const created: boolean[] = new Array(n).fill(false);
  const inserted = await writes.addContacts(batch, offered, ids, now);
  if (inserted === offered.length) {
    offered.forEach((i, k) => {
      contactId[i] = ids[k];
      created[i] = true;
    });
  } else {
    const index = new Map(offered.map((i, k) => [emails[i], k]));
    const stored = await writes.storedContacts(
      offered.map((i) => emails[i]),
      topic,
    );
    for (const [id, email, optedOutOfAll, st] of stored) {
      const k = index.get(email)!;
      const i = offered[k];
      contactId[i] = id;
      optedOut[i] = optedOutOfAll;
      status[i] = st;
      created[i] = id === ids[k];
    }
  }
  result.created = inserted;
  if (customerSince && customerUntil && inserted < offered.length) {
    // Contacts that already existed take the file's dates.
    const changes: Array<[string, number, number]> = [];
    for (const i of offered) {
      if (!created[i] && customerSince[i]) changes.push([contactId[i], customerSince[i], customerUntil[i]]);
    }
    await writes.setCustomerDates(changes, now);
  }

  const toSubscribe: string[] = [];
  const subscribedPeople: Array<{ id: string; email: string }> = [];
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
      subscribedPeople.push({ id: contactId[i], email: emails[i] });
      // Contacts created by this batch already carry these timestamps.
      if (!created[i]) touched.push(contactId[i]);
    } else if (outcome === 'unchanged') result.unchanged++;
    else rejectRow(i, outcome);
  }
  result.subscribed = toSubscribe.length;
  await writes.subscribe(topic, toSubscribe, consentRow('', topic, 'subscribe', consent, now), touched, now);
  await writes.recordSubscribed(topic, subscribedPeople, consent, now);
  return result;
}
