// The Worker's wiring (src/worker.ts) in Node: its own fetch handler, built by createWorker on a
// client factory that opens a libSQL file instead of reaching Turso. What needs workerd itself
// (the bundle, the runtime's URL parser, static assets, waitUntil) stays in worker.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrationsToFile } from '../../src/db/migrate';
import { createWorker } from '../../src/worker';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-worker-node-'));
const fileUrl = `file:${join(dir, 'remote.db')}`;
const ADMIN = 'worker-admin-key-0123456789';
const opened: Array<{ url: string; authToken?: string }> = [];
const clients: Client[] = [];
// The Worker asks for its remote database; it gets the file, and the test sees what it asked for.
const worker = createWorker((options) => {
  opened.push(options);
  const client = createClient({ url: fileUrl });
  clients.push(client);
  return client;
});
const env = {
  DATABASE_URL: 'libsql://mailprefs-test.turso.invalid',
  DATABASE_AUTH_TOKEN: 'turso-like-token',
  ADMIN_API_KEY: ADMIN,
  SIGNING_KEYS: 'w1:worker-signing-secret-0123456789abcdef',
  SUPPRESSION_HASH_KEY: 'worker-suppression-key-0123456789abcdef',
  PUBLIC_URL: 'https://prefs.example.com',
  LOG_LEVEL: 'error',
};
const pending: Promise<unknown>[] = [];
const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException: () => {} };

beforeAll(async () => {
  await applyMigrationsToFile(fileUrl);
});
afterAll(async () => {
  await Promise.allSettled(pending);
  for (const client of clients) client.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
function call(path: string, init: { method?: string; body?: unknown; key?: string } = {}) {
  return worker.fetch(
    new Request(`https://prefs.example.com${path}`, {
      method: init.method ?? 'GET',
      headers: { ...auth, authorization: `Bearer ${init.key ?? ADMIN}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    env,
    ctx,
  );
}

describe('the Worker wiring on a client factory', () => {
  it('opens its database once, with the URL and token from its settings', async () => {
    const res = await worker.fetch(new Request('https://prefs.example.com/healthz'), env, ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
    await call('/healthz');
    expect(opened).toEqual([{ url: env.DATABASE_URL, authToken: env.DATABASE_AUTH_TOKEN }]);
  });

  it('answers presend from its database: stored hashes, unknown addresses, erasure', async () => {
    const topic = await call('/v1/topics/news', {
      method: 'PUT',
      body: { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' },
    });
    expect(topic.status).toBe(201);
    for (const [email, status] of [
      ['in@example.nl', 'subscribed'],
      ['out@example.nl', 'unsubscribed'],
      ['gone@example.nl', 'subscribed'],
    ]) {
      const res = await call('/v1/contacts', {
        method: 'POST',
        body: { email, subscriptions: { news: status }, consent: { source: 'worker-test', text: 'Yes' } },
      });
      expect(res.status).toBe(201);
    }
    const erased = await call('/v1/contacts/gone%40example.nl', { method: 'DELETE' });
    expect(erased.status).toBe(200);
    // No Resend key on this Worker: the receipt was dropped, and the answer says so.
    expect(await erased.json()).toEqual({ erased: true, suppressed: true, receipt_sent: false });
    const key = await call('/v1/keys', { method: 'POST', body: { name: 'tool', scopes: ['presend'] } });
    const { secret } = (await key.json()) as { secret: string };
    const res = await call('/v1/presend', {
      method: 'POST',
      key: secret,
      body: {
        topic: 'news',
        recipients: ['IN@example.nl', 'out@example.nl', 'gone@example.nl', 'new@example.nl'],
      },
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as {
      results: Array<{ email: string; send: boolean; reason?: string }>;
    };
    expect(answer.results.map((r) => [r.email, r.send, r.reason])).toEqual([
      ['IN@example.nl', true, undefined],
      ['out@example.nl', false, 'unsubscribed'],
      ['gone@example.nl', false, 'erased'],
      ['new@example.nl', false, 'no_consent'],
    ]);
  });

  it('clears only customers for a legitimate-interest topic', async () => {
    const topic = await call('/v1/topics/security', {
      method: 'PUT',
      body: { name: { en: 'Security notices', nl: 'Beveiligingsmeldingen' }, basis: 'legitimate_interest' },
    });
    expect(topic.status).toBe(201);
    const subscriber = await call('/v1/contacts', {
      method: 'POST',
      body: {
        email: 'Worker@Example.BE',
        subscriptions: { security: 'subscribed' },
        consent: { source: 'worker-test', text: 'Ja' },
      },
    });
    expect(subscriber.status).toBe(201);
    // The Worker's clock is the real one: the former customer left a month ago.
    const monthAgo = new Date(Date.now() - 31 * 24 * 3600_000).toISOString().slice(0, 10);
    const people: Array<[string, string | null, string | null]> = [
      ['current@example.nl', '2020-01-01', null],
      ['former@example.nl', '2020-01-01', monthAgo],
      ['long-ago@example.nl', '2010-01-01', '2012-12-31'],
    ];
    for (const [email, since, until] of people) {
      const res = await call('/v1/contacts', {
        method: 'POST',
        body: { email, customer_since: since, customer_until: until },
      });
      expect(res.status).toBe(201);
    }
    const res = await call('/v1/presend', {
      method: 'POST',
      body: {
        topic: 'security',
        recipients: [
          'current@example.nl',
          'former@example.nl',
          'long-ago@example.nl',
          'worker@example.be',
          'nobody@example.nl',
        ],
      },
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { results: Array<{ send: boolean; reason?: string }> };
    expect(answer.results.map((r) => r.reason ?? 'send')).toEqual([
      'send',
      'send',
      'no_relationship',
      'no_relationship',
      'no_relationship',
    ]);
  });
});
