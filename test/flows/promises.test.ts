// Promises that span features, checked end to end over real HTTP: what one feature records,
// the pre-send check must honour. A sign-up counts only once it is confirmed; an erased,
// unsubscribed or bounced address is refused by presend, and an import cannot bring an erased
// one back.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportWriter } from '../../src/db/import-writer';
import { domainContext } from '../../src/deps';
import { findContactByEmail } from '../../src/domain/contacts';
import { readCsv } from '../../src/domain/csv';
import { importContacts } from '../../src/domain/import';
import type { RunningServer } from '../../src/node/serve';
import {
  ADMIN_KEY,
  createTestEnv,
  createTopic,
  startTestServer,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

let env: TestEnv;
let server: RunningServer;
let presendKey: string;
let news: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  server = await startTestServer(env);
  news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
  const key = await http('POST', '/v1/keys', { json: { name: 'mailing tool', scopes: ['presend'] } });
  expect(key.status).toBe(201);
  presendKey = ((await key.json()) as { secret: string }).secret;
});
afterAll(async () => {
  await server?.close();
  env?.close();
});

/** A request to the running server; `json` bodies go with the admin key unless `key` says otherwise. */
function http(
  method: string,
  path: string,
  opts: {
    json?: unknown;
    form?: Array<[string, string]>;
    key?: string | null;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? ADMIN_KEY : opts.key;
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(opts.form).toString();
  }
  return fetch(`${server.url}${path}`, { method, headers, body, redirect: 'manual' });
}

/** What the mailing tool hears before sending `topic` to `email`. */
async function presend(email: string, topic = news) {
  const res = await http('POST', '/v1/presend', { json: { topic, email }, key: presendKey });
  expect(res.status).toBe(200);
  return (await res.json()) as { email: string; send: boolean; reason?: string; scope?: string };
}

async function contactJson(email: string) {
  const res = await http('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    subscriptions: Record<string, string>;
    consent_trail: Array<Record<string, unknown>>;
  };
}

/** A contact subscribed to news through the admin API, with consent recorded. */
async function subscribed(email = uniqueEmail()) {
  const res = await http('POST', '/v1/contacts', {
    json: {
      email,
      subscriptions: { [news]: 'subscribed' },
      consent: { source: 'website', text: 'Yes, send me the monthly news.' },
    },
  });
  expect(res.status).toBe(201);
  expect(await presend(email)).toMatchObject({ send: true });
  return email;
}

/** The path of a link the service printed or mailed (links carry PUBLIC_URL, not the test server's). */
function pathOf(url: string) {
  return new URL(url).pathname;
}

describe('double opt-in, as the mailing tool sees it', () => {
  it('a form sign-up is not mailable until Confirm is pressed; opening the link changes nothing', async () => {
    const email = uniqueEmail('signup');
    const signup = await http('POST', '/v1/subscribe', {
      key: null,
      form: [
        ['email', email],
        ['topics', news],
        ['source', 'website-footer'],
        ['consent_text', 'Yes, send me the monthly news. I can unsubscribe at any time.'],
        ['website', ''],
      ],
      headers: { accept: 'text/html', 'x-forwarded-for': '203.0.113.77', 'user-agent': 'SignupBrowser/1.0' },
    });
    expect(signup.status).toBe(202);
    expect(await signup.text()).toContain('Check your inbox');
    // The mail and the pending topics follow the answer.
    await env.deferred.settled();
    expect(await presend(email)).toMatchObject({ send: false, reason: 'pending_confirmation' });

    const [mail] = env.outbox.sent.filter((m) => m.to === email);
    expect(mail.kind).toBe('confirm');
    const confirmUrl = mail.text.match(/https?:\/\/\S+\/c\/[A-Za-z0-9_.-]+/)?.[0];
    expect(confirmUrl).toBeDefined();
    const confirmPath = pathOf(confirmUrl!);

    // Mail scanners open links: a GET (and another) shows the page and changes nothing.
    for (let i = 0; i < 2; i++) {
      const opened = await http('GET', confirmPath, {
        key: null,
        headers: { 'x-forwarded-for': '192.0.2.1' },
      });
      expect(opened.status).toBe(200);
      expect(await opened.text()).toContain('<form method="post"');
    }
    expect(await presend(email)).toMatchObject({ send: false, reason: 'pending_confirmation' });
    expect((await contactJson(email)).consent_trail.map((e) => e.action)).toEqual(['request']);

    const confirmed = await http('POST', confirmPath, {
      key: null,
      headers: { 'x-forwarded-for': '2001:db8:abcd:12::7', 'user-agent': 'ConfirmingBrowser/2.0' },
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('You are subscribed');
    expect(await presend(email)).toEqual({ email, send: true, topic: news });

    const { subscriptions, consent_trail } = await contactJson(email);
    expect(subscriptions).toEqual({ [news]: 'subscribed' });
    expect(consent_trail).toHaveLength(2);
    const [request, confirm] = consent_trail;
    expect(request).toMatchObject({
      action: 'request',
      topic: news,
      source: 'website-footer',
      wording: 'Yes, send me the monthly news. I can unsubscribe at any time.',
      ip: '203.0.113.0',
      user_agent: 'SignupBrowser/1.0',
      message_id: expect.any(String),
    });
    expect(confirm).toMatchObject({
      action: 'confirm',
      topic: news,
      source: 'double-opt-in',
      wording: expect.stringContaining('Monthly news'),
      ip: '2001:db8:abcd::',
      user_agent: 'ConfirmingBrowser/2.0',
      token_id: request.token_id,
    });
  });
});

describe('erasure', () => {
  it('after DELETE /v1/contacts/{contact} presend says erased, and a CSV re-import does not resubscribe', async () => {
    const email = await subscribed();
    const erased = await http('DELETE', `/v1/contacts/${encodeURIComponent(email)}`);
    expect(erased.status).toBe(200);
    expect(await erased.json()).toEqual({ erased: true, suppressed: true, receipt_sent: true });
    expect(await presend(email)).toMatchObject({ send: false, reason: 'erased', scope: 'all' });
    expect(await presend(` ${email.toUpperCase()}`)).toMatchObject({ send: false, reason: 'erased' });

    const rejected: Array<{ line: number; reason: string }> = [];
    const summary = await importContacts(
      { ...domainContext(env.deps), writer: createImportWriter(env.deps.db) },
      readCsv([`email,locale\n${email.toUpperCase()},nl\n${uniqueEmail('fresh')},en\n`]),
      { topic: news, source: 'CRM export', label: 'crm.csv', onReject: (r) => void rejected.push(r) },
    );
    expect(summary).toMatchObject({ rows: 2, subscribed: 1, rejected: 1, rejectedByReason: { erased: 1 } });
    expect(rejected).toEqual([expect.objectContaining({ line: 2, reason: 'erased' })]);
    expect(await findContactByEmail({ ctx: domainContext(env.deps), input: { email } })).toBeUndefined();
    expect(await presend(email)).toMatchObject({ send: false, reason: 'erased' });
    expect((await http('GET', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(404);
  });
});

describe('one-click unsubscribe', () => {
  it('after the RFC 8058 POST on a mailing’s link, presend says unsubscribed', async () => {
    const email = await subscribed();
    const links = await http('POST', '/v1/links', { json: { email, topic: news, campaign: 'march' } });
    expect(links.status).toBe(200);
    const { unsubscribe_url, headers } = (await links.json()) as {
      unsubscribe_url: string;
      headers: Record<string, string>;
    };
    expect(headers['List-Unsubscribe']).toBe(`<${unsubscribe_url}>`);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    // What a mailbox provider sends: no cookies, no browser headers.
    const res = await fetch(`${server.url}${pathOf(unsubscribe_url)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(res.status).toBe(200);
    expect(await presend(email)).toMatchObject({ send: false, reason: 'unsubscribed', scope: 'topic' });
    expect((await contactJson(email)).consent_trail.at(-1)).toMatchObject({
      action: 'unsubscribe',
      topic: news,
      source: 'one-click',
      campaign: 'march',
    });
  });
});

describe('bounces', () => {
  it('after a signed email.bounced webhook from Resend, presend says bounced', async () => {
    const email = await subscribed();
    // Signed the way Resend documents it (Standard Webhooks; Resend checks real time).
    const id = `msg_${randomBytes(8).toString('hex')}`;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = JSON.stringify({
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: {
        email_id: 'a1b2c3d4-0000-4000-8000-00000000beef',
        from: 'Acme <news@acme.example>',
        to: [email],
        subject: 'Monthly news',
        created_at: new Date().toISOString(),
        bounce: { message: 'The recipient does not exist', subType: 'General', type: 'Permanent' },
      },
    });
    const secret = Buffer.from(WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
    const signature = createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64');
    const res = await fetch(`${server.url}/webhooks/resend`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': timestamp,
        'svix-signature': `v1,${signature}`,
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, outcome: 'suppressed' });
    expect(await presend(email)).toMatchObject({ send: false, reason: 'bounced', scope: 'all' });
  });
});
