// Group commit (src/node/group-commit.ts): concurrent opt-outs share a transaction, each is
// answered only after that transaction committed, and one that fails takes no other with it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { AppError } from '../../src/domain/errors';
import { createGroupCommit } from '../../src/node/group-commit';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await env.deps.db.run(sql`create table group_commit_probe (n integer primary key)`);
});
afterAll(() => env.close());

const count = async () =>
  Number((await env.deps.db.all<{ n: number }>(sql`select count(*) as n from group_commit_probe`))[0].n);

describe('group commit of opt-outs', () => {
  it('commits concurrent opt-outs in one transaction and answers each after the commit', async () => {
    const commits = createGroupCommit(domainContext(env.deps));
    const seenInside: boolean[] = [];
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        commits.commit(async (ctx) => {
          seenInside.push(ctx.inTransaction === true);
          await ctx.db.run(sql`insert into group_commit_probe (n) values (${n})`);
          return n;
        }),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 30 }, (_, n) => n));
    expect(seenInside.every(Boolean)).toBe(true);
    expect(await count()).toBe(30);
  });

  it('one failing opt-out is refused alone; the others of its batch are still committed', async () => {
    const commits = createGroupCommit(domainContext(env.deps));
    const before = await count();
    const results = await Promise.allSettled(
      [100, 101, 102, 103].map((n) =>
        commits.commit(async (ctx) => {
          await ctx.db.run(sql`insert into group_commit_probe (n) values (${n})`);
          if (n === 102) throw new AppError('not_found', 'contact not found');
          return n;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // 102's own insert was rolled back with it; the other three are there.
    expect(await count()).toBe(before + 3);
    const rows = await env.deps.db.all<{ n: number }>(sql`select n from group_commit_probe where n >= 100`);
    expect(rows.map((r) => Number(r.n)).sort()).toEqual([100, 101, 103]);
  });
});
