// The import adds the dashboard's running totals itself, one statement per batch, with the
// counting triggers lifted for its transactions (src/db/import-writer.ts). These tests hold it to the triggers' result:
// after any import, every counter table equals a fresh count of the tables it summarises.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { subscriptions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { importContacts } from '../../src/domain/import';
import { writeSuppressions } from '../../src/domain/suppressions';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

type Row = Record<string, unknown>;
const rows = async (query: string): Promise<Row[]> =>
  (await env.deps.db.all<Row>(sql.raw(query))).map((r) => ({ ...r }));

/** Each counter table beside the same totals counted afresh from the base tables (zero rows aside). */
async function countersAndRecount() {
  return {
    topicStatus: [
      await rows('select topic_key, status, n from topic_status_counts where n <> 0 order by 1, 2'),
      await rows('select topic_key, status, count(*) as n from subscriptions group by 1, 2 order by 1, 2'),
    ],
    consentDays: [
      await rows('select day, topic_key, direction, n from consent_day_counts where n <> 0 order by 1, 2, 3'),
      await rows(
        `select date(occurred_at / 1000, 'unixepoch') as day, coalesce(topic_key, '') as topic_key,
                case when action in ('subscribe', 'confirm') then 'in' else 'out' end as direction,
                count(*) as n
         from consent_events where action in ('subscribe', 'confirm', 'unsubscribe', 'unsubscribe_all')
         group by 1, 2, 3 order by 1, 2, 3`,
      ),
    ],
    suppressions: [
      await rows('select reason, n from suppression_counts where n <> 0 order by 1'),
      await rows('select reason, count(*) as n from suppressions group by 1 order by 1'),
    ],
  };
}

async function expectCountersExact() {
  const { topicStatus, consentDays, suppressions } = await countersAndRecount();
  expect(topicStatus[0]).toEqual(topicStatus[1]);
  expect(consentDays[0]).toEqual(consentDays[1]);
  expect(suppressions[0]).toEqual(suppressions[1]);
  // The triggers the import lifts for its transactions are all back.
  expect(
    await rows(
      `select name from sqlite_master where type = 'trigger' and name in
         ('subscriptions_count_insert', 'subscriptions_count_update', 'consent_events_count',
          'consent_events_wording_once') order by name`,
    ),
  ).toEqual([
    { name: 'consent_events_count' },
    { name: 'consent_events_wording_once' },
    { name: 'subscriptions_count_insert' },
    { name: 'subscriptions_count_update' },
  ]);
}

async function runImport(topic: string, emails: string[]) {
  return importContacts(
    { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
    readCsv([`email\n${emails.join('\n')}\n`]),
    { topic, source: 'counts test', batchSize: 4 },
  );
}

describe('the dashboard totals after an import', () => {
  it('equal a fresh count for new contacts, re-subscribes, rows already subscribed and suppressed rows', async () => {
    const topic = await createTopic(env);
    const other = await createTopic(env);
    const subscribed = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const unsubscribed = await createContact(env, { subscriptions: { [topic]: 'unsubscribed' } });
    const elsewhere = await createContact(env, { subscriptions: { [other]: 'subscribed' } });
    const pending = await createContact(env, { subscriptions: { [other]: 'unsubscribed' } });
    // A double opt-in still waiting: the import subscribes it, so `pending` loses one.
    await env.deps.db
      .insert(subscriptions)
      .values({ contactId: pending.id, topicKey: topic, status: 'pending', updatedAt: env.clock.now() });
    const bouncedNew = uniqueEmail('bounced');
    const complained = await createContact(env);
    await writeSuppressions({
      ctx: domainContext(env.deps),
      input: { emails: [bouncedNew], reason: 'bounced', source: 'test' },
    });
    await writeSuppressions({
      ctx: domainContext(env.deps),
      input: { emails: [complained.email], reason: 'complained', source: 'test' },
    });
    const fresh = Array.from({ length: 9 }, () => uniqueEmail('new'));
    await expectCountersExact();
    const before = await countersAndRecount();

    const summary = await runImport(topic, [
      ...fresh,
      subscribed.email,
      unsubscribed.email,
      elsewhere.email,
      pending.email,
      bouncedNew,
      complained.email,
      fresh[0],
    ]);
    expect(summary).toMatchObject({ subscribed: 11, unchanged: 2, rejected: 3, contactsCreated: 9 });
    await expectCountersExact();
    // The import did count: 11 more subscribed, one pending fewer, 11 more opt-ins today.
    const after = await countersAndRecount();
    const n = (list: Row[], match: Row) =>
      Number(list.find((r) => Object.entries(match).every(([k, v]) => r[k] === v))?.n ?? 0);
    expect(n(after.topicStatus[0], { topic_key: topic, status: 'subscribed' })).toBe(
      n(before.topicStatus[0], { topic_key: topic, status: 'subscribed' }) + 11,
    );
    expect(n(after.topicStatus[0], { topic_key: topic, status: 'pending' })).toBe(0);
    expect(n(after.consentDays[0], { topic_key: topic, direction: 'in' })).toBe(
      n(before.consentDays[0], { topic_key: topic, direction: 'in' }) + 11,
    );
  });

  it('leave the triggers counting the next ordinary write (an unsubscribe)', async () => {
    const topic = await createTopic(env);
    const email = uniqueEmail('later');
    await runImport(topic, [email]);
    const res = await env.api('POST', '/v1/contacts', { email, subscriptions: { [topic]: 'unsubscribed' } });
    expect(res.status).toBe(200);
    await expectCountersExact();
    const [row] = await rows(
      `select n from topic_status_counts where topic_key = '${topic}' and status = 'unsubscribed'`,
    );
    expect(row).toEqual({ n: 1 });
  });

  it('keep counting every write after a batch that failed', async () => {
    const topic = await createTopic(env);
    const writer = createImportWriter(env.deps.db);
    await expect(
      writer.inTransaction(async () => {
        throw new Error('batch failed');
      }),
    ).rejects.toThrow('batch failed');
    await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    await expectCountersExact();
  });
});
