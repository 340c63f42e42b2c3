// The suppression filter may only ever rule out hashes that are not listed: a wrong "not
// listed" would mail someone who bounced, complained or was erased. These tests run it against
// real libSQL databases, including answers that arrive out of order and a list that goes back
// in time, and check that it still rules out most unlisted hashes (else it saves nothing).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHmacSha256 } from '../../src/crypto/sha256';
import { applyMigrations } from '../../src/db/migrate';
import { openNodeDatabase } from '../../src/db/node';
import { sqlPresendReader } from '../../src/db/presend/sql-reader';
import { CATCH_UP_LIMIT, createSuppressionFilter } from '../../src/db/presend/suppression-filter';
import { presendVerdicts } from '../../src/domain/presend';
import { SUPPRESSION_KEY } from '../support/harness';
import { contactWith, createTestEnv, createTopic, suppressed } from './fixtures';

const randomHash = () => randomBytes(32).toString('base64url');

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function freshList() {
  const { db, close } = await openNodeDatabase(':memory:');
  closers.push(close);
  await applyMigrations(db);
  const client = db.$client;
  const add = async (hashes: string[], reason = 'bounced') => {
    for (let i = 0; i < hashes.length; i += 500) {
      await client.execute({
        sql: `INSERT INTO suppressions (email_hash, reason, source, created_at)
                SELECT value, ?2, 'test', 0 FROM json_each(?1)`,
        args: [JSON.stringify(hashes.slice(i, i + 500)), reason],
      });
    }
  };
  return { client, add };
}

describe('the suppression filter', () => {
  it('never rules out a listed hash, and rules out most others', async () => {
    const { client, add } = await freshList();
    const filter = createSuppressionFilter();
    // Before it has read the list, every hash may be listed.
    expect(filter.mayBeListed(randomHash())).toBe(true);

    const listed = Array.from({ length: 5000 }, randomHash);
    await add(listed);
    filter.absorb(await client.execute(filter.catchUp()));
    for (const hash of listed) expect(filter.mayBeListed(hash)).toBe(true);
    // Its first characters are enough (that is what presend reads from contact rows).
    for (const hash of listed.slice(0, 100)) expect(filter.mayBeListed(hash.slice(0, 5))).toBe(true);

    const others = Array.from({ length: 20_000 }, randomHash);
    const falseMay = others.filter((h) => filter.mayBeListed(h)).length;
    expect(falseMay / others.length).toBeLessThan(0.06);
  });

  it('catches up with entries added later, and keeps up as the list grows past its size', async () => {
    const { client, add } = await freshList();
    const filter = createSuppressionFilter();
    filter.absorb(await client.execute(filter.catchUp()));
    const all: string[] = [];
    for (const size of [10, 1000, 40_000]) {
      const more = Array.from({ length: size }, randomHash);
      await add(more, 'complained');
      all.push(...more);
      // Only the new entries come back.
      const answer = await client.execute(filter.catchUp());
      expect(JSON.parse(String(answer.rows[0][2]))).toHaveLength(size);
      filter.absorb(answer);
      for (const hash of all) if (!filter.mayBeListed(hash)) throw new Error(`ruled out a listed hash`);
    }
    const others = Array.from({ length: 20_000 }, randomHash);
    expect(others.filter((h) => filter.mayBeListed(h)).length / others.length).toBeLessThan(0.06);
  });

  it('takes a long list in over several calls, ruling nothing out until it has all of it', async () => {
    const { client, add } = await freshList();
    const filter = createSuppressionFilter();
    const listed = Array.from({ length: CATCH_UP_LIMIT + 20 }, randomHash);
    await add(listed);
    const outsider = Array.from({ length: 2000 }, randomHash);
    // The first answer stops at the limit: the filter is not to be trusted yet.
    expect(filter.absorb(await client.execute(filter.catchUp()))).toBe(false);
    for (const hash of outsider.slice(0, 200)) expect(filter.mayBeListed(hash)).toBe(true);
    // The next one brings the rest.
    const rest = await client.execute(filter.catchUp());
    expect(JSON.parse(String(rest.rows[0][2]))).toHaveLength(20);
    expect(filter.absorb(rest)).toBe(true);
    for (const hash of listed) if (!filter.mayBeListed(hash)) throw new Error('ruled out a listed hash');
    expect(outsider.filter((h) => filter.mayBeListed(h)).length / outsider.length).toBeLessThan(0.06);
  });

  it('stays right when answers of simultaneous calls arrive out of order', async () => {
    const { client, add } = await freshList();
    const filter = createSuppressionFilter();
    const first = Array.from({ length: 300 }, randomHash);
    await add(first);
    const older = await client.execute(filter.catchUp());
    const second = Array.from({ length: 300 }, randomHash);
    await add(second);
    const newer = await client.execute(filter.catchUp());
    filter.absorb(newer);
    filter.absorb(older);
    for (const hash of [...first, ...second]) expect(filter.mayBeListed(hash)).toBe(true);
    // And a later catch-up asks only for what came after both.
    const third = Array.from({ length: 5 }, randomHash);
    await add(third);
    const answer = await client.execute(filter.catchUp());
    expect(JSON.parse(String(answer.rows[0][2]))).toHaveLength(5);
    filter.absorb(answer);
    for (const hash of third) expect(filter.mayBeListed(hash)).toBe(true);
  });

  it('starts over when the list goes back in time (an older file restored)', async () => {
    const big = await freshList();
    const filter = createSuppressionFilter();
    await big.add(Array.from({ length: 50 }, randomHash));
    filter.absorb(await big.client.execute(filter.catchUp()));

    // The "restored" list has fewer entries, so its ids are below what the filter saw, and
    // an entry the filter never read.
    const restored = await freshList();
    const unseen = randomHash();
    await restored.add([randomHash(), unseen]);
    filter.absorb(await restored.client.execute(filter.catchUp()));
    // Not knowing the list any more, it rules nothing out...
    const probe = Array.from({ length: 200 }, randomHash);
    for (const hash of probe) expect(filter.mayBeListed(hash)).toBe(true);
    // ...until it has read the restored list in full.
    const reread = await restored.client.execute(filter.catchUp());
    expect(JSON.parse(String(reread.rows[0][2]))).toHaveLength(2);
    filter.absorb(reread);
    expect(filter.mayBeListed(unseen)).toBe(true);
    expect(probe.filter((h) => filter.mayBeListed(h)).length).toBeLessThan(30);
  });

  it('rules nothing out for a call whose question was asked before it started over', async () => {
    const big = await freshList();
    const filter = createSuppressionFilter();
    await big.add(Array.from({ length: 50 }, randomHash));
    filter.absorb(await big.client.execute(filter.catchUp()));
    // Asked while the filter had seen 50 entries...
    const stale = await big.client.execute(filter.catchUp());
    // ...answered after it started over on a shorter list and caught up with it.
    const restored = await freshList();
    await restored.add([randomHash(), randomHash()]);
    filter.absorb(await restored.client.execute(filter.catchUp()));
    expect(filter.absorb(await restored.client.execute(filter.catchUp()))).toBe(true);
    expect(filter.absorb(stale)).toBe(false);
    const probe = Array.from({ length: 200 }, randomHash);
    for (const hash of probe) expect(filter.mayBeListed(hash)).toBe(true);
    // The next answer of its own restores it.
    expect(filter.absorb(await restored.client.execute(filter.catchUp()))).toBe(true);
    expect(probe.filter((h) => filter.mayBeListed(h)).length).toBeLessThan(30);
  });
});

describe('a stray value in the list', () => {
  it('is still found (any string maps to a bucket)', async () => {
    const { db, close } = await openNodeDatabase(':memory:');
    closers.push(close);
    await applyMigrations(db);
    await db.$client.execute(
      "INSERT INTO suppressions (email_hash, reason, source, created_at) VALUES ('ü+/=é', 'erased', 'test', 0)",
    );
    const filter = createSuppressionFilter();
    filter.absorb(await db.$client.execute(filter.catchUp()));
    expect(filter.mayBeListed('ü+/=é')).toBe(true);
  });
});

describe('presend while its filter has not caught up', () => {
  it('rules nothing out: an entry past the first catch-up is still found', async () => {
    const env = await createTestEnv();
    closers.push(() => env.close());
    const topic = await createTopic(env, { basis: 'consent' });
    const early = await contactWith(env, { [topic]: 'subscribed' });
    const late = await contactWith(env, { [topic]: 'subscribed' });
    // A list longer than one catch-up reads, with the two contacts' entries at either end.
    await suppressed(env, 'bounced', early);
    const filler = Array.from({ length: CATCH_UP_LIMIT }, randomHash);
    await env.deps.db.$client.execute({
      sql: `INSERT INTO suppressions (email_hash, reason, source, created_at)
              SELECT value, 'erased', 'test', 0 FROM json_each(?1)`,
      args: [JSON.stringify(filler)],
    });
    await suppressed(env, 'complained', late);
    const reader = sqlPresendReader(env.deps.db.$client, createHmacSha256(SUPPRESSION_KEY));
    const ask = async () =>
      (
        await presendVerdicts(
          { db: env.deps.db, reader, clock: env.clock, softOptInMonths: 24 },
          { topic, recipients: [early, late] },
        )
      ).results.map((r) => r.reason);
    // The first call's catch-up stops before `late`'s entry; the second one has it all.
    expect(await ask()).toEqual(['bounced', 'complained']);
    expect(await ask()).toEqual(['bounced', 'complained']);
  });
});
