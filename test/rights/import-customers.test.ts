// Imports carry the customer relationship that legitimate-interest topics need: a
// `customer_since` / `customer_until` column, or dates for every row without its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { importContacts, type RejectedRow } from '../../src/domain/import';
import { type CustomerDefaults, prepareImport } from '../../src/domain/import-prepare';
import {
  createKey,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { emailHash } from '../support/hashes';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const ctx = () => ({ ...domainContext(env.deps), writer: createImportWriter(env.deps.db) });

async function runImport(topic: string, csv: string, customer?: CustomerDefaults) {
  const rejected: RejectedRow[] = [];
  const summary = await importContacts(ctx(), readCsv([csv]), {
    topic,
    source: 'CRM export',
    // Small batches, so one file spans several, with new and existing contacts in each.
    batchSize: 3,
    customer,
    onReject: (r) => {
      rejected.push(r);
    },
  });
  return { summary, rejected };
}

async function dates(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  if (res.status !== 200) return res.status;
  const body = (await res.json()) as { customer_since: string | null; customer_until: string | null };
  return [body.customer_since, body.customer_until];
}

describe('importing customer dates', () => {
  it('stores each row’s dates; a start without an end is a current customer, empty cells store nothing', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const [a, b, c, d] = [uniqueEmail('a'), uniqueEmail('b'), uniqueEmail('c'), uniqueEmail('d')];
    const { summary, rejected } = await runImport(
      topic,
      `email,customer_since,customer_until\n${a},2021-03-01,2025-02-28\n${b}, 2022-07-15 ,\n${c},,\n${d},2020-01-01,2020-01-01\n`,
    );
    expect(rejected).toEqual([]);
    expect(summary).toMatchObject({ rows: 4, subscribed: 4, customerDates: 3 });
    expect(await dates(a)).toEqual(['2021-03-01', '2025-02-28']);
    expect(await dates(b)).toEqual(['2022-07-15', null]);
    expect(await dates(c)).toEqual([null, null]);
    expect(await dates(d)).toEqual(['2020-01-01', '2020-01-01']);
  });

  it('rejects rows whose dates are not dates or make no relationship, with the reason in the rejects', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const bad = [uniqueEmail('bad'), uniqueEmail('bad'), uniqueEmail('bad'), uniqueEmail('bad')];
    const fine = uniqueEmail('fine');
    const { summary, rejected } = await runImport(
      topic,
      [
        'Email,Customer_Since,Customer_Until',
        `${bad[0]},2024-02-30,`,
        `${bad[1]},01/03/2024,`,
        `${bad[2]},2024-03-01,2024-02-01`,
        `${bad[3]},,2024-02-01`,
        `${fine},2024-03-01,`,
        '',
      ].join('\n'),
    );
    expect(rejected).toEqual(
      bad.map((email, k) => ({ line: k + 2, email, reason: 'invalid_customer_dates' })),
    );
    expect(summary).toMatchObject({ rows: 5, subscribed: 1, rejected: 4 });
    expect(summary.rejectedByReason).toEqual({ invalid_customer_dates: 4 });
    for (const email of bad) expect(await dates(email)).toBe(404);
    expect(await dates(fine)).toEqual(['2024-03-01', null]);
  });

  it('applies default dates to rows without their own, and a row’s own cell wins', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const [own, plain] = [uniqueEmail('own'), uniqueEmail('plain')];
    const { summary } = await runImport(topic, `email,customer_since\n${own},2019-05-05\n${plain},\n`, {
      since: '2023-01-01',
    });
    expect(summary.customerDates).toBe(2);
    expect(await dates(own)).toEqual(['2019-05-05', null]);
    expect(await dates(plain)).toEqual(['2023-01-01', null]);
    // Defaults work for a file without the columns too, and an end given for everyone.
    const ended = uniqueEmail('ended');
    await runImport(topic, `email\n${ended}\n`, { since: '2018-01-01', until: '2024-12-31' });
    expect(await dates(ended)).toEqual(['2018-01-01', '2024-12-31']);
    await expect(runImport(topic, `email\n${uniqueEmail()}\n`, { since: '1 jan' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('updates existing contacts, opted-out ones included, and stores nothing for a suppressed address', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const existing = uniqueEmail('existing');
    const untouched = uniqueEmail('untouched');
    const optedOut = uniqueEmail('opted-out');
    const bounced = uniqueEmail('bounced');
    await env.api('POST', '/v1/contacts', {
      email: existing,
      customer_since: '2015-01-01',
      customer_until: '2016-01-01',
    });
    await env.api('POST', '/v1/contacts', { email: untouched, customer_since: '2015-01-01' });
    await env.api('POST', '/v1/contacts', { email: optedOut, subscriptions: { [topic]: 'unsubscribed' } });
    await env.api('POST', '/v1/contacts', { email: bounced });
    await env.deps.db.insert(suppressions).values({
      emailHash: emailHash(SUPPRESSION_KEY, bounced),
      reason: 'bounced',
      source: 'test',
      createdAt: env.clock.now(),
    });
    const { rejected } = await runImport(
      topic,
      `email,customer_since,customer_until\n${existing},2024-06-01,\n${untouched},,\n${optedOut},2024-06-01,\n${bounced},2024-06-01,\n`,
    );
    expect(rejected.map((r) => r.reason)).toEqual(['opted_out', 'bounced']);
    // A start without an end in the file: a customer again.
    expect(await dates(existing)).toEqual(['2024-06-01', null]);
    // No start in the file: what is stored stays.
    expect(await dates(untouched)).toEqual(['2015-01-01', null]);
    // The relationship is a fact even for someone who opted out (the opt-out still wins in presend).
    expect(await dates(optedOut)).toEqual(['2024-06-01', null]);
    expect(await dates(bounced)).toEqual([null, null]);
  });

  it('makes the imported customers what presend clears for a legitimate-interest topic', async () => {
    const topic = await createTopic(env, { basis: 'legitimate_interest' });
    const [customer, prospect] = [uniqueEmail('customer'), uniqueEmail('prospect')];
    await runImport(topic, `email,customer_since\n${customer},2024-01-01\n${prospect},\n`);
    const res = await env.api(
      'POST',
      '/v1/presend',
      { topic, recipients: [customer, prospect] },
      { key: await createKey(env) },
    );
    const answer = (await res.json()) as { results: Array<{ send: boolean; reason?: string }> };
    expect(answer.results).toMatchObject([{ send: true }, { send: false, reason: 'no_relationship' }]);
  });

  it('leaves batches of a file without customer columns free of customer work', async () => {
    for await (const batch of prepareImport(readCsv([`email\n${uniqueEmail()}\n`]), {
      hash: env.deps.hasher.hash,
    })) {
      expect(batch.customerSince).toBeUndefined();
      expect(batch.customerUntil).toBeUndefined();
    }
  });
});
