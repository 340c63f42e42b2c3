// The "Done when" lines over real HTTP: the Node server as `npm start` runs it, a link from
// POST /v1/links, and the requests a mailbox provider and a link scanner make.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import {
  ADMIN_KEY,
  createTestEnv,
  SIGNING_KEYS,
  startTestServer,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { type SpawnedServer, spawnServer } from '../support/spawn-server';
import { flipAt, parseRfc2369 } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-links-http-'));
let server: SpawnedServer;
const auth = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

beforeAll(async () => {
  server = await spawnServer(
    {
      DATABASE_URL: `file:${join(dir, 'links.db')}`,
      ADMIN_API_KEY: ADMIN_KEY,
      SIGNING_KEYS,
      UNSUBSCRIBE_MAILTO: 'unsubscribe@example.nl',
    },
    { portEnv: (port) => ({ PUBLIC_URL: `http://127.0.0.1:${port}` }) },
  );
  for (const key of ['news', 'events']) {
    const res = await fetch(`${server.url}/v1/topics/${key}`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ name: { en: key, nl: key }, basis: 'consent' }),
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function subscribedLink(topic = 'news') {
  const email = uniqueEmail('http');
  const created = await fetch(`${server.url}/v1/contacts`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      email,
      subscriptions: { news: 'subscribed', events: 'subscribed' },
      consent: { source: 'http-test' },
    }),
  });
  expect(created.status).toBe(201);
  const res = await fetch(`${server.url}/v1/links`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ email, topic }),
  });
  expect(res.status).toBe(200);
  const links = (await res.json()) as { unsubscribe_url: string; headers: Record<string, string> };
  return { email, ...links };
}

async function subscriptions(email: string) {
  const res = await fetch(`${server.url}/v1/contacts/${encodeURIComponent(email)}`, { headers: auth });
  return ((await res.json()) as { subscriptions: Record<string, string> }).subscriptions;
}

describe('with the Node server running', () => {
  it('issued links carry headers that parse as RFC 2369 lists', async () => {
    const { unsubscribe_url, headers } = await subscribedLink();
    const entries = parseRfc2369(headers['List-Unsubscribe']);
    expect(entries).toEqual([unsubscribe_url, 'mailto:unsubscribe@example.nl?subject=unsubscribe']);
    expect(new URL(entries[0]).origin).toBe(server.url);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('a urlencoded one-click POST answers 200 and unsubscribes from that topic only', async () => {
    const { email, unsubscribe_url } = await subscribedLink();
    const res = await fetch(unsubscribe_url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await subscriptions(email)).toEqual({ news: 'unsubscribed', events: 'subscribed' });
  });

  it('a multipart one-click POST does the same', async () => {
    const { email, unsubscribe_url } = await subscribedLink();
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const res = await fetch(unsubscribe_url, { method: 'POST', body: form, redirect: 'manual' });
    expect(res.status).toBe(200);
    expect(await subscriptions(email)).toEqual({ news: 'unsubscribed', events: 'subscribed' });
  });

  it('a GET or HEAD of the same URL changes nothing', async () => {
    const { email, unsubscribe_url } = await subscribedLink();
    const get = await fetch(unsubscribe_url);
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('<form method="post"');
    expect((await fetch(unsubscribe_url, { method: 'HEAD' })).status).toBe(200);
    expect(await subscriptions(email)).toEqual({ news: 'subscribed', events: 'subscribed' });
  });

  it('a token with one flipped character is refused', async () => {
    const { email, unsubscribe_url } = await subscribedLink();
    const at = unsubscribe_url.lastIndexOf('/') + 1;
    const token = unsubscribe_url.slice(at);
    for (const i of [3, token.indexOf('.') + 4, token.length - 1]) {
      const res = await fetch(unsubscribe_url.slice(0, at) + flipAt(token, i), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(res.status).toBe(400);
    }
    expect(await subscriptions(email)).toEqual({ news: 'subscribed', events: 'subscribed' });
  });
});

describe('over HTTP in-process', () => {
  let env: TestEnv;
  let http: RunningServer;
  beforeAll(async () => {
    env = await createTestEnv();
    http = await startTestServer(env);
  });
  afterAll(async () => {
    await http.close();
    env.close();
  });

  it('an empty-body POST unsubscribes too, and a repeat is harmless', async () => {
    await env.api('PUT', '/v1/topics/news', { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' });
    const email = uniqueEmail();
    await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { news: 'subscribed' },
      consent: { source: 'http-test' },
    });
    const links = (await (await env.api('POST', '/v1/links', { email, topic: 'news' })).json()) as {
      unsubscribe_url: string;
    };
    const url = `${http.url}${new URL(links.unsubscribe_url).pathname}`;
    expect((await fetch(url, { method: 'POST' })).status).toBe(200);
    expect((await fetch(url, { method: 'POST' })).status).toBe(200);
    const contact = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
      subscriptions: Record<string, string>;
      consent_trail: Array<{ source: string }>;
    };
    expect(contact.subscriptions.news).toBe('unsubscribed');
    expect(contact.consent_trail.filter((e) => e.source === 'one-click')).toHaveLength(1);
  });
});
