import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED_SQL } from '../../src/db/import-listed';
import { createImportWriter } from '../../src/db/import-writer';
import { suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { readCsv } from '../../src/domain/csv';
import { importContacts, importPrepared, type RejectedRow } from '../../src/domain/import';
import type { PreparedBatch } from '../../src/domain/import-batch';
import { prepareImport } from '../../src/domain/import-prepare';
import {
  createContact,
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

async function runImport(
  topic: string,
  csv: string,
  extra: { basis?: 'consent' | 'legitimate_interest' } = {},
) {
  const rejected: RejectedRow[] = [];
  const summary = await importContacts(ctx(), readCsv([csv]), {
    topic,
    source: 'trade fair 2026',
    label: 'fair.csv',
    batchSize: 3,
    onReject: (r) => {
      rejected.push(r);
    },
    ...extra,
  });
  return { summary, rejected };
}

interface ContactBody {
  locale: string | null;
  subscriptions: Record<string, string>;
  consent_trail: Array<{ wording: string | null }>;
}

async function contact(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  return { status: res.status, body: (await res.json()) as ContactBody };
}

describe('importing contacts', () => {
  it('subscribes valid addresses, normalised, with one trail entry naming the import', async () => {
    const topic = await createTopic(env);
    const a = uniqueEmail('import-a');
    const b = uniqueEmail('import-b');
    const { summary, rejected } = await runImport(
      topic,
      `Email,Locale\n  ${a.toUpperCase()} ,nl\n${b},xx\nnot-an-address,en\n,nl\n\n${a},en\n`,
    );
    expect(summary).toMatchObject({ rows: 5, subscribed: 1, unchanged: 1, rejected: 3, contactsCreated: 1 });
    expect(rejected).toEqual([
      { line: 3, email: b, reason: 'unsupported_locale' },
      { line: 4, email: 'not-an-address', reason: 'invalid_email' },
      { line: 5, email: '', reason: 'missing_email' },
    ]);
    const read = await contact(a);
    expect(read.body).toMatchObject({ email: a, locale: 'nl', subscriptions: { [topic]: 'subscribed' } });
    expect(read.body.consent_trail).toHaveLength(1);
    expect(read.body.consent_trail[0]).toMatchObject({
      topic,
      action: 'subscribe',
      source: 'import:trade fair 2026',
      note: `import ${summary.importId} of fair.csv`,
    });
    expect(read.body.consent_trail[0].wording).toContain('trade fair 2026');
    // A locale we have no pages for rejects the row rather than being dropped.
    expect((await contact(b)).status).toBe(404);
  });

  it('writes nothing for an address that is already subscribed', async () => {
    const topic = await createTopic(env);
    const email = uniqueEmail();
    await runImport(topic, `email\n${email}\n`);
    const again = await runImport(topic, `email\n${email}\n`);
    expect(again.summary).toMatchObject({ subscribed: 0, unchanged: 1, rejected: 0 });
    expect((await contact(email)).body.consent_trail).toHaveLength(1);
  });

  it('never reactivates an opted-out, unsubscribed-from-all, bounced or complained address', async () => {
    const topic = await createTopic(env);
    const other = await createTopic(env);
    const optedOut = await createContact(env, { subscriptions: { [topic]: 'unsubscribed' } });
    const all = await createContact(env, { subscriptions: { [other]: 'subscribed' } });
    const unsubAll = await env.api('POST', `/v1/contacts`, {
      email: all.email,
      subscriptions: { [other]: 'unsubscribed' },
    });
    expect(unsubAll.status).toBe(200);
    const { unsubscribeAll } = await import('../../src/domain/preferences');
    await unsubscribeAll({
      ctx: domainContext(env.deps),
      input: { contactId: all.id, consent: { source: 'test' } },
    });
    const bounced = uniqueEmail('bounced');
    const complained = await createContact(env);
    await env.deps.db.insert(suppressions).values([
      {
        emailHash: emailHash(SUPPRESSION_KEY, bounced),
        reason: 'bounced',
        source: 'test',
        createdAt: env.clock.now(),
      },
      {
        emailHash: emailHash(SUPPRESSION_KEY, complained.email),
        reason: 'complained',
        source: 'test',
        createdAt: env.clock.now(),
      },
    ]);

    const { summary, rejected } = await runImport(
      topic,
      `email\n${optedOut.email}\n${all.email}\n${bounced}\n${complained.email}\n${optedOut.email}\n`,
    );
    expect(summary).toMatchObject({ rows: 5, subscribed: 0, rejected: 5 });
    expect(rejected.map((r) => r.reason)).toEqual([
      'opted_out',
      'opted_out',
      'bounced',
      'complained',
      'opted_out',
    ]);
    expect((await contact(optedOut.email)).body.subscriptions[topic]).toBe('unsubscribed');
    expect((await contact(all.email)).body.subscriptions[topic]).toBeUndefined();
    expect((await contact(bounced)).status).toBe(404);
  });

  it('with the list read by another connection first, still rejects what was added to it since', async () => {
    const topic = await createTopic(env);
    const [early, late, fine] = [uniqueEmail('early'), uniqueEmail('late'), uniqueEmail('fine')];
    const bounce = (email: string) =>
      env.deps.db.insert(suppressions).values({
        emailHash: emailHash(SUPPRESSION_KEY, email),
        reason: 'bounced',
        source: 'test',
        createdAt: env.clock.now(),
      });
    await bounce(early);
    const batches: PreparedBatch[] = [];
    for await (const batch of prepareImport(readCsv([`email\n${early}\n${late}\n${fine}\n`]), {
      hash: env.deps.hasher.hash,
    })) {
      // What the command line's worker does on its own connection (src/cli/import-worker.ts).
      const { rows } = await env.deps.db.$client.execute({ sql: LISTED_SQL, args: [batch.hashesJson] });
      batch.listed = {
        maxId: Number(rows[0][0]),
        matches: JSON.parse(String(rows[0][1])),
      };
      expect(batch.listed.matches).toHaveLength(1);
      batches.push(batch);
    }
    // Bounced after that read, before the batch is written.
    await bounce(late);
    const rejected: RejectedRow[] = [];
    const summary = await importPrepared(
      ctx(),
      (async function* () {
        yield* batches;
      })(),
      {
        topic,
        source: 'test',
        onReject: (r) => {
          rejected.push(r);
        },
      },
    );
    expect(summary).toMatchObject({ subscribed: 1, rejected: 2 });
    expect(rejected.map((r) => [r.email, r.reason]).sort()).toEqual(
      [
        [early, 'bounced'],
        [late, 'bounced'],
      ].sort(),
    );
    expect((await contact(fine)).body.subscriptions[topic]).toBe('subscribed');
    expect((await contact(late)).status).toBe(404);
  });

  it('refuses to fill a consent topic under legitimate interest, an unknown topic and a file without an email column', async () => {
    const topic = await createTopic(env, { basis: 'consent' });
    await expect(
      runImport(topic, 'email\nx@example.nl\n', { basis: 'legitimate_interest' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(runImport('no-such-topic', 'email\nx@example.nl\n')).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(runImport(topic, 'name,address\nJan,x@example.nl\n')).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('preparing a large file', () => {
  it('writes it in batches of 50,000 rows unless told otherwise, every row in one of them', async () => {
    // Large batches are what keep a list in random order fast (bench/README.md, 2026-12-01
    // 17:31): each commit rewrites every contacts page its batch touched.
    let csv = 'email\n';
    for (let i = 0; i < 120_001; i++) csv += `person.${i}@batches.example\n`;
    const sizes: number[] = [];
    for await (const batch of prepareImport(readCsv([csv]), { hash: env.deps.hasher.hash })) {
      sizes.push(batch.rows);
    }
    expect(sizes).toEqual([50_000, 50_000, 20_001]);
  });
});
