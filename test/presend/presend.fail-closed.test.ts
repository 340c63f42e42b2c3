// When the database cannot answer, or answers too slowly, presend says 503 and nothing else:
// never a partial list, never an optimistic `send: true`.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer } from '../../scripts/hrana-server';
import { createApp } from '../../src/app';
import { openDb } from '../../src/db/client';
import { sqlPresendReader } from '../../src/db/presend/sql-reader';
import { failClosed } from '../../src/domain/fail-closed';
import { signWebhook } from '../../src/http/standard-webhooks';
import { type RunningServer, serveApp } from '../../src/node/serve';
import { startFaultProxy } from '../support/fault-proxy';
import { type FaultyClient, faultyClient } from '../support/faulty-client';
import { ADMIN_KEY, createKey, type TestEnv } from '../support/harness';
import { spawnServer } from '../support/spawn-server';
import { contactWith, createTestEnv, createTopic, customer } from './fixtures';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

describe('in process, over real HTTP, with a database that fails on demand', () => {
  let env: TestEnv;
  let faulty: FaultyClient;
  let server: RunningServer;
  let presendKey: string;
  let topic: string;
  let recipients: string[];

  beforeAll(async () => {
    env = await createTestEnv({ env: { PRESEND_TIMEOUT_MS: '300', PRESEND_WEBHOOK_SECRET: SECRET } });
    faulty = faultyClient(env.deps.db.$client);
    // Every read goes through the faulty client, presend's facts included: the database, not
    // one of its connections, is what fails.
    const presendReader = sqlPresendReader(faulty.client, env.deps.hasher.hash);
    server = await serveApp(createApp({ ...env.deps, db: openDb(faulty.client), presendReader }), {
      port: 0,
      hostname: '127.0.0.1',
    });
    presendKey = await createKey(env);
    topic = await createTopic(env, { basis: 'legitimate_interest' });
    // A customer, cleared; a stranger, refused (no_relationship).
    recipients = [
      await contactWith(env, { [topic]: 'subscribed' }, await customer(env, '2019-06-01')),
      'stranger@example.nl',
    ];
  });
  afterAll(async () => {
    await server.close();
    env.close();
  });

  const call = (key: string) =>
    fetch(`${server.url}/v1/presend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topic, recipients }),
    });

  async function expectUnavailable(res: Response) {
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'service_unavailable' } });
    expect(text).not.toContain('"send"');
    expect(text).not.toContain('SQLITE');
  }

  it('answers normally while the database works', async () => {
    faulty.mode = 'ok';
    const res = await call(presendKey);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { counts: unknown }).counts).toMatchObject({
      send: 1,
      by_reason: { no_relationship: 1 },
    });
  });

  it('a failing database answers 503 with Retry-After, for admin and presend keys alike', async () => {
    faulty.mode = 'fail';
    const before = faulty.faults;
    await expectUnavailable(await call(ADMIN_KEY));
    // The presend key and the topic were kept from the call before (read-cache.ts); the facts
    // never are, so their read fails and the answer is a 503, never a 500 or a `send: true`.
    await expectUnavailable(await call(presendKey));
    expect(faulty.faults).toBeGreaterThan(before);
  });

  it('a database that hangs answers 503 once PRESEND_TIMEOUT_MS has passed', async () => {
    faulty.mode = 'hang';
    const started = Date.now();
    await expectUnavailable(await call(ADMIN_KEY));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(5000);
  });

  it('a signed call refused for an outage can be retried with the same webhook-id', async () => {
    const body = JSON.stringify({ topic, recipients });
    const at = Math.floor(env.clock.now().getTime() / 1000);
    const send = () =>
      fetch(`${server.url}/v1/presend`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': 'msg_outage',
          'webhook-timestamp': String(at),
          'webhook-signature': signWebhook(SECRET, 'msg_outage', at, body),
        },
        body,
      });
    faulty.mode = 'fail';
    await expectUnavailable(await send());
    faulty.mode = 'ok';
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(409);
  });

  it('recovers as soon as the database does, and counts the outages', async () => {
    faulty.mode = 'ok';
    expect((await call(presendKey)).status).toBe(200);
    const stats = await fetch(`${server.url}/v1/presend/stats`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    });
    expect(((await stats.json()) as { unavailable: number }).unavailable).toBeGreaterThanOrEqual(3);
  });
});

describe('the fail-closed guard', () => {
  it('refuses an answer that arrives after the deadline, even if the driver blocked the timer', async () => {
    const busyWait = async () => {
      const until = Date.now() + 80;
      while (Date.now() < until) {
        // a synchronous driver holding the event loop
      }
      return 'late answer';
    };
    await expect(failClosed(busyWait, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    await expect(failClosed(async () => 'quick', { timeoutMs: 1000 })).resolves.toBe('quick');
  });
});

describe('the Node entry, with its database behind a connection that breaks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailprefs-presend-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers 503 and never a send while the database fails or hangs, and recovers after', async () => {
    const hrana = await startHranaServer({ dbPath: join(dir, 'remote.db') });
    const proxy = await startFaultProxy(hrana.url);
    const node = await spawnServer({
      DATABASE_URL: proxy.url,
      ADMIN_API_KEY: ADMIN_KEY,
      SUPPRESSION_HASH_KEY: 'node-suppression-hash-key-0123456789abcdef',
      SIGNING_KEYS: 'k1:node-signing-secret-0123456789abcdef',
      PRESEND_TIMEOUT_MS: '500',
    });
    const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const presend = () =>
      fetch(`${node.url}/v1/presend`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ topic: 'customers', recipients: ['jan@example.nl', 'piet@example.be'] }),
      });
    try {
      const put = await fetch(`${node.url}/v1/topics/customers`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ name: { en: 'Customers', nl: 'Klanten' }, basis: 'legitimate_interest' }),
      });
      expect(put.status).toBe(201);
      // Jan is a customer, read from the remote database; Piet is unknown there.
      const jan = await fetch(`${node.url}/v1/contacts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'jan@example.nl', customer_since: '2020-01-01' }),
      });
      expect(jan.status).toBe(201);
      const first = await presend();
      expect(first.status).toBe(200);
      expect(((await first.json()) as { results: unknown }).results).toEqual([
        { email: 'jan@example.nl', send: true },
        { email: 'piet@example.be', send: false, reason: 'no_relationship', scope: 'topic' },
      ]);

      for (const mode of ['fail', 'hang'] as const) {
        proxy.mode = mode;
        const res = await presend();
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).not.toBeNull();
        const text = await res.text();
        expect(JSON.parse(text)).toMatchObject({ error: { code: 'service_unavailable' } });
        expect(text).not.toContain('"send"');
      }

      proxy.mode = 'pass';
      const again = await presend();
      expect(again.status).toBe(200);
      expect(((await again.json()) as { counts: { send: number } }).counts.send).toBe(1);
    } finally {
      await node.stop();
      await proxy.close();
      await hrana.close();
    }
  });
});
