// The promise in every mailing: one click unsubscribes, it is recorded, and it stays that way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { contactOf, issueLinks, parseRfc2369, pathOf } from './helpers';

let env: TestEnv;
let news: string;
let events: string;
beforeAll(async () => {
  env = await createTestEnv();
  news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
  events = await createTopic(env, { name: { en: 'Events', nl: 'Evenementen' } });
});
afterAll(() => env.close());

async function subscriber(locale?: 'en' | 'nl') {
  return createContact(env, { locale, subscriptions: { [news]: 'subscribed', [events]: 'subscribed' } });
}

const browser = {
  'user-agent': 'Mozilla/5.0 (test)',
  'x-forwarded-for': '203.0.113.77',
};

/** What a browser sends for a form on our own no-referrer page. */
const sameOriginForm = {
  'content-type': 'application/x-www-form-urlencoded',
  origin: 'null',
  'sec-fetch-site': 'same-origin',
};

/** The signed undo form token on the "you are unsubscribed" page. */
function undoToken(html: string): string {
  // The undo form's own token: the page's "why?" question carries another one.
  const token = html.match(/action="[^"]*\/undo">[\s\S]*?name="form_token" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('the page offers no undo');
  return token;
}

function post(path: string, body?: BodyInit, headers: Record<string, string> = {}) {
  return env.app.request(path, { method: 'POST', body, headers: { ...browser, ...headers } });
}

describe('POST /v1/links', () => {
  it('answers the URLs and List-Unsubscribe headers for a known contact', async () => {
    const { email, id } = await subscriber();
    const links = await issueLinks(env, { email, topic: news, campaign: 'feb-2026' });
    expect(links.contact_id).toBe(id);
    expect(parseRfc2369(links.headers['List-Unsubscribe'])).toEqual([links.unsubscribe_url]);
    expect(links.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(links.unsubscribe_url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/u\//);
    expect(links.preferences_url).toMatch(/^http:\/\/127\.0\.0\.1:8787\/p\//);
    expect(links.unsubscribe_url).not.toContain(encodeURIComponent(email));
  });

  it('makes an unknown address a contact without subscribing it to anything', async () => {
    const email = uniqueEmail('new');
    const links = await issueLinks(env, { email, topic: news, locale: 'nl' });
    const contact = await contactOf(env, email);
    expect(contact.id).toBe(links.contact_id);
    expect(contact.subscriptions).toEqual({});
    expect(contact.consent_trail).toEqual([]);
  });

  it('works with a key that has only the links scope', async () => {
    const res = await env.api('POST', '/v1/keys', { name: 'mailer', scopes: ['links'] });
    const { secret } = (await res.json()) as { secret: string };
    const links = await env.api('POST', '/v1/links', { email: uniqueEmail(), topic: news }, { key: secret });
    expect(links.status).toBe(200);
  });

  it('adds the UNSUBSCRIBE_MAILTO entry after the https one', async () => {
    const other = await createTestEnv({ env: { UNSUBSCRIBE_MAILTO: 'unsubscribe@example.nl' } });
    try {
      const topic = await createTopic(other);
      const links = await issueLinks(other, { email: uniqueEmail(), topic });
      expect(parseRfc2369(links.headers['List-Unsubscribe'])).toEqual([
        links.unsubscribe_url,
        'mailto:unsubscribe@example.nl?subject=unsubscribe',
      ]);
    } finally {
      other.close();
    }
  });

  it('answers a batch in the order it was asked, duplicates included', async () => {
    const known = await subscriber();
    const fresh = uniqueEmail('batch');
    const res = await env.api('POST', '/v1/links/batch', {
      topic: news,
      campaign: 'batch-1',
      recipients: [{ email: fresh, locale: 'nl' }, { email: known.email.toUpperCase() }, { email: fresh }],
    });
    expect(res.status).toBe(200);
    const { links } = (await res.json()) as {
      links: Array<{ email: string; contact_id: string; unsubscribe_url: string }>;
    };
    expect(links.map((l) => l.email)).toEqual([fresh, known.email, fresh]);
    expect(links[1].contact_id).toBe(known.id);
    expect(links[0].contact_id).toBe(links[2].contact_id);
    expect((await contactOf(env, fresh)).subscriptions).toEqual({});
    // Each link unsubscribes its own recipient.
    expect((await post(pathOf(links[1].unsubscribe_url))).status).toBe(200);
    expect((await contactOf(env, known.email)).subscriptions[news]).toBe('unsubscribed');
  });

  it('handles a full batch of 10,000 recipients', async () => {
    const recipients = Array.from({ length: 10_000 }, (_, i) => ({
      email: `bulk.${i}.${Date.now()}@example.nl`,
    }));
    const res = await env.api('POST', '/v1/links/batch', { topic: events, recipients });
    expect(res.status).toBe(200);
    const { links } = (await res.json()) as { links: Array<{ email: string }> };
    expect(links).toHaveLength(10_000);
    expect(links[9_999].email).toBe(recipients[9_999].email);
  }, 60_000);
});

describe('one-click unsubscribe (RFC 8058)', () => {
  const bodies: Array<[string, () => { body?: BodyInit; headers?: Record<string, string> }]> = [
    [
      'urlencoded',
      () => ({
        body: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ],
    [
      'multipart',
      () => {
        const form = new FormData();
        form.set('List-Unsubscribe', 'One-Click');
        return { body: form };
      },
    ],
    ['empty', () => ({})],
  ];

  it.each(bodies)('a %s POST unsubscribes from that topic only, with a tiny 200', async (_, make) => {
    const { email } = await subscriber();
    const links = await issueLinks(env, { email, topic: news, campaign: 'feb-2026' });
    const { body, headers } = make();
    const res = await post(pathOf(links.unsubscribe_url), body, headers);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('location')).toBeNull();
    expect((await res.text()).length).toBeLessThan(100);
    const contact = await contactOf(env, email);
    expect(contact.subscriptions).toEqual({ [news]: 'unsubscribed', [events]: 'subscribed' });
  });

  it('records source, time, campaign, token id, truncated IP and user agent', async () => {
    const { email } = await subscriber();
    const links = await issueLinks(env, { email, topic: news, campaign: 'feb-2026' });
    await post(pathOf(links.unsubscribe_url), 'List-Unsubscribe=One-Click', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const entry = (await contactOf(env, email)).consent_trail.at(-1);
    expect(entry).toMatchObject({
      topic: news,
      action: 'unsubscribe',
      source: 'one-click',
      occurred_at: env.clock.now().toISOString(),
      campaign: 'feb-2026',
      ip: '203.0.113.0',
      user_agent: 'Mozilla/5.0 (test)',
    });
    expect(entry?.token_id).toMatch(/^t_/);
  });

  it('truncates an IPv6 address to its /48', async () => {
    const { email } = await subscriber();
    const links = await issueLinks(env, { email, topic: news });
    await post(pathOf(links.unsubscribe_url), undefined, { 'x-forwarded-for': '2001:db8:abcd:12:1:2:3:4' });
    expect((await contactOf(env, email)).consent_trail.at(-1)?.ip).toBe('2001:db8:abcd::');
  });

  it('survives a replay: 200 again, no second trail entry', async () => {
    const { email } = await subscriber();
    const path = pathOf((await issueLinks(env, { email, topic: news })).unsubscribe_url);
    expect((await post(path)).status).toBe(200);
    const before = (await contactOf(env, email)).consent_trail.length;
    for (let i = 0; i < 3; i++) expect((await post(path)).status).toBe(200);
    expect((await contactOf(env, email)).consent_trail).toHaveLength(before);
  });

  it('an all-topics link unsubscribes from everything, once', async () => {
    const { email } = await subscriber();
    const path = pathOf((await issueLinks(env, { email, topic: null })).unsubscribe_url);
    expect((await post(path)).status).toBe(200);
    expect((await post(path)).status).toBe(200);
    const contact = await contactOf(env, email);
    expect(contact.unsubscribed_all).toBe(true);
    expect(contact.subscriptions).toEqual({ [news]: 'unsubscribed', [events]: 'unsubscribed' });
    expect(contact.consent_trail.filter((e) => e.action === 'unsubscribe_all')).toMatchObject([
      { topic: null, source: 'one-click' },
    ]);
  });
});

describe('the unsubscribe page', () => {
  it('GET and HEAD show the question and change nothing', async () => {
    const { email } = await subscriber();
    const path = pathOf((await issueLinks(env, { email, topic: news })).unsubscribe_url);
    const before = await contactOf(env, email);
    const page = await env.app.request(path, { headers: browser });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Unsubscribe from Monthly news?');
    expect(html).toContain(`<form method="post" action="${path}"`);
    expect(html).toContain('name="source" value="page"');
    expect(html).toMatch(/href="\/p\/[\w-]+\.[\w-]+\.[\w-]+"/);
    const head = await env.app.request(path, { method: 'HEAD', headers: browser });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(await contactOf(env, email)).toEqual(before);
  });

  it('speaks Dutch to a Dutch contact or browser', async () => {
    const nl = await subscriber('nl');
    const nlPath = pathOf((await issueLinks(env, { email: nl.email, topic: news })).unsubscribe_url);
    const html = await (await env.app.request(nlPath)).text();
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Afmelden voor Maandelijks nieuws?');
    const en = await subscriber();
    const enPath = pathOf((await issueLinks(env, { email: en.email, topic: news })).unsubscribe_url);
    const byHeader = await env.app.request(enPath, {
      headers: { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' },
    });
    expect(await byHeader.text()).toContain('Afmelden voor Maandelijks nieuws?');
  });

  it('the button unsubscribes, records unsubscribe-page, and offers an undo that is recorded too', async () => {
    const { email } = await subscriber();
    const path = pathOf((await issueLinks(env, { email, topic: news, campaign: 'c1' })).unsubscribe_url);
    const done = await post(path, 'source=page', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(html).toContain('You are unsubscribed');
    expect(html).toContain(`action="${path}/undo"`);
    let contact = await contactOf(env, email);
    expect(contact.subscriptions[news]).toBe('unsubscribed');
    expect(contact.consent_trail.at(-1)).toMatchObject({
      action: 'unsubscribe',
      source: 'unsubscribe-page',
      campaign: 'c1',
    });

    const undo = await post(`${path}/undo`, `form_token=${undoToken(html)}`, sameOriginForm);
    expect(undo.status).toBe(200);
    expect(await undo.text()).toContain('You will receive Monthly news again.');
    contact = await contactOf(env, email);
    expect(contact.subscriptions[news]).toBe('subscribed');
    expect(contact.consent_trail.at(-1)).toMatchObject({
      topic: news,
      action: 'subscribe',
      source: 'unsubscribe-page',
      wording: 'I want to receive Monthly news again.',
      note: 'undo on the unsubscribe page',
    });
  });

  it('after using the link, it still opens and says you are already unsubscribed', async () => {
    const { email } = await subscriber();
    const path = pathOf((await issueLinks(env, { email, topic: news })).unsubscribe_url);
    await post(path);
    const html = await (await env.app.request(path)).text();
    expect(html).toContain('You are already unsubscribed from Monthly news.');
    // Only "everything" is still offered beside it.
    expect(html).not.toContain('>Unsubscribe</button>');
    expect(html.match(/name="source"/g)).toHaveLength(1);
    expect(html).toContain('name="scope" value="all"');
  });

  it('an all-topics undo restores exactly what the person received before', async () => {
    const { email } = await createContact(env, {
      subscriptions: { [news]: 'subscribed', [events]: 'unsubscribed' },
    });
    const path = pathOf((await issueLinks(env, { email, topic: null })).unsubscribe_url);
    const done = await (
      await post(path, 'source=page', { 'content-type': 'application/x-www-form-urlencoded' })
    ).text();
    expect((await contactOf(env, email)).unsubscribed_all).toBe(true);
    const undo = await post(`${path}/undo`, `form_token=${undoToken(done)}`, sameOriginForm);
    expect(await undo.text()).toContain('You will receive Monthly news again.');
    const contact = await contactOf(env, email);
    expect(contact.unsubscribed_all).toBe(false);
    expect(contact.subscriptions).toEqual({ [news]: 'subscribed', [events]: 'unsubscribed' });
  });
});

describe('staff record an unsubscribe request', () => {
  it('for one topic, with source, note and API key, once', async () => {
    const { email } = await subscriber();
    const body = { topic: news, source: 'phone', note: 'Called on 3 Feb' };
    const res = await env.api('POST', `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      changed: true,
      subscriptions: { [news]: 'unsubscribed', [events]: 'subscribed' },
    });
    const again = await env.api('POST', `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`, body);
    expect(await again.json()).toMatchObject({ changed: false });
    const trail = (await contactOf(env, email)).consent_trail.filter((e) => e.source === 'phone');
    expect(trail).toMatchObject([
      { topic: news, action: 'unsubscribe', note: 'Called on 3 Feb', api_key_id: 'env:ADMIN_API_KEY' },
    ]);
  });

  it('for everything', async () => {
    const { email } = await subscriber();
    const res = await env.api('POST', `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`, {
      all: true,
      source: 'letter',
    });
    expect(await res.json()).toMatchObject({ changed: true, unsubscribed_all: true });
  });
});
