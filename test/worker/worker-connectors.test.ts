// A connector on the Worker, bundled by wrangler as it deploys and run in workerd (Miniflare)
// with a real local Queue: an opt-out committed by a request goes through the queue to the
// Brevo stand-in, and Brevo's own unsubscribe webhook, received by the Worker, stops presend.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';
import { type BrevoStandIn, startBrevoStandIn } from '../support/brevo-stand-in';
import { eventually } from '../support/events';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-worker-connectors-'));
const DB_TOKEN = 'turso-like-token';
const ADMIN = 'worker-admin-key-0123456789';
let hrana: HranaServer;
let mf: Miniflare;
let brevo: BrevoStandIn;

beforeAll(async () => {
  brevo = await startBrevoStandIn();
  hrana = await startHranaServer({ dbPath: join(dir, 'remote.db'), authToken: DB_TOKEN });
  const env = {
    ...process.env,
    DATABASE_URL: hrana.url,
    DATABASE_AUTH_TOKEN: DB_TOKEN,
    WRANGLER_SEND_METRICS: 'false',
  };
  await run('npm', ['run', '--silent', 'db:migrate'], { env });
  const out = join(dir, 'dist');
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { env });
  mf = new Miniflare({
    modules: true,
    scriptPath: join(out, 'worker.js'),
    modulesRoot: out,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    bindings: {
      DATABASE_URL: hrana.url,
      DATABASE_AUTH_TOKEN: DB_TOKEN,
      ADMIN_API_KEY: ADMIN,
      SIGNING_KEYS: 'w1:worker-signing-secret-0123456789abcdef',
      SUPPRESSION_HASH_KEY: 'worker-suppression-key-0123456789abcdef',
      ENCRYPTION_KEY: 'worker-encryption-key-0123456789abcdef',
      PUBLIC_URL: 'https://prefs.example.com',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_SCHEDULE: '0,1',
      LOG_LEVEL: 'error',
    },
    queueProducers: { EVENTS_QUEUE: { queueName: 'mailprefs-events' } },
    queueConsumers: { 'mailprefs-events': { maxBatchSize: 25, maxBatchTimeout: 1 } },
  });
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await hrana?.close();
  await brevo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown) =>
  mf.dispatchFetch(`https://prefs.example.com${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('a connector on the Worker', () => {
  it('pushes an opt-out through the queue to the tool, and takes the tool’s own opt-out back', async () => {
    expect(
      (await call('PUT', '/v1/topics/news', { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' })).status,
    ).toBeLessThan(300);
    const created = await call('POST', '/v1/connectors', {
      type: 'brevo',
      name: 'Brevo',
      credentials: { api_key: brevo.apiKey },
      api_base: brevo.apiBase,
      settings: { topics: { news: { list_id: 7 } } },
    });
    expect(created.status).toBe(201);
    const connector = (await created.json()) as { id: string; inbound_url: string };
    const consent = { source: 'website', text: 'Yes, send me news' };
    for (const email of ['first@example.nl', 'second@example.nl']) {
      const made = await call('POST', '/v1/contacts', {
        email,
        subscriptions: { news: 'subscribed' },
        consent,
      });
      expect(made.status).toBeLessThan(300);
      brevo.add({ email, listIds: [7] });
    }

    const res = await call('POST', `/v1/contacts/${encodeURIComponent('first@example.nl')}/unsubscribe`, {
      topic: 'news',
      source: 'phone',
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(brevo.contacts.get('first@example.nl')?.listIds).toEqual([]), 20_000);
    const push = brevo.handled.find((c) => c.method === 'PUT');
    expect(push).toMatchObject({ path: '/v3/contacts/first@example.nl', body: { unlinkListIds: [7] } });

    const inbound = await mf.dispatchFetch(connector.inbound_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'unsubscribed', email: 'second@example.nl' }),
    });
    expect(await inbound.json()).toMatchObject({ received: true, applied: 1 });
    const verdict = await call('POST', '/v1/presend', { topic: 'news', email: 'second@example.nl' });
    expect(await verdict.json()).toMatchObject({ send: false, reason: 'unsubscribed' });
  });
});
