// The Worker entry, bundled by wrangler exactly as it deploys, running in workerd (Miniflare)
// against a real libSQL engine over HTTP: the test Hrana server in front of a libSQL file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HranaServer, startHranaServer } from '../../scripts/hrana-server';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-worker-'));
const DB_TOKEN = 'turso-like-token';
const ADMIN = 'worker-admin-key-0123456789';
let hrana: HranaServer;
let mf: Miniflare;
let bundle: string;

beforeAll(async () => {
  hrana = await startHranaServer({ dbPath: join(dir, 'remote.db'), authToken: DB_TOKEN });
  const env = {
    ...process.env,
    DATABASE_URL: hrana.url,
    DATABASE_AUTH_TOKEN: DB_TOKEN,
    WRANGLER_SEND_METRICS: 'false',
  };
  // The remote database is migrated the way the README says: `npm run db:migrate`.
  await run('npm', ['run', '--silent', 'db:migrate'], { env });
  const out = join(dir, 'dist');
  await run('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', out], { env });
  bundle = readFileSync(join(out, 'worker.js'), 'utf8');
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
      PUBLIC_URL: 'https://prefs.example.com',
    },
  });
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  await hrana?.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

describe('the Worker in workerd on a remote libSQL database', () => {
  it('is bundled without the local database server that tests and dev:worker use', () => {
    expect(bundle).toContain('service_unavailable');
    expect(bundle).not.toMatch(/startHranaServer|HranaServerImpl/);
  });

  it('reports a healthy database', async () => {
    const res = await mf.dispatchFetch('https://prefs.example.com/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('creates a topic, upserts a contact and reads it back with its trail', async () => {
    const before = hrana.requests;
    const topic = await mf.dispatchFetch('https://prefs.example.com/v1/topics/security', {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({
        name: { en: 'Security notices', nl: 'Beveiligingsmeldingen' },
        basis: 'legitimate_interest',
      }),
    });
    expect(topic.status).toBe(201);

    const contact = await mf.dispatchFetch('https://prefs.example.com/v1/contacts', {
      method: 'POST',
      headers: { ...auth, 'cf-connecting-ip': '203.0.113.200' },
      body: JSON.stringify({
        email: 'Worker@Example.BE',
        locale: 'nl',
        subscriptions: { security: 'subscribed' },
        consent: { source: 'worker-test', ip: '2001:db8:1234:5678::1', text: 'Ja' },
      }),
    });
    expect(contact.status).toBe(201);

    const read = await mf.dispatchFetch('https://prefs.example.com/v1/contacts/worker%40example.be', {
      headers: auth,
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      email: 'worker@example.be',
      locale: 'nl',
      subscriptions: { security: 'subscribed' },
      consent_trail: [{ topic: 'security', action: 'subscribe', ip: '2001:db8:1234::', wording: 'Ja' }],
    });
    // The rows really went through the libSQL HTTP protocol.
    expect(hrana.requests).toBeGreaterThan(before);
  });

  it('answers presend from the remote database: stored hashes, unknown addresses, erasure', async () => {
    const call = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
      mf.dispatchFetch(`https://prefs.example.com${path}`, {
        method: init.method ?? 'GET',
        headers: { ...auth, authorization: `Bearer ${init.key ?? ADMIN}` },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
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

  it('answers errors in the envelope', async () => {
    const res = await mf.dispatchFetch('https://prefs.example.com/v1/topics');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const bad = await mf.dispatchFetch('https://prefs.example.com/v1/contacts', {
      method: 'POST',
      headers: auth,
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });
});
