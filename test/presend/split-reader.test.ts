// The Node server's presend reader for an embedded database answers long lists in two halves,
// one on a reader thread. Its verdicts must be exactly those of the plain reader, and a
// failing thread must fail the call (presend then answers 503), never shorten it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmacSha256 } from '../../src/crypto/sha256';
import { sqlPresendReader } from '../../src/db/presend/sql-reader';
import { AppError } from '../../src/domain/errors';
import { failClosed } from '../../src/domain/fail-closed';
import { type PresendReader, presendVerdicts } from '../../src/domain/presend';
import { createSplitPresendReader } from '../../src/node/presend/split-reader';
import { createTestEnv, createTopic, SUPPRESSION_KEY, type TestEnv, uniqueEmail } from '../support/harness';
import { contactWith, customer, suppressed, unsubscribedFromAll } from './fixtures';

let env: TestEnv;
let topic: string;
let recipients: string[];
/** Where each pair of spellings of an erasure stored in an older form starts in `recipients`. */
const legacy: number[] = [];
beforeAll(async () => {
  env = await createTestEnv();
  topic = await createTopic(env, { basis: 'consent' });
  const other = await createTopic(env, { basis: 'consent' });
  // Every kind of answer, spread over the list so both halves see several kinds.
  recipients = [
    await contactWith(env, { [topic]: 'subscribed' }),
    await contactWith(env, { [topic]: 'unsubscribed' }),
    await contactWith(env, { [topic]: 'pending' }),
    await contactWith(env, { [other]: 'subscribed' }),
    await unsubscribedFromAll(env),
    await suppressed(env, 'bounced', await contactWith(env, { [topic]: 'subscribed' })),
    await suppressed(env, 'complained'),
    await suppressed(env, 'erased'),
    uniqueEmail('unknown'),
    'not an address',
    await contactWith(env, { [topic]: 'subscribed' }),
  ];
  recipients.push(recipients[0].toUpperCase(), recipients[4]);
  // Erasures as older versions stored them (the Unicode domain), asked for in other spellings
  // at both ends of the sorted list: their older forms must reach the reader thread's half too.
  for (const name of ['aa-legacy', 'zz-legacy']) {
    await suppressed(env, 'erased', `${name}@b\u00fccher.example`);
    legacy.push(
      recipients.push(`${name}@xn--bcher-kva.example`, `${name.toUpperCase()}@BU\u0308CHER.example`) - 2,
    );
  }
});
afterAll(() => env.close());

const verdicts = (reader: PresendReader) =>
  presendVerdicts({ db: env.deps.db, reader, clock: env.clock, softOptInMonths: 24 }, { topic, recipients });

const readerDeps = () => ({
  client: env.deps.db.$client,
  suppressionHashKey: SUPPRESSION_KEY,
});

describe('the split presend reader', () => {
  it('answers exactly as the plain reader, in request order', async () => {
    const split = createSplitPresendReader({
      url: `file:${env.dbPath}`,
      ...readerDeps(),
      minSplit: 2,
    });
    try {
      const expected = await verdicts(
        sqlPresendReader(env.deps.db.$client, createHmacSha256(SUPPRESSION_KEY)),
      );
      expect(new Set(expected.results.map((r) => r.reason ?? 'send')).size).toBeGreaterThanOrEqual(8);
      for (const at of legacy) {
        expect(expected.results.slice(at, at + 2).map((r) => r.reason)).toEqual(['erased', 'erased']);
      }
      // Before the thread is ready the list is answered in one piece, without waiting for it.
      expect(await verdicts(split)).toEqual(expected);
      await split.start();
      // Twice: the second call reuses the thread.
      expect(await verdicts(split)).toEqual(expected);
      expect(await verdicts(split)).toEqual(expected);
    } finally {
      await split.close();
    }
  });

  it('carries customer relationships through both halves for a legitimate-interest topic', async () => {
    const customers = await createTopic(env, { basis: 'legitimate_interest' });
    // Rounds of current, former (inside and outside the window) and never customers and an
    // unknown address, named so that address order keeps each round together: wherever the
    // list is cut (a quarter to three quarters), the upper half holds at least one whole
    // round, and the lower half too.
    const list: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 4; i++) {
      list.push(
        await customer(env, '2019-06-01', null, uniqueEmail(`round${i}-a`)),
        await customer(env, '2019-06-01', '2025-06-30', uniqueEmail(`round${i}-b`)),
        await customer(env, '2019-06-01', '2023-06-30', uniqueEmail(`round${i}-c`)),
        await contactWith(env, { [customers]: 'subscribed' }, uniqueEmail(`round${i}-d`)),
        uniqueEmail(`round${i}-e`),
      );
      expected.push('send', 'send', 'no_relationship', 'no_relationship', 'no_relationship');
    }
    const ask = (reader: PresendReader) =>
      presendVerdicts(
        { db: env.deps.db, reader, clock: env.clock, softOptInMonths: 24 },
        { topic: customers, recipients: list },
      );
    const plain = await ask(sqlPresendReader(env.deps.db.$client, createHmacSha256(SUPPRESSION_KEY)));
    expect(plain.results.map((r) => r.reason ?? 'send')).toEqual(expected);
    const split = createSplitPresendReader({ url: `file:${env.dbPath}`, ...readerDeps(), minSplit: 2 });
    try {
      await split.start();
      expect(await ask(split)).toEqual(plain);
    } finally {
      await split.close();
    }
  });

  it('carries pauses through both halves: paused until the date, mailed after it', async () => {
    const news = await createTopic(env, { basis: 'consent' });
    const list: string[] = [];
    const paused: string[] = [];
    for (let i = 0; i < 4; i++) {
      const a = await contactWith(env, { [news]: 'subscribed' }, uniqueEmail(`pause${i}-a`));
      const b = await contactWith(env, { [news]: 'subscribed' }, uniqueEmail(`pause${i}-b`));
      list.push(a, b);
      paused.push(a);
    }
    const until = new Date(env.clock.now().getTime() + 86_400_000);
    await env.deps.db.$client.execute({
      sql: 'UPDATE contacts SET paused_until = ? WHERE email IN (SELECT value FROM json_each(?))',
      args: [until.getTime(), JSON.stringify(paused)],
    });
    const ask = (reader: PresendReader) =>
      presendVerdicts(
        { db: env.deps.db, reader, clock: env.clock, softOptInMonths: 24 },
        { topic: news, recipients: list },
      );
    const plain = await ask(sqlPresendReader(env.deps.db.$client, createHmacSha256(SUPPRESSION_KEY)));
    expect(plain.results.map((r) => r.reason ?? 'send')).toEqual(
      list.map((_, i) => (i % 2 ? 'send' : 'paused')),
    );
    const split = createSplitPresendReader({ url: `file:${env.dbPath}`, ...readerDeps(), minSplit: 2 });
    try {
      await split.start();
      expect(await ask(split)).toEqual(plain);
      const now = env.clock.now();
      env.clock.set(until);
      try {
        expect((await ask(split)).results.every((r) => r.send)).toBe(true);
      } finally {
        env.clock.set(now);
      }
    } finally {
      await split.close();
    }
  });

  it('sees suppressions added after both halves have read the list', async () => {
    const split = createSplitPresendReader({ url: `file:${env.dbPath}`, ...readerDeps(), minSplit: 2 });
    try {
      await split.start();
      // Six subscribers: wherever the list is cut (a quarter to three quarters), both halves get some.
      const six: string[] = [];
      for (let i = 0; i < 6; i++) six.push(await contactWith(env, { [topic]: 'subscribed' }));
      const ask = () =>
        presendVerdicts(
          { db: env.deps.db, reader: split, clock: env.clock, softOptInMonths: 24 },
          { topic, recipients: six },
        );
      // Both halves' suppression filters have now read the list...
      expect((await ask()).results.map((r) => r.send)).toEqual([true, true, true, true, true, true]);
      // ...and must catch up with what is added after.
      for (const email of six) await suppressed(env, 'bounced', email);
      expect((await ask()).results.map((r) => r.reason)).toEqual(Array(6).fill('bounced'));
    } finally {
      await split.close();
    }
  });

  it('fails the whole call when the reader thread cannot read, and presend refuses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailprefs-split-'));
    // The thread opens a database with no tables: its half fails, the main thread's does not.
    const split = createSplitPresendReader({
      url: `file:${join(dir, 'empty.db')}`,
      ...readerDeps(),
      minSplit: 2,
    });
    try {
      await split.start();
      await expect(verdicts(split)).rejects.toThrow(/presend reader thread/);
      const refused = failClosed(() => verdicts(split), { timeoutMs: 5000 }).catch((e: unknown) => e);
      expect(await refused).toBeInstanceOf(AppError);
      expect(((await refused) as AppError).code).toBe('service_unavailable');
    } finally {
      await split.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
