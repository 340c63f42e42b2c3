// The retention job as the runtimes schedule it: the Workers `scheduled` handler (against a
// Hrana HTTP server, as on Turso) and the Node server's timer.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startHranaServer } from '../../scripts/hrana-server';
import { contacts, retentionRuns, subscriptions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { DAY_MS } from '../../src/domain/clock';
import { ensureContact } from '../../src/domain/contacts';
import { startRetentionTimer } from '../../src/jobs/retention';
import { silentLogger } from '../../src/logger';
import worker from '../../src/worker';
import { createTestClock } from '../support/clock';
import {
  createTestEnv,
  createTopic,
  SIGNING_KEYS,
  SUPPRESSION_KEY,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';

async function pendingSignUp(env: TestEnv, topic: string) {
  const { contact } = await ensureContact({
    ctx: domainContext(env.deps),
    input: { email: uniqueEmail('pending') },
  });
  await env.deps.db
    .insert(subscriptions)
    .values({ contactId: contact.id, topicKey: topic, status: 'pending', updatedAt: env.clock.now() });
  return contact.id;
}

const exists = async (env: TestEnv, id: string) =>
  (await env.deps.db.select().from(contacts).where(eq(contacts.id, id))).length === 1;

afterEach(() => {
  vi.useRealTimers();
});

describe('scheduled retention', () => {
  it('the Workers cron handler removes a 31-day-old pending sign-up through the remote database', async () => {
    // The Worker uses the real clock, so the sign-ups are dated relative to now.
    const clock = createTestClock(new Date(Date.now() - 31 * DAY_MS));
    const env = await createTestEnv({ clock });
    const server = await startHranaServer({ dbPath: env.dbPath, authToken: 'hrana-token' });
    try {
      const topic = await createTopic(env);
      const old = await pendingSignUp(env, topic);
      clock.set(new Date());
      const fresh = await pendingSignUp(env, topic);

      const waits: Promise<unknown>[] = [];
      await worker.scheduled(
        { cron: '17 3 * * *', scheduledTime: Date.now() },
        {
          DATABASE_URL: server.url,
          DATABASE_AUTH_TOKEN: 'hrana-token',
          SIGNING_KEYS,
          SUPPRESSION_HASH_KEY: SUPPRESSION_KEY,
          LOG_LEVEL: 'error',
        },
        { waitUntil: (p) => void waits.push(p), passThroughOnException: () => {} },
      );
      await Promise.all(waits);
      expect(await exists(env, old)).toBe(false);
      expect(await exists(env, fresh)).toBe(true);
      expect((await env.deps.db.select().from(retentionRuns)).at(-1)).toMatchObject({ pendingDeleted: 1 });
    } finally {
      await server.close();
      env.close();
    }
  });

  it('the Node timer runs the job on its interval, and not at all when set to 0', async () => {
    const env = await createTestEnv();
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
      const off = startRetentionTimer({
        ...env.deps,
        config: { ...env.config, retention: { ...env.config.retention, intervalMinutes: 0 } },
      });
      await vi.advanceTimersByTimeAsync(2 * 60_000);
      expect(await env.deps.db.select().from(retentionRuns)).toEqual([]);
      off();

      const stop = startRetentionTimer({
        ...env.deps,
        logger: silentLogger,
        config: { ...env.config, retention: { ...env.config.retention, intervalMinutes: 5 } },
      });
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(async () => expect(await env.deps.db.select().from(retentionRuns)).toHaveLength(1));
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      await vi.waitFor(async () => expect(await env.deps.db.select().from(retentionRuns)).toHaveLength(2));
      stop();
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(await env.deps.db.select().from(retentionRuns)).toHaveLength(2);
    } finally {
      env.close();
    }
  });
});
