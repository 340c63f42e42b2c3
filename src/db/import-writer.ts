// The import's SQL (the ImportWriter port of domain/import-batch.ts): each batch is one write
// transaction of set-based statements, with the batch bound as one JSON parameter and expanded
// with json_each, which is what makes a million rows take seconds instead of minutes. Results
// come back as one JSON string per statement: building thousands of row objects in the driver
// costs more than the query itself.
import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { recordSubscribedMany } from '../domain/change-events';
import type { Tx } from '../domain/context';
import { isoDateOf } from '../domain/customer-relationship';
import {
  type ConsentRow,
  HASH_WIDTH,
  hashOf,
  type ImportWriter,
  type ImportWrites,
  type StoredContact,
} from '../domain/import-batch';
import type { Db } from './client';
import { countStatusChanges, countTrail, liftRowTriggers } from './import-lifted-triggers';
import { consentEvents, type SuppressionReason } from './schema';

export function createImportWriter(db: Db): ImportWriter {
  return {
    inTransaction: (work) =>
      db.transaction(async (tx) => {
        // A bigger page cache for this connection (64 MB; the default is 2 MB): the indexes of a
        // large contact table stop fitting in the default, and every insert then rereads pages.
        // Remote databases (Turso) may refuse the pragma; the import works the same without it.
        await tx.run(sql`pragma cache_size = -65536`).catch(() => undefined);
        // The counting and wording triggers are off for this transaction only, and back before
        // COMMIT; the batch does their work in a few statements (import-lifted-triggers.ts).
        const lifted = await liftRowTriggers(tx);
        const result = await work(writesIn(tx));
        for (const createSql of lifted) await tx.run(sql.raw(createSql));
        return result;
      }),
  };
}

function writesIn(tx: Tx): ImportWrites {
  return {
    async listed(batch) {
      // A join from the batch's hashes, so each hash is one probe of the suppression list's key.
      if (!batch.listed) {
        return jsonRows<[number, SuppressionReason]>(
          tx,
          sql`select json_group_array(json_array(j.key, s.reason))
              from json_each(${batch.hashesJson}) j
              join suppressions s on s.email_hash = j.value`,
        );
      }
      // Read before, on another connection (import-listed.ts): only entries added since then
      // are read here. Suppression ids are AUTOINCREMENT (migration 0005) and entries are never
      // changed, so every entry added after that read has a larger id than it saw: usually none.
      const since = await jsonRows<[string, SuppressionReason]>(
        tx,
        sql`select json_group_array(json_array(email_hash, reason)) from suppressions
            where id > ${batch.listed.maxId}`,
      );
      if (since.length === 0) return batch.listed.matches;
      const matches = batch.listed.matches.slice();
      const positionsOf = new Map<string, number[]>();
      for (let i = 0; i < batch.emails.length + batch.olderOf.length; i++) {
        const hash = hashOf(batch, i);
        const at = positionsOf.get(hash);
        if (at) at.push(i);
        else positionsOf.set(hash, [i]);
      }
      for (const [hash, reason] of since)
        for (const i of positionsOf.get(hash) ?? []) matches.push([i, reason]);
      return matches;
    },

    async addContacts(batch, rows, ids, at) {
      if (rows.length === 0) return 0;
      const { customerSince, customerUntil } = batch;
      const withDates = customerSince !== undefined && customerUntil !== undefined;
      const packed = rows.map((i, k) =>
        packRow(
          ids[k],
          batch.locales[i],
          hashOf(batch, i),
          withDates ? packDates(customerSince[i], customerUntil[i]) : '',
          batch.emails[i],
        ),
      );
      const ms = at.getTime();
      // In address order, with ids made in that order: the email index takes the batch in one
      // ordered pass and the id indexes at their end. Existing contacts keep their locale and
      // timestamps.
      const insert = withDates
        ? sql`insert into contacts (id, email, email_hash, locale, customer_since, customer_until,
                                    created_at, updated_at, last_activity_at)
              select substr(value, 1, ${ID_WIDTH}), substr(value, ${EMAIL_AT + CUSTOMER_WIDTH}),
                     substr(value, ${HASH_AT}, ${HASH_WIDTH}),
                     nullif(substr(value, ${ID_WIDTH + 1}, ${LOCALE_WIDTH}), ${NO_LOCALE}),
                     nullif(substr(value, ${EMAIL_AT}, ${DATE_WIDTH}), ${NO_DATE}),
                     nullif(substr(value, ${EMAIL_AT + DATE_WIDTH}, ${DATE_WIDTH}), ${NO_DATE}),
                     ${ms}, ${ms}, ${ms}
              from json_each(${JSON.stringify(packed)}) where true
              on conflict (email) do nothing`
        : sql`insert into contacts (id, email, email_hash, locale, created_at, updated_at, last_activity_at)
              select substr(value, 1, ${ID_WIDTH}), substr(value, ${EMAIL_AT}),
                     substr(value, ${HASH_AT}, ${HASH_WIDTH}),
                     nullif(substr(value, ${ID_WIDTH + 1}, ${LOCALE_WIDTH}), ${NO_LOCALE}), ${ms}, ${ms}, ${ms}
              from json_each(${JSON.stringify(packed)}) where true
              on conflict (email) do nothing`;
      return (await tx.run(insert)).rowsAffected;
    },

    async storedContacts(emails, topic) {
      const rows = await jsonRows<[string, string, number | null, string | null]>(
        tx,
        sql`select json_group_array(json_array(c.id, c.email, c.unsubscribed_all_at, s.status))
            from json_each(${JSON.stringify(emails)}) j
            join contacts c on c.email = j.value
            left join subscriptions s on s.contact_id = c.id and s.topic_key = ${topic}`,
      );
      return rows.map(
        ([id, email, optedOutAt, status]): StoredContact => [id, email, optedOutAt !== null, status],
      );
    },

    async setCustomerDates(changes, at) {
      if (changes.length === 0) return;
      // `<id><since><until>` each.
      const packed = changes.map(([id, since, until]) => id + packDates(since, until));
      await tx.run(
        sql`update contacts
            set customer_since = substr(j.value, ${ID_WIDTH + 1}, ${DATE_WIDTH}),
                customer_until = nullif(substr(j.value, ${ID_WIDTH + DATE_WIDTH + 1}, ${DATE_WIDTH}), ${NO_DATE}),
                updated_at = ${at.getTime()}
            from json_each(${JSON.stringify(packed)}) as j
            where contacts.id = substr(j.value, 1, ${ID_WIDTH})`,
      );
    },

    async subscribe(topic, contactIds, trail, touched, at) {
      if (contactIds.length === 0) return;
      const ms = at.getTime();
      // Sorted, so the subscriptions key and the trail's index take them in one ordered pass.
      const idsJson = JSON.stringify(contactIds.slice().sort());
      await countStatusChanges(tx, topic, contactIds.length, touched);
      await tx.run(
        sql`insert into subscriptions (contact_id, topic_key, status, updated_at)
            select value, ${topic}, 'subscribed', ${ms} from json_each(${idsJson}) where true
            on conflict (contact_id, topic_key) do update set status = 'subscribed', updated_at = excluded.updated_at`,
      );
      await insertTrail(tx, trail, idsJson);
      await countTrail(tx, trail, contactIds.length);
      if (touched.length) {
        await tx.run(
          sql`update contacts set updated_at = ${ms}, last_activity_at = ${ms}
              where id in (select value from json_each(${JSON.stringify(touched)}))`,
        );
      }
    },

    async recordSubscribed(topic, people, consent, at) {
      if (people.length === 0) return;
      await recordSubscribedMany(tx, [...people], topic, consent, at);
    },
  };
}

/**
 * One trail entry per contact id in `idsJson`, all sharing the evidence in `template` (built
 * once with consentRow, so truncation and hashing rules are the same as everywhere else). The
 * wording is stored once, under its hash, and the rows carry the hash only (migration 0014),
 * as the trigger that moves other writers' wordings (lifted for the import) would.
 */
async function insertTrail(tx: Tx, template: ConsentRow, idsJson: string) {
  const { wording, wordingHash } = template;
  let storedOnce = false;
  if (wording && wordingHash) {
    await tx.run(
      sql`insert into consent_wordings (hash, wording) values (${wordingHash}, ${wording})
          on conflict (hash) do nothing`,
    );
    // The same check as the trigger's: rows drop their text only where the hash names it.
    const [found] = await tx.values(
      sql`select 1 from consent_wordings where hash = ${wordingHash} and wording = ${wording}`,
    );
    storedOnce = found !== undefined;
  }
  const columns = getTableColumns(consentEvents) as Record<string, SQLiteColumn>;
  const names: string[] = [];
  const values = [];
  for (const [key, value] of Object.entries(template)) {
    if (key === 'contactId' || value === undefined) continue;
    if (key === 'wording' && storedOnce) continue;
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
