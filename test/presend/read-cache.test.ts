// The presend key and topic cache under load (src/domain/read-cache.ts): calls that miss at once
// share one database read, an entry about to run out is refreshed while calls are still answered
// from memory, and none of this stretches how long a revoked key keeps working.
import { describe, expect, it } from 'vitest';
import { createReadCache, READ_CACHE_TTL_MS, REFRESH_AHEAD_MS } from '../../src/domain/read-cache';
import { createTestClock } from '../support/clock';

/** A stand-in for the database read: counts calls, and answers when the test says so. */
function slowRead<V>() {
  const pending: Array<{ resolve(v: V | undefined): void; reject(e: unknown): void }> = [];
  return {
    pending,
    load: () =>
      new Promise<V | undefined>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('presend key and topic cache under load', () => {
  it('sixteen calls that miss at once make one database read and all get its answer', async () => {
    const cache = createReadCache<string>(createTestClock());
    const read = slowRead<string>();
    const calls = Array.from({ length: 16 }, () => cache.get('key', read.load));
    await settle();
    expect(read.pending).toHaveLength(1);
    read.pending[0].resolve('verified');
    expect(await Promise.all(calls)).toEqual(Array(16).fill('verified'));
  });

  it('sixteen calls when an entry has run out make one database read', async () => {
    const clock = createTestClock();
    const cache = createReadCache<string>(clock);
    await cache.get('key', async () => 'first');
    clock.advance(READ_CACHE_TTL_MS);
    const read = slowRead<string>();
    const calls = Array.from({ length: 16 }, () => cache.get('key', read.load));
    await settle();
    expect(read.pending).toHaveLength(1);
    read.pending[0].resolve('second');
    expect(new Set(await Promise.all(calls))).toEqual(new Set(['second']));
  });

  it('an entry near its end is refreshed once while calls are still answered from memory', async () => {
    const clock = createTestClock();
    const cache = createReadCache<string>(clock);
    await cache.get('key', async () => 'first');
    clock.advance(READ_CACHE_TTL_MS - REFRESH_AHEAD_MS + 1);
    const read = slowRead<string>();
    // The refresh is under way and not answered yet: the calls do not wait for it.
    const answers = await Promise.all(Array.from({ length: 16 }, () => cache.get('key', read.load)));
    expect(answers).toEqual(Array(16).fill('first'));
    await settle();
    expect(read.pending).toHaveLength(1);
    read.pending[0].resolve('refreshed');
    await settle();
    // Past the first entry's end, the refreshed one answers without another read.
    clock.advance(REFRESH_AHEAD_MS);
    expect(await cache.get('key', read.load)).toBe('refreshed');
    expect(read.pending).toHaveLength(1);
  });

  it('a key revoked while its refresh is under way stops working within 5 seconds', async () => {
    const clock = createTestClock();
    const cache = createReadCache<string>(clock);
    let revoked = false;
    // The refresh read the row just before the revocation landed, and answers late.
    await cache.get('key', async () => 'verified');
    clock.advance(READ_CACHE_TTL_MS - REFRESH_AHEAD_MS + 1);
    const read = slowRead<string>();
    expect(await cache.get('key', read.load)).toBe('verified');
    await settle();
    revoked = true;
    const revokedAt = clock.now().getTime();
    clock.advance(300);
    read.pending[0].resolve('verified');
    await settle();
    const fromDatabase = async () => (revoked ? undefined : 'verified');
    let stoppedAfter = Number.POSITIVE_INFINITY;
    for (let waited = 300; waited <= 6000; waited += 50) {
      if ((await cache.get('key', fromDatabase)) === undefined) {
        stoppedAfter = clock.now().getTime() - revokedAt;
        break;
      }
      clock.advance(50);
      await settle();
    }
    expect(stoppedAfter).toBeLessThanOrEqual(READ_CACHE_TTL_MS);
    expect(stoppedAfter).toBeLessThan(5000);
  });

  it('a refresh that finds the key gone forgets it at once', async () => {
    const clock = createTestClock();
    const cache = createReadCache<string>(clock);
    await cache.get('key', async () => 'verified');
    clock.advance(READ_CACHE_TTL_MS - REFRESH_AHEAD_MS + 1);
    expect(await cache.get('key', async () => undefined)).toBe('verified');
    await settle();
    let reads = 0;
    const gone = async () => {
      reads += 1;
      return undefined;
    };
    expect(await cache.get('key', gone)).toBeUndefined();
    expect(reads).toBe(1);
  });

  it('a refresh that fails leaves the entry to run out on time, and the next call then fails', async () => {
    const clock = createTestClock();
    const cache = createReadCache<string>(clock);
    await cache.get('key', async () => 'verified');
    clock.advance(READ_CACHE_TTL_MS - REFRESH_AHEAD_MS + 1);
    const broken = async (): Promise<string | undefined> => {
      throw new Error('database is locked');
    };
    expect(await cache.get('key', broken)).toBe('verified');
    await settle();
    clock.advance(REFRESH_AHEAD_MS - 2);
    expect(await cache.get('key', broken)).toBe('verified');
    clock.advance(1);
    // Ran out: no longer answered from memory, and the failing read is what the caller sees.
    await expect(cache.get('key', broken)).rejects.toThrow('database is locked');
  });

  it('calls that shared a failing read all fail, and the next call reads again', async () => {
    const cache = createReadCache<string>(createTestClock());
    const read = slowRead<string>();
    const calls = Array.from({ length: 4 }, () => cache.get('key', read.load));
    await settle();
    read.pending[0].reject(new Error('database is locked'));
    for (const call of calls) await expect(call).rejects.toThrow('database is locked');
    expect(await cache.get('key', async () => 'verified')).toBe('verified');
  });

  it('a clear during a read keeps neither its answer nor lets later calls share it', async () => {
    const cache = createReadCache<string>(createTestClock());
    const before = slowRead<string>();
    const early = cache.get('key', before.load);
    await settle();
    cache.clear();
    const after = slowRead<string>();
    const late = cache.get('key', after.load);
    await settle();
    expect(after.pending).toHaveLength(1);
    before.pending[0].resolve('read before the revocation');
    after.pending[0].resolve(undefined);
    expect(await early).toBe('read before the revocation');
    expect(await late).toBeUndefined();
    expect(await cache.get('key', async () => undefined)).toBeUndefined();
  });
});
