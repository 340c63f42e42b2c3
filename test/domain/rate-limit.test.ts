import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { hitRateLimit } from '../../src/domain/rate-limit';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('rate limits', () => {
  it('allow up to the limit in a window, then refuse until the window ends', async () => {
    const ctx = domainContext(env.deps);
    const rule = { bucket: 'test', limit: 3, windowMs: 60_000 };
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push((await hitRateLimit({ ctx: ctx, input: { rule, subject: 'jan@example.nl' } })).allowed);
    expect(results).toEqual([true, true, true, false]);
    expect((await hitRateLimit({ ctx: ctx, input: { rule, subject: 'other@example.nl' } })).allowed).toBe(
      true,
    );
    env.clock.advance(20_000);
    // A refusal says when the window ends, for the Retry-After header.
    expect(await hitRateLimit({ ctx: ctx, input: { rule, subject: 'jan@example.nl' } })).toEqual({
      allowed: false,
      remaining: 0,
      retryAfterMs: 40_000,
    });
    env.clock.advance(40_001);
    expect(await hitRateLimit({ ctx: ctx, input: { rule, subject: 'jan@example.nl' } })).toEqual({
      allowed: true,
      remaining: 2,
      retryAfterMs: 60_000,
    });
  });

  it('never store the subject itself', async () => {
    await hitRateLimit({
      ctx: domainContext(env.deps),
      input: { rule: { bucket: 'privacy', limit: 1, windowMs: 1000 }, subject: 'secret@example.nl' },
    });
    const keys = (await env.deps.db.select().from(rateLimits)).map((r) => r.key).join(' ');
    expect(keys).not.toContain('secret');
    expect(keys).toMatch(/privacy:[0-9a-f]{32}/);
  });
});
