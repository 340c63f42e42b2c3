// Hostile input on the public links: forged and altered tokens, retired keys, injected
// names, cookies, and keys without the right scope. None of it may change anything.
import { base64url, CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactWith } from '../presend/fixtures';
import {
  createContact,
  createKey,
  createTestEnv,
  createTopic,
  SIGNING_KEYS,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { contactOf, flipAt, issueLinks, pathOf } from './helpers';

let env: TestEnv;
let news: string;
beforeAll(async () => {
  env = await createTestEnv();
  news = await createTopic(env, { name: { en: '<script>alert(1)</script> & "news"', nl: '<b>nieuws</b>' } });
});
afterAll(() => env.close());

const oneClick = (path: string) =>
  env.app.request(path, {
    method: 'POST',
    body: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function subscribedWithLink(topic = news) {
  const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
  const links = await issueLinks(env, { email, topic, campaign: 'c' });
  return { email, token: pathOf(links.unsubscribe_url).slice('/u/'.length) };
}

describe('tampered tokens change nothing', () => {
  it('one character changed in each part, parts swapped or dropped, alg none', async () => {
    const { email, token } = await subscribedWithLink();
    const other = await subscribedWithLink();
    const [h, p, s] = token.split('.');
    const [, otherPayload] = other.token.split('.');
    const header = (value: unknown) => base64url.encode(JSON.stringify(value));
    const forged = [
      flipAt(token, 5), // header
      flipAt(token, h.length + 10), // payload
      flipAt(token, token.length - 1), // signature
      `${h}.${otherPayload}.${s}`, // someone else's payload under this signature
      `${h}.${p}`,
      `${h}.${p}.`,
      `${header({ alg: 'none', kid: 'k2' })}.${p}.`,
      `${header({ alg: 'HS256', kid: 'retired' })}.${p}.${s}`,
      encodeURIComponent(`${token} `),
    ];
    const before = await contactOf(env, email);
    for (const t of forged) {
      expect((await oneClick(`/u/${t}`)).status, t).toBe(400);
      expect((await env.app.request(`/u/${t}`)).status, t).toBe(400);
    }
    expect(await contactOf(env, email)).toEqual(before);
    expect((await contactOf(env, other.email)).subscriptions[news]).toBe('subscribed');
  });
});

describe('key rotation', () => {
  it('a link signed with a key still listed works; once the key is removed it is refused', async () => {
    const { email, token } = await subscribedWithLink();
    const newKey = 'k3:third-signing-secret-0123456789abcdef';
    // The same database, restarted with a new first key and the old ones still listed.
    const rotated = await createTestEnv({
      dbPath: env.dbPath,
      env: { SIGNING_KEYS: `${newKey},${SIGNING_KEYS}` },
    });
    const retired = await createTestEnv({ dbPath: env.dbPath, env: { SIGNING_KEYS: newKey } });
    try {
      expect((await retired.app.request(`/u/${token}`, { method: 'POST' })).status).toBe(400);
      expect((await contactOf(env, email)).subscriptions[news]).toBe('subscribed');
      expect((await rotated.app.request(`/u/${token}`, { method: 'POST' })).status).toBe(200);
      expect((await contactOf(env, email)).subscriptions[news]).toBe('unsubscribed');
      // New links carry the new key id.
      const fresh = await issueLinks(rotated, { email: uniqueEmail(), topic: news });
      const kid = JSON.parse(atob(pathOf(fresh.unsubscribe_url).split('/')[2].split('.')[0])).kid;
      expect(kid).toBe('k3');
    } finally {
      rotated.close();
      retired.close();
    }
  });
});

describe('pages', () => {
  it('escape topic names instead of rendering them as HTML', async () => {
    const { token } = await subscribedWithLink();
    const html = await (await env.app.request(`/u/${token}`)).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;news&quot;');
    expect(html).not.toMatch(/<script/i);
  });

  it('carry the strict page headers and load nothing from elsewhere', async () => {
    const { token } = await subscribedWithLink();
    const res = await env.app.request(`/u/${token}`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('never set a cookie, on any of the link routes', async () => {
    const { token } = await subscribedWithLink();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const responses = [
      await env.app.request(`/u/${token}`),
      await env.app.request(`/u/${token}`, { method: 'HEAD' }),
      await env.app.request('/u/not-a-token'),
      await env.app.request(`/u/${token}`, { method: 'POST', body: 'source=page', headers: form }),
      await env.app.request(`/u/${token}/undo`, { method: 'POST', body: '', headers: form }),
      await oneClick(`/u/${token}`),
      await oneClick('/u/not-a-token'),
      await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: news }),
      await env.api('POST', '/v1/links/batch', { topic: news, recipients: [{ email: uniqueEmail() }] }),
    ];
    for (const res of responses) {
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });
});

describe('one-click', () => {
  it('never redirects and needs no key or cookie', async () => {
    const { token } = await subscribedWithLink();
    const res = await oneClick(`/u/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses an oversized body in the envelope without changing anything', async () => {
    const small = await createTestEnv({ env: { BODY_LIMIT_BYTES: '1024' } });
    try {
      const topic = await createTopic(small);
      const { email } = await createContact(small, { subscriptions: { [topic]: 'subscribed' } });
      const path = pathOf((await issueLinks(small, { email, topic })).unsubscribe_url);
      const res = await small.app.request(path, {
        method: 'POST',
        body: `List-Unsubscribe=One-Click&x=${'a'.repeat(5000)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(413);
      expect((await contactOf(small, email)).subscriptions[topic]).toBe('subscribed');
    } finally {
      small.close();
    }
  });

  it('an undo cannot subscribe a topic the link is not for', async () => {
    const other = await createTopic(env);
    const { email, token } = await subscribedWithLink();
    await env.app.request(`/u/${token}/undo`, {
      method: 'POST',
      body: `topics=${other}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect((await contactOf(env, email)).subscriptions[other]).toBeUndefined();
  });
});

describe('the undo on the unsubscribe page', () => {
  const ours = { origin: 'null', 'sec-fetch-site': 'same-origin' };
  const form = (path: string, fields: Array<[string, string]>, headers: Record<string, string> = ours) =>
    env.app.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });

  /** Presses the page's button; answers the undo path and the page's undo token (or null). */
  async function unsubscribeOnPage(email: string, topic: string | null) {
    const path = pathOf((await issueLinks(env, { email, topic })).unsubscribe_url);
    const html = await (await form(path, [['source', 'page']])).text();
    const token = html.match(/action="[^"]*\/undo">[\s\S]*?name="form_token" value="([^"]+)"/)?.[1] ?? null;
    return { undo: `${path}/undo`, token };
  }

  it('refuses a cross-site undo, one without its form token and one with a forged or borrowed token, changing nothing', async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const { undo, token } = await unsubscribeOnPage(email, topic);
    expect(token).not.toBeNull();
    const other = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const borrowed = (await unsubscribeOnPage(other.email, topic)).token!;
    const contactId = (await contactOf(env, email)).id;
    const preferenceForm = await env.deps.signer.sign({ purpose: 'form', contactId, topic: null });
    const wrongKey = await new CompactSign(new TextEncoder().encode(`["r","${contactId}",null,0,1768471200]`))
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .sign(new TextEncoder().encode('not-the-real-secret-0123456789abcdef'));
    const before = await contactOf(env, email);
    expect(before.subscriptions[topic]).toBe('unsubscribed');

    const attempts: Array<[Array<[string, string]>, Record<string, string>]> = [
      [[['form_token', token!]], { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
      [[['form_token', token!]], { origin: 'https://evil.example' }],
      [[['form_token', token!]], { origin: 'null', 'sec-fetch-site': 'cross-site' }],
      [[], ours],
      [[['topics', topic]], ours],
      [[['form_token', '']], ours],
      [[['form_token', flipAt(token!, token!.length - 3)]], ours],
      [[['form_token', borrowed]], ours],
      [[['form_token', preferenceForm]], ours],
      [[['form_token', wrongKey]], ours],
    ];
    for (const [fields, headers] of attempts) {
      const res = await form(undo, fields, headers);
      expect(res.status, JSON.stringify([fields, headers])).toBe(403);
      expect(await res.text()).toContain('This form was sent from another website');
    }
    expect(await contactOf(env, email)).toEqual(before);

    expect((await form(undo, [['form_token', token!]])).status).toBe(200);
    expect((await contactOf(env, email)).subscriptions[topic]).toBe('subscribed');
  });

  it('gives back only what the signed form says: extra posted topic keys subscribe nothing', async () => {
    for (const linkTopic of ['topic', null] as const) {
      const topic = await createTopic(env);
      const extra = await createTopic(env);
      const optedOut = await createTopic(env);
      const { email } = await createContact(env, {
        subscriptions: { [topic]: 'subscribed', [optedOut]: 'unsubscribed' },
      });
      const { undo, token } = await unsubscribeOnPage(email, linkTopic && topic);
      const res = await form(undo, [
        ['form_token', token!],
        ['topics', `${extra},${optedOut}`],
        ['topic', extra],
        ['topics', optedOut],
      ]);
      expect(res.status).toBe(200);
      expect((await contactOf(env, email)).subscriptions, String(linkTopic)).toEqual({
        [topic]: 'subscribed',
        [optedOut]: 'unsubscribed',
      });
    }
  });

  it('an all-topics undo never re-subscribes an earlier opt-out, a pending topic or one never chosen', async () => {
    const had = await createTopic(env);
    const earlier = await createTopic(env);
    const pending = await createTopic(env);
    const never = await createTopic(env);
    const softOptIn = await createTopic(env, { basis: 'legitimate_interest' });
    const email = await contactWith(env, {
      [had]: 'subscribed',
      [earlier]: 'unsubscribed',
      [pending]: 'pending',
    });
    // A customer, so the soft opt-in topic reaches them.
    await env.api('POST', '/v1/contacts', { email, customer_since: '2024-01-01' });
    const presendKey = await createKey(env);
    const cleared = async (topic: string) => {
      const res = await env.api('POST', '/v1/presend', { topic, email }, { key: presendKey });
      return ((await res.json()) as { send: boolean }).send;
    };
    expect(await cleared(softOptIn)).toBe(true);

    const { undo, token } = await unsubscribeOnPage(email, null);
    expect((await contactOf(env, email)).unsubscribed_all).toBe(true);
    expect(await cleared(softOptIn)).toBe(false);
    const res = await form(undo, [
      ['form_token', token!],
      ['topics', [had, earlier, pending, never, softOptIn].join(',')],
    ]);
    expect(res.status).toBe(200);
    const after = await contactOf(env, email);
    expect(after.unsubscribed_all).toBe(false);
    expect(after.subscriptions).toEqual({
      [had]: 'subscribed',
      [earlier]: 'unsubscribed',
      [pending]: 'unsubscribed',
    });
    // The soft opt-in topic comes back as it was: received, without a subscription nobody chose.
    expect(await cleared(softOptIn)).toBe(true);
    expect(await cleared(never)).toBe(false);
    expect(after.consent_trail.at(-1)).toMatchObject({
      topic: had,
      action: 'subscribe',
      source: 'unsubscribe-page',
    });
  });

  it('an all-topics undo for a contact who had only soft opt-in mail ends the unsubscribe and subscribes nothing', async () => {
    const softOptIn = await createTopic(env, { basis: 'legitimate_interest' });
    const { email } = await createContact(env, { customerSince: '2024-01-01' });
    const { undo, token } = await unsubscribeOnPage(email, null);
    expect(token).not.toBeNull();
    const res = await form(undo, [['form_token', token!]]);
    expect(await res.text()).toContain('You will receive');
    const after = await contactOf(env, email);
    expect(after.unsubscribed_all).toBe(false);
    expect(after.subscriptions).toEqual({});
    expect(after.consent_trail.at(-1)).toMatchObject({
      topic: null,
      action: 'subscribe',
      source: 'unsubscribe-page',
      note: 'undo on the unsubscribe page',
    });
    const presendKey = await createKey(env);
    const answer = await env.api('POST', '/v1/presend', { topic: softOptIn, email }, { key: presendKey });
    expect(await answer.json()).toMatchObject({ send: true });
  });

  it('offers no undo for a topic that was already unsubscribed before this click, and a replayed undo changes nothing', async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const first = await unsubscribeOnPage(email, topic);
    expect(first.token).not.toBeNull();
    const second = await unsubscribeOnPage(email, topic);
    expect(second.token).toBeNull();
    expect((await contactOf(env, email)).subscriptions[topic]).toBe('unsubscribed');

    expect((await form(first.undo, [['form_token', first.token!]])).status).toBe(200);
    const trail = (await contactOf(env, email)).consent_trail.length;
    const replay = await form(first.undo, [['form_token', first.token!]]);
    expect(await replay.text()).toContain('There was nothing to restore');
    expect((await contactOf(env, email)).consent_trail).toHaveLength(trail);
  });

  it('a form left open for more than two hours changes nothing and says so', async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const { undo, token } = await unsubscribeOnPage(email, topic);
    const before = await contactOf(env, email);
    env.clock.advance(2 * 60 * 60 * 1000 + 60_000);
    try {
      const res = await form(undo, [['form_token', token!]]);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This page was open for a long time');
      expect(await contactOf(env, email)).toEqual(before);
    } finally {
      env.clock.advance(-(2 * 60 * 60 * 1000 + 60_000));
    }
  });
});

describe('link issuing needs the right key', () => {
  it('401 without a key, 403 for a presend-only key; a links key cannot record staff unsubscribes', async () => {
    const body = { email: uniqueEmail(), topic: news };
    expect((await env.api('POST', '/v1/links', body, { key: null })).status).toBe(401);
    expect(
      (await env.api('POST', '/v1/links/batch', { topic: news, recipients: [body] }, { key: null })).status,
    ).toBe(401);
    const presend = (await (
      await env.api('POST', '/v1/keys', { name: 'p', scopes: ['presend'] })
    ).json()) as {
      secret: string;
    };
    expect((await env.api('POST', '/v1/links', body, { key: presend.secret })).status).toBe(403);
    const links = (await (await env.api('POST', '/v1/keys', { name: 'l', scopes: ['links'] })).json()) as {
      secret: string;
    };
    const { email } = await createContact(env);
    const staff = await env.api(
      'POST',
      `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`,
      { all: true, source: 'phone' },
      { key: links.secret },
    );
    expect(staff.status).toBe(403);
  });
});
