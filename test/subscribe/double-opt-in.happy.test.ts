import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { BROWSER_UA, confirmPath, mailsTo, postForm, postJson } from './support';

let env: TestEnv;
let news: string;
let events: string;
beforeAll(async () => {
  env = await createTestEnv();
  news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
  events = await createTopic(env, { name: { en: 'Events and webinars', nl: 'Evenementen en webinars' } });
});
afterAll(() => env.close());

async function contact(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    locale: string | null;
    subscriptions: Record<string, string>;
    consent_trail: Array<Record<string, unknown>>;
  };
}

describe('signing up with double opt-in', () => {
  it('a JSON sign-up marks the topics pending and mails a confirm link, nothing more', async () => {
    const email = uniqueEmail();
    const res = await postJson(
      env,
      {
        email: email.toUpperCase(),
        topics: [news, events],
        source: 'website-footer',
        source_url: 'https://www.example.nl/nieuwsbrief',
        consent_text: 'Yes, send me the monthly news and event invitations.',
      },
      { 'x-forwarded-for': '203.0.113.77' },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'accepted', message: expect.any(String) });

    const [mail] = mailsTo(env, email);
    expect(mail.kind).toBe('confirm');
    expect(mail.subject).toMatch(/confirm/i);
    expect(mail.text).toContain('Monthly news');
    expect(mail.html).toContain('Events and webinars');
    expect(mail.html).toContain(confirmPath(mail));
    expect(mail.idempotencyKey).toMatch(/^confirm\//);

    const c = await contact(email);
    expect(c.subscriptions).toEqual({ [news]: 'pending', [events]: 'pending' });
    expect(c.consent_trail).toHaveLength(2);
    expect(c.consent_trail[0]).toMatchObject({
      action: 'request',
      source: 'website-footer',
      source_url: 'https://www.example.nl/nieuwsbrief',
      wording: 'Yes, send me the monthly news and event invitations.',
      wording_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      ip: '203.0.113.0',
      user_agent: BROWSER_UA,
      message_id: mail.id,
    });
  });

  it('opening the link changes nothing; pressing Confirm subscribes and records the click', async () => {
    const email = uniqueEmail();
    await postJson(
      env,
      { email, topics: [news], consent_text: 'Send me news.' },
      { 'x-forwarded-for': '198.51.100.9' },
    );
    const [mail] = mailsTo(env, email);
    const path = confirmPath(mail);

    for (let i = 0; i < 3; i++) {
      const page = await env.app.request(path, { headers: { 'x-forwarded-for': '192.0.2.1' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="post"');
      expect(html).toContain('Monthly news');
      expect(html).toContain('Confirm</button>');
    }
    let c = await contact(email);
    expect(c.subscriptions).toEqual({ [news]: 'pending' });
    expect(c.consent_trail.map((e) => e.action)).toEqual(['request']);

    const confirm = await env.app.request(path, {
      method: 'POST',
      headers: { 'x-forwarded-for': '2001:db8:abcd:12::7', 'user-agent': 'Confirming browser' },
    });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('You are subscribed');

    c = await contact(email);
    expect(c.subscriptions).toEqual({ [news]: 'subscribed' });
    const [request, confirmed] = c.consent_trail;
    expect(confirmed).toMatchObject({
      action: 'confirm',
      topic: news,
      source: 'double-opt-in',
      ip: '2001:db8:abcd::',
      user_agent: 'Confirming browser',
      message_id: mail.id,
      token_id: request.token_id,
      wording: expect.stringContaining('Monthly news'),
    });
    expect(request).toMatchObject({ ip: '198.51.100.0', wording: 'Send me news.' });

    // A second click, or a scanner replaying the POST, adds nothing.
    const again = await env.app.request(path, { method: 'POST' });
    expect(again.status).toBe(200);
    expect((await contact(email)).consent_trail).toHaveLength(2);
  });

  it('a browser form post with repeated topic checkboxes gets a "check your inbox" page', async () => {
    const email = uniqueEmail();
    const res = await postForm(
      env,
      [
        ['email', email],
        ['topics', news],
        ['topics', events],
        ['locale', ''],
        ['website', ''],
        ['consent_text', 'Ja, stuur mij nieuws.'],
      ],
      {
        accept: 'text/html,application/xhtml+xml',
        'accept-language': 'nl-NL,nl;q=0.9,en;q=0.5',
        referer: 'https://www.example.nl/aanmelden?email=leak@example.nl#top',
        'x-forwarded-for': '203.0.113.8',
      },
    );
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain('Kijk in uw inbox');

    const [mail] = mailsTo(env, email);
    expect(mail.subject).toMatch(/Bevestig/);
    expect(mail.text).toContain('Maandelijks nieuws');
    const c = await contact(email);
    expect(c.subscriptions).toEqual({ [news]: 'pending', [events]: 'pending' });
    // The form page, without the query string that could carry personal data.
    expect(c.consent_trail[0].source_url).toBe('https://www.example.nl/aanmelden');
    expect(c.consent_trail[0].source).toBe('subscribe-form');
  });

  it('mails in Dutch when the form asks for it, with text and HTML parts', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [events], locale: 'nl' });
    const [mail] = mailsTo(env, email);
    expect(mail.subject).toBe('Bevestig uw aanmelding bij mailprefs');
    expect(mail.text).toContain('Evenementen en webinars');
    expect(mail.text).toContain('7 dagen');
    expect(mail.html).toMatch(/^<!doctype html><html lang="nl">/);
    expect((await contact(email)).locale).toBe('nl');

    const page = await env.app.request(confirmPath(mail));
    expect(await page.text()).toContain('Bevestig uw aanmelding');
  });

  it('does not mail an address again for topics it already has, but does for a new one', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [news] });
    await env.app.request(confirmPath(mailsTo(env, email)[0]), { method: 'POST' });

    const again = await postJson(env, { email, topics: [news] });
    expect(again.status).toBe(202);
    expect(mailsTo(env, email)).toHaveLength(1);

    await postJson(env, { email, topics: [news, events] });
    const mails = mailsTo(env, email);
    expect(mails).toHaveLength(2);
    expect(mails[1].text).toContain('Events and webinars');
    expect(mails[1].text).not.toContain('Monthly news');
  });

  it('re-subscribing after an unsubscribe needs the fresh confirm click', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [news] });
    await env.app.request(confirmPath(mailsTo(env, email)[0]), { method: 'POST' });
    const out = await env.api('POST', '/v1/contacts', { email, subscriptions: { [news]: 'unsubscribed' } });
    expect(out.status).toBe(200);

    await postJson(env, { email, topics: [news] });
    expect((await contact(email)).subscriptions[news]).toBe('pending');
    // Staff cannot finish the double opt-in for the person.
    const staff = await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [news]: 'subscribed' },
      consent: { source: 'staff' },
    });
    expect(staff.status).toBe(409);
    expect(await staff.json()).toMatchObject({ error: { code: 'opted_out' } });
    expect((await contact(email)).subscriptions[news]).toBe('pending');

    await env.app.request(confirmPath(mailsTo(env, email)[1]), { method: 'POST' });
    const c = await contact(email);
    expect(c.subscriptions[news]).toBe('subscribed');
    expect(c.consent_trail.map((e) => e.action)).toEqual([
      'request',
      'confirm',
      'unsubscribe',
      'request',
      'confirm',
    ]);
  });

  it('an opt-out after the sign-up wins over an old confirm link', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [news] });
    const path = confirmPath(mailsTo(env, email)[0]);
    await env.api('POST', '/v1/contacts', { email, subscriptions: { [news]: 'unsubscribed' } });

    const res = await env.app.request(path, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Nothing to confirm');
    expect((await contact(email)).subscriptions[news]).toBe('unsubscribed');
  });
});
