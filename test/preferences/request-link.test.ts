// "Email me a link": a person without an old mail can still reach their preferences, and a
// stranger learns nothing about who is on the list and cannot flood an inbox.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rateLimits } from '../../src/db/schema';
import { createContact, createTestEnv, type TestEnv, uniqueEmail } from '../support/harness';
import { postForm, readForm, statusText } from './support';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

let ipCounter = 0;
/** A fresh client network per test, so the per-IP limit of one test does not hit another. */
function client() {
  ipCounter += 1;
  return { 'x-forwarded-for': `198.51.${ipCounter}.10`, 'sec-fetch-site': 'same-origin', origin: 'null' };
}

const ask = (email: string, headers = client(), query = '') =>
  postForm(env, `/p${query}`, [['email', email]], headers);
const mailsTo = (email: string) => env.outbox.sent.filter((m) => m.to === email);

describe('the request form', () => {
  it('asks for an email address with a label, in English or Dutch', async () => {
    const en = await (await env.app.request('/p')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<label for="email">Email address</label>');
    expect(en).toMatch(/<input type="email" id="email" name="email" autocomplete="email" required=""/);
    const nl = await (await env.app.request('/p?lang=nl')).text();
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toContain('Stuur mij een link');
    expect(nl).toContain('action="/p?lang=nl"');
  });
});

describe('asking for a link', () => {
  it('answers a known and an unknown address with the same page, and mails only the known one', async () => {
    const known = await createContact(env, { email: uniqueEmail('known') });
    const stranger = uniqueEmail('stranger');
    const a = await ask(known.email.toUpperCase());
    const b = await ask(stranger);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const [htmlA, htmlB] = [await a.text(), await b.text()];
    expect(htmlA).toBe(htmlB);
    expect(statusText(htmlA)).toMatch(/^If we know this address, we have just sent a link to it/);
    expect(htmlA).not.toContain(known.email);

    await vi.waitFor(() => expect(mailsTo(known.email)).toHaveLength(1));
    expect(mailsTo(stranger)).toHaveLength(0);
  });

  it('mails a working preference link, in the contact’s language', async () => {
    const contact = await createContact(env, { locale: 'nl' });
    await ask(contact.email);
    await vi.waitFor(() => expect(mailsTo(contact.email)).toHaveLength(1));
    const [mail] = mailsTo(contact.email);
    expect(mail.kind).toBe('preferences-link');
    expect(mail.subject).toBe('Uw link om uw e-mailvoorkeuren te beheren');
    expect(mail.html).toMatch(/^<!doctype html><html lang="nl">/);
    const url = mail.text.match(/http:\/\/127\.0\.0\.1:8787(\/p\/\S+)/)?.[1];
    expect(url).toBeDefined();
    expect(mail.html).toContain(`href="http://127.0.0.1:8787${url}"`);

    const page = await env.app.request(url!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Uw e-mailvoorkeuren');
    expect(readForm(html).formToken).not.toBe('');
  });

  it('shows the form again for something that is not an address, and mails nothing', async () => {
    const before = env.outbox.sent.length;
    const res = await ask('<b>not an address</b>');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(statusText(html)).toBe('Enter a valid email address, like name@example.com.');
    expect(html).toContain('value="&lt;b&gt;not an address&lt;/b&gt;"');
    expect(html).toContain('aria-invalid="true"');
    expect(env.outbox.sent.length).toBe(before);
  });

  it('refuses a request posted from another site', async () => {
    const contact = await createContact(env);
    const res = await ask(contact.email, {
      ...client(),
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(res.status).toBe(403);
    await new Promise((r) => setTimeout(r, 50));
    expect(mailsTo(contact.email)).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('mails one address at most three times an hour, with the same answer each time', async () => {
    const contact = await createContact(env);
    const answers = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const res = await ask(contact.email);
      expect(res.status).toBe(200);
      answers.add(await res.text());
    }
    expect(answers.size).toBe(1);
    await vi.waitFor(() => expect(mailsTo(contact.email)).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 50));
    expect(mailsTo(contact.email)).toHaveLength(3);

    env.clock.advance(61 * 60 * 1000);
    await ask(contact.email);
    await vi.waitFor(() => expect(mailsTo(contact.email)).toHaveLength(4));
  });

  it('answers 429 after twenty requests an hour from one network, while others go on', async () => {
    const busy = client();
    for (let i = 0; i < 20; i++) expect((await ask(uniqueEmail(), busy)).status).toBe(200);
    const limited = await ask(uniqueEmail(), {
      ...busy,
      'x-forwarded-for': busy['x-forwarded-for'].replace(/10$/, '99'),
    });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain('Too many requests');
    expect((await ask(uniqueEmail())).status).toBe(200);
  });

  it('keeps neither addresses nor IPs in the rate-limit table', async () => {
    const email = uniqueEmail('private');
    await ask(email, { ...client(), 'x-forwarded-for': '192.0.2.123' });
    const keys = (await env.deps.db.select().from(rateLimits)).map((r) => r.key).join('\n');
    expect(keys).not.toContain(email);
    expect(keys).not.toContain('192.0.2');
  });
});
