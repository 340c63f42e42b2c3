// Wrong input gets a clear 4xx, in the envelope for the API and as a page or short text for
// the public links, and never changes anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { contactOf, issueLinks, pathOf } from './helpers';

let env: TestEnv;
let news: string;
beforeAll(async () => {
  env = await createTestEnv();
  news = await createTopic(env);
});
afterAll(() => env.close());

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ error: { code } });
}

describe('POST /v1/links refuses', () => {
  it.each([
    ['a missing email', { topic: 'news' }],
    ['a malformed email', { email: 'not-an-address', topic: 'news' }],
    ['a missing topic', { email: 'a@example.nl' }],
    ['a malformed topic key', { email: 'a@example.nl', topic: 'Not A Key' }],
    [
      'a campaign that would make the URL long',
      { email: 'a@example.nl', topic: 'news', campaign: 'x'.repeat(65) },
    ],
    ['a campaign with control characters', { email: 'a@example.nl', topic: 'news', campaign: 'a\nb' }],
    ['an unknown locale', { email: 'a@example.nl', topic: 'news', locale: 'es' }],
    ['an unknown field', { email: 'a@example.nl', topic: 'news', subscribe: true }],
  ])('%s with 400 validation_failed', async (_, body) => {
    await expectError(await env.api('POST', '/v1/links', body), 400, 'validation_failed');
  });

  it('an unknown topic with 404 and an archived one with 409', async () => {
    await expectError(
      await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: 'no-such-topic' }),
      404,
      'not_found',
    );
    const archived = await createTopic(env);
    await env.api('PUT', `/v1/topics/${archived}`, {
      name: { en: 'Old', nl: 'Oud' },
      basis: 'consent',
      archived: true,
    });
    await expectError(
      await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: archived }),
      409,
      'conflict',
    );
  });

  it('bodies that are not JSON with 415, and broken JSON with 400', async () => {
    const form = await env.api('POST', '/v1/links', 'email=a@example.nl', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectError(form, 415, 'unsupported_media_type');
    await expectError(await env.api('POST', '/v1/links', '{"email":'), 400, 'invalid_json');
  });

  it('an empty batch or one over 10,000 recipients', async () => {
    await expectError(
      await env.api('POST', '/v1/links/batch', { topic: news, recipients: [] }),
      400,
      'validation_failed',
    );
    const recipients = Array.from({ length: 10_001 }, (_, i) => ({ email: `r${i}@example.nl` }));
    await expectError(
      await env.api('POST', '/v1/links/batch', { topic: news, recipients }),
      400,
      'validation_failed',
    );
  });

  it('a batch with one bad address, naming it, and creates nobody', async () => {
    const good = uniqueEmail();
    const res = await env.api('POST', '/v1/links/batch', {
      topic: news,
      recipients: [{ email: good }, { email: 'broken' }],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { details: [{ field: 'recipients.1.email' }] } });
    expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(good)}`)).status).toBe(404);
  });
});

describe('a link that does not work', () => {
  const bad = ['garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', 'x'.repeat(3000)];

  it.each(bad.map((t) => [t.slice(0, 20), t]))('GET %s shows a 400 page pointing to /p', async (_, token) => {
    const res = await env.app.request(`/u/${token}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('This link does not work');
    expect(html).toContain('href="/p"');
  });

  it.each(bad.map((t) => [t.slice(0, 20), t]))('POST %s answers a short 400 text', async (_, token) => {
    const res = await env.app.request(`/u/${token}`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('This unsubscribe link is not valid.\n');
  });

  it('the page is Dutch for a Dutch browser', async () => {
    const res = await env.app.request('/u/garbage', { headers: { 'accept-language': 'nl' } });
    expect(await res.text()).toContain('Deze link werkt niet');
  });

  it('a well-signed link for a contact that does not exist is refused the same way', async () => {
    const token = await env.deps.signer.sign({
      purpose: 'unsubscribe',
      contactId: 'c_nobodyhere00',
      topic: news,
    });
    expect((await env.app.request(`/u/${token}`)).status).toBe(400);
    const res = await env.app.request(`/u/${token}`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('This unsubscribe link is not valid.\n');
    const undo = await env.app.request(`/u/${token}/undo`, { method: 'POST' });
    expect(undo.status).toBe(400);
  });

  it('a preference-center link used as an unsubscribe link is refused and changes nothing', async () => {
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const links = await issueLinks(env, { email, topic: news });
    const prefsToken = links.preferences_url.split('/p/')[1];
    expect((await env.app.request(`/u/${prefsToken}`, { method: 'POST' })).status).toBe(400);
    expect((await contactOf(env, email)).subscriptions[news]).toBe('subscribed');
  });

  it('a form body that cannot be read is refused and changes nothing', async () => {
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const path = pathOf((await issueLinks(env, { email, topic: news })).unsubscribe_url);
    const res = await env.app.request(path, {
      method: 'POST',
      body: 'this is not multipart',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(res.status).toBe(400);
    expect((await contactOf(env, email)).subscriptions[news]).toBe('subscribed');
  });

  it('an expired link, when LINK_MAX_AGE_DAYS is set', async () => {
    const limited = await createTestEnv({ env: { LINK_MAX_AGE_DAYS: '30' } });
    try {
      const topic = await createTopic(limited);
      const { email } = await createContact(limited, { subscriptions: { [topic]: 'subscribed' } });
      const path = pathOf((await issueLinks(limited, { email, topic })).unsubscribe_url);
      limited.clock.advance(31 * 24 * 60 * 60 * 1000);
      expect((await limited.app.request(path)).status).toBe(400);
      expect((await limited.app.request(path, { method: 'POST' })).status).toBe(400);
      expect((await contactOf(limited, email)).subscriptions[topic]).toBe('subscribed');
    } finally {
      limited.close();
    }
  });
});

describe('POST /v1/contacts/{contact}/unsubscribe refuses', () => {
  const path = (email: string) => `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`;

  it.each([
    ['neither topic nor all', { source: 'phone' }],
    ['both topic and all', { topic: 'news', all: true, source: 'phone' }],
    ['all: false', { all: false, source: 'phone' }],
    ['a missing source', { topic: 'news' }],
    ['an empty source', { topic: 'news', source: '  ' }],
  ])('%s with 400', async (_, body) => {
    const { email } = await createContact(env);
    await expectError(await env.api('POST', path(email), body), 400, 'validation_failed');
  });

  it('an unknown contact or topic with 404', async () => {
    await expectError(
      await env.api('POST', path(uniqueEmail()), { topic: news, source: 'phone' }),
      404,
      'not_found',
    );
    const { email } = await createContact(env);
    await expectError(
      await env.api('POST', path(email), { topic: 'nope', source: 'phone' }),
      404,
      'not_found',
    );
  });
});
