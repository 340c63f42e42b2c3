// Smoke test: the Worker entry, bundled by wrangler exactly as it deploys, running in workerd
// (Miniflare) against a real libSQL engine over HTTP: the test Hrana server in front of a libSQL
// file. What does not need workerd is tested in Node (worker-in-node.test.ts).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HranaServer } from '../../scripts/hrana-server';
import { hashPassword } from '../../src/crypto/password';
import { SCALAR_BUNDLE_PATH } from '../../src/routes/system/docs-bundle';
import { type FakeResend, startFakeResend } from '../support/fake-resend';
import { createTestEnv } from '../support/harness';
import {
  type BuiltWorker,
  buildWorker,
  WORKER_ADMIN_KEY,
  WORKER_DB_TOKEN,
  WORKER_URL,
} from '../support/worker-harness';

const DB_TOKEN = WORKER_DB_TOKEN;
const ADMIN = WORKER_ADMIN_KEY;
let worker: BuiltWorker;
let hrana: HranaServer;
let mf: Miniflare;
// The static assets the deploy uploads next to the script (wrangler.toml [assets]), laid out by
// the [build] command that `wrangler deploy` runs.
const wranglerToml = readFileSync('wrangler.toml', 'utf8');
const assetsDir = /\[assets\]\s*directory\s*=\s*"([^"]+)"/.exec(wranglerToml)![1];
// The paths that reach the Worker before the assets (run_worker_first), as Cloudflare routes them.
const workerFirst = JSON.parse(/^run_worker_first\s*=\s*(\[.*\])$/m.exec(wranglerToml)![1]) as string[];
let dir: string;
let bundle: string;

beforeAll(async () => {
  worker = await buildWorker('worker');
  ({ hrana, dir } = worker);
  bundle = readFileSync(join(worker.out, 'worker.js'), 'utf8');
  mf = worker.start({
    assets: {
      directory: assetsDir,
      binding: 'ASSETS',
      routerConfig: { has_user_worker: true, static_routing: { user_worker: workerFirst } },
    },
  });
}, 120_000);

afterAll(async () => {
  await worker?.close();
});

const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };

describe('the Worker in workerd on a remote libSQL database', () => {
  it('is bundled without the local database server that tests and dev:worker use', () => {
    expect(bundle).toContain('service_unavailable');
    expect(bundle).not.toMatch(/startHranaServer|HranaServerImpl/);
  });

  it("carries zod's English messages, not the parts of zod the service never runs", () => {
    expect(bundle).toContain('Invalid input: expected');
    // Dutch and Spanish, from zod's locale files; its compiler; fromJSONSchema (wrangler.toml [alias]).
    expect(bundle).not.toContain('Ongeldige invoer: verwacht');
    expect(bundle).not.toContain('se esperaba');
    expect(bundle).not.toContain('z.compile does not support async');
    expect(bundle).not.toContain('External $ref is not supported');
    // Its JSON Schema conversion (the OpenAPI document has its own converter).
    expect(bundle).not.toContain('Unprocessed schema. This is a bug in Zod');
  });

  it('signs webhooks with the Standard Webhooks library on the hashes it already carries', () => {
    expect(bundle).toContain('whsec_');
    // fast-sha256's own message (wrangler.toml [alias] puts @noble/hashes in its place).
    expect(bundle).not.toContain("SHA256: can't update because hash was finished");
  });

  it("builds SQLite's SQL without drizzle's Postgres column code", () => {
    expect(bundle).toContain('SQLiteAsyncDialect');
    expect(bundle).not.toContain('PgEnumColumnBuilder');
  });

  it('registers the routes for /openapi.json without carrying the document generator', () => {
    expect(bundle).toContain('already exists in the registry');
    expect(bundle).not.toContain('Conflicting location for parameter');
  });

  it('carries the HTTP half of the libSQL client, not its WebSocket half', () => {
    expect(bundle).toContain('The HTTP client supports only');
    expect(bundle).not.toContain('WebSocket was closed due to an error');
    expect(bundle).not.toContain('isomorphic-ws');
    // Protocol version 2 over HTTP is JSON only (wrangler.toml [alias] leaves protobuf out).
    expect(bundle).not.toContain('Unexpected wire type');
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

  it('puts addresses in the same canonical form as Node: IDNA, full width, invisible characters', async () => {
    const call = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
      mf.dispatchFetch(`https://prefs.example.com${path}`, {
        method: init.method ?? 'GET',
        headers: { ...auth, authorization: `Bearer ${init.key ?? ADMIN}` },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    expect(
      (
        await call('/v1/topics/idn', {
          method: 'PUT',
          body: { name: { en: 'I', nl: 'I' }, basis: 'consent' },
        })
      ).status,
    ).toBe(201);
    for (const email of ['jan@b\u00fccher.example', 'wide@example.nl']) {
      const res = await call(`/v1/contacts/${encodeURIComponent(email)}?suppress=true`, { method: 'DELETE' });
      expect(res.status).toBe(200);
    }
    const res = await call('/v1/presend', {
      method: 'POST',
      body: {
        topic: 'idn',
        recipients: [
          'jan@xn--bcher-kva.example',
          'JAN@BU\u0308CHER.example',
          'wide@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45\uff0e\uff4e\uff4c',
          'wide@exa\u00admple.nl\u200b',
          'jan@xn--zz.example',
        ],
      },
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: Array<{ reason?: string }> };
    expect(results.map((r) => r.reason)).toEqual(['erased', 'erased', 'erased', 'erased', 'invalid_email']);
    const again = await call('/v1/contacts', {
      method: 'POST',
      body: { email: 'Jan@XN--BCHER-KVA.example' },
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'erased' } });
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
    const invalid = await mf.dispatchFetch('https://prefs.example.com/v1/contacts', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 42 }),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: {
        code: 'validation_failed',
        // zod's own English wording, so its default locale is in the bundle.
        details: [{ field: 'email', message: 'Invalid input: expected string, received number' }],
      },
    });
  });
});

describe('the API reference on the Worker', () => {
  it('serves /docs, whose bundle is a static asset and not part of the script', async () => {
    const page = await mf.dispatchFetch('https://prefs.example.com/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain(`<script src="${SCALAR_BUNDLE_PATH}"></script>`);

    const bundle = await mf.dispatchFetch(`https://prefs.example.com${SCALAR_BUNDLE_PATH}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    const bundleBytes = (await bundle.text()).length;
    expect(bundleBytes).toBeGreaterThan(1_000_000);
    // Cloudflare applies _headers to the assets: a versioned path may be cached for good.
    expect(readFileSync(join(assetsDir, '_headers'), 'utf8')).toMatch(
      /^\/docs\/scalar\/\*\n\s+Cache-Control: public, max-age=31536000, immutable$/m,
    );
    // The multi-MB bundle stays out of the Worker script, which is smaller than the bundle alone.
    expect(statSync(join(dir, 'dist', 'worker.js')).size).toBeLessThan(bundleBytes);
  });

  it('serves /openapi.json byte for byte as Node does for the same PUBLIC_URL', async () => {
    const node = await createTestEnv({ env: { PUBLIC_URL: WORKER_URL } });
    try {
      const expected = await node.api('GET', '/openapi.json', undefined, { key: null });
      const res = await mf.dispatchFetch(`${WORKER_URL}/openapi.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(expected.headers.get('content-type'));
      const text = await res.text();
      expect(text).toBe(await expected.text());
      expect(JSON.parse(text).servers).toEqual([{ url: WORKER_URL }]);
    } finally {
      node.close();
    }
  });
});

describe('the Worker with Resend', () => {
  let fake: FakeResend;
  let withMail: Miniflare;
  beforeAll(async () => {
    fake = await startFakeResend();
    withMail = worker.start({
      bindings: {
        RESEND_API_KEY: fake.apiKey,
        RESEND_BASE_URL: fake.url,
        MAIL_FROM: 'Example <news@example.com>',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await fake?.close();
  });

  it('answers a sign-up before Resend answers, and sends the mail through waitUntil', async () => {
    const topic = await withMail.dispatchFetch('https://prefs.example.com/v1/topics/letters', {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ name: { en: 'Letters', nl: 'Brieven' }, basis: 'consent' }),
    });
    expect(topic.status).toBe(201);

    const release = fake.hold();
    const signUp = await withMail.dispatchFetch('https://prefs.example.com/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
      body: JSON.stringify({ email: 'letters@example.nl', topics: ['letters'] }),
    });
    // Resend has not answered (it is held), yet the sign-up has been.
    expect(signUp.status).toBe(202);
    release();

    const trail = async () => {
      const res = await withMail.dispatchFetch('https://prefs.example.com/v1/contacts/letters%40example.nl', {
        headers: auth,
      });
      return res.status === 200
        ? ((await res.json()) as { consent_trail: Array<{ action: string; message_id: string | null }> })
            .consent_trail
        : [];
    };
    await vi.waitFor(async () => expect(await trail()).toHaveLength(1), { timeout: 10_000 });
    expect(fake.requests.filter((r) => r.path === '/emails')).toHaveLength(1);
    expect((await trail())[0]).toMatchObject({ action: 'request', message_id: expect.any(String) });
  });

  it('the five-minute cron retries a sign-up whose mail Resend could not take, under the same key', async () => {
    // Resend is down for the sign-up's first attempt (a send and its quick retry).
    fake.failNext(503, 2);
    const signUp = await withMail.dispatchFetch('https://prefs.example.com/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.9' },
      body: JSON.stringify({ email: 'outage@example.nl', topics: ['letters'] }),
    });
    expect(signUp.status).toBe(202);
    const toOutage = () =>
      fake.requests.filter(
        (r) => r.path === '/emails' && (r.body as { to?: string }).to === 'outage@example.nl',
      );
    await vi.waitFor(() => expect(toOutage()).toHaveLength(2), { timeout: 10_000 });
    const db = createClient({ url: hrana.url, authToken: DB_TOKEN });
    try {
      await vi.waitFor(
        async () => {
          const due = await db.execute(
            'select attempts, claimed_until > created_at as later from sign_ups_due',
          );
          expect(due.rows).toEqual([expect.objectContaining({ attempts: 1, later: 1 })]);
        },
        { timeout: 10_000 },
      );
      // Its next attempt's time has come (moved back rather than waited for).
      await db.execute(
        'update sign_ups_due set created_at = created_at - 600000, claimed_until = claimed_until - 600000',
      );
      const cron = (await withMail.getWorker()) as unknown as {
        scheduled(options: { cron: string; scheduledTime: Date }): Promise<unknown>;
      };
      await cron.scheduled({ cron: '*/5 * * * *', scheduledTime: new Date() });
      expect((await db.execute('select count(*) as n from sign_ups_due')).rows[0].n).toBe(0);
    } finally {
      db.close();
    }
    const requests = toOutage();
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const delivered = fake.delivered.filter((m) => m.to === 'outage@example.nl');
    expect(delivered).toHaveLength(1);
    const res = await withMail.dispatchFetch('https://prefs.example.com/v1/contacts/outage%40example.nl', {
      headers: auth,
    });
    const contact = (await res.json()) as { consent_trail: Array<Record<string, unknown>> };
    expect(contact.consent_trail).toEqual([
      expect.objectContaining({ action: 'request', message_id: delivered[0].id }),
    ]);
  });
});

describe('the console on the Worker', () => {
  it('signs in an account made on Node: the password hash works on both runtimes', async () => {
    // Made the way the CLI makes it, in Node, straight into the remote database.
    const client = createClient({ url: hrana.url, authToken: DB_TOKEN });
    const hash = await hashPassword('a password made on node');
    const now = Date.now();
    await client.execute({
      sql: 'insert into staff_users (id, email, role, password_hash, created_at, password_changed_at) values (?, ?, ?, ?, ?, ?)',
      args: ['usr_worker', 'office@example.nl', 'staff', hash, now, now],
    });
    client.close();

    const login = await mf.dispatchFetch('https://prefs.example.com/admin/login');
    expect(login.status).toBe(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(await login.text())![1];
    const res = await mf.dispatchFetch('https://prefs.example.com/admin/login', {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://prefs.example.com',
        'sec-fetch-site': 'same-origin',
        'cf-connecting-ip': '203.0.113.50',
      },
      body: new URLSearchParams({
        csrf,
        email: 'office@example.nl',
        password: 'a password made on node',
      }).toString(),
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-mailprefs_session=.*; HttpOnly; Secure; SameSite=Strict/);
    const home = await mf.dispatchFetch('https://prefs.example.com/admin', {
      redirect: 'manual',
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('office@example.nl');
  }, 60_000);
});
