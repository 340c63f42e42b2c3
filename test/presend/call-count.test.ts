// "Presend calls today" is written after the answers (src/domain/presend-calls.ts), and under
// steady load at most once a second: every call is counted, and the database sees one write per
// second however many calls there were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import {
  COUNT_WRITE_SPACING_MS,
  createPresendCallCounter,
  presendCallsToday,
} from '../../src/domain/presend-calls';
import { createTestClock } from '../support/clock';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('presend calls today', () => {
  it('a steady stream of calls is counted in full with one write a second at most', async () => {
    const ctx = domainContext(env.deps);
    const before = await presendCallsToday({ ctx });
    let writes = 0;
    const counter = createPresendCallCounter(ctx, (what, task) => {
      writes += 1;
      env.deps.defer(what, task);
    });
    const started = Date.now();
    // 300 calls over ~1.5 s, a few at every turn of the event loop, as a loaded server sees them.
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 3; j++) counter.count();
      await new Promise((r) => setTimeout(r, 15));
    }
    const seconds = (Date.now() - started) / COUNT_WRITE_SPACING_MS;
    await env.deferred.settled();
    expect(await presendCallsToday({ ctx })).toBe(before + 300);
    expect(writes).toBeGreaterThanOrEqual(2);
    expect(writes).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
  });

  it('a single call is written at once, not a second later', async () => {
    const ctx = domainContext(env.deps);
    const before = await presendCallsToday({ ctx });
    const counter = createPresendCallCounter(ctx, env.deps.defer);
    const started = Date.now();
    counter.count();
    await env.deferred.settled();
    expect(Date.now() - started).toBeLessThan(COUNT_WRITE_SPACING_MS / 2);
    expect(await presendCallsToday({ ctx })).toBe(before + 1);
  });

  it('calls on either side of midnight UTC count for their own day, also when the clock goes back', async () => {
    const clock = createTestClock('2027-03-01T23:59:59.500Z');
    const ctx = { db: env.deps.db, clock };
    const counter = createPresendCallCounter(ctx, env.deps.defer, 0);
    counter.count();
    clock.advance(1000);
    counter.count();
    counter.count();
    clock.set('2027-03-01T12:00:00Z');
    counter.count();
    await env.deferred.settled();
    expect(await presendCallsToday({ ctx })).toBe(2);
    clock.set('2027-03-02T00:00:00.500Z');
    expect(await presendCallsToday({ ctx })).toBe(2);
  });
});
