// Pages and mail under their brand and in the chosen language: /p picks its brand by host or
// ?brand=, mails come from the brand with its footer, and the language switch is kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choices, openPage, postForm } from '../preferences/support';
import { createContact, createTestEnv, type TestEnv } from '../support/harness';
import { twoBrands } from './support';

let env: TestEnv;
let topics: { itcare: string; cloudcare: string };
beforeAll(async () => {
  env = await createTestEnv();
  topics = await twoBrands(env);
});
afterAll(() => env.close());

const sameOrigin = { 'sec-fetch-site': 'same-origin', origin: 'null' };

describe('/p chooses its brand', () => {
  it('by the host of a brand’s public_url', async () => {
    const html = await (await env.app.request('http://prefs.cloudcare.be/p')).text();
    expect(html).toContain('<title>Get a link to your email preferences · CloudCare</title>');
    expect(html).toContain('href="/assets/style.css?accent=8a1f5c"');
    expect(html).toContain('href="https://www.cloudcare.be"');
    expect(html).toContain('href="https://www.cloudcare.be/privacy"');
  });

  it('by ?brand=, and mails a link for that brand, from it, with its footer', async () => {
    const person = await createContact(env, { subscriptions: { [topics.itcare]: 'subscribed' } });
    const page = await (await env.app.request('/p?brand=itcare&lang=nl')).text();
    expect(page).toContain('action="/p?lang=nl&amp;brand=itcare"');
    expect(page).toContain('<span>ITcare</span>');
    const res = await postForm(env, '/p?lang=nl&brand=itcare', [['email', person.email]], sameOrigin);
    expect(res.status).toBe(200);
    await env.deferred.settled();
    const mail = [...env.outbox.sent]
      .reverse()
      .find((m) => m.to === person.email && m.kind === 'preferences-link')!;
    expect(mail.from).toBe('ITcare <news@itcare.be>');
    expect(mail.text).toContain('U ontvangt deze e-mail van ITcare.');
    expect(mail.text).toContain('https://www.itcare.be');
    const token = mail.text.match(/\/p\/([\w.-]+)/)![1];
    expect((await env.deps.signer.verify(token, 'preferences')).brand).toBe('itcare');
  });

  it('a 404 on a brand’s host is in that brand', async () => {
    const res = await env.app.request('http://prefs.cloudcare.be/p/x/nothing?lang=fr', {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Page introuvable · CloudCare');
  });
});

describe('the confirmation mail', () => {
  it('comes from the brand of the topics signed up for, in the person’s language', async () => {
    const res = await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anne@example.be', topics: [topics.cloudcare], locale: 'fr' }),
    });
    expect(res.status).toBe(202);
    await env.deferred.settled();
    const mail = [...env.outbox.sent].reverse().find((m) => m.to === 'anne@example.be')!;
    expect(mail.subject).toBe('Confirmez votre inscription chez CloudCare');
    expect(mail.text).toContain('- Conseils CloudCare');
    expect(mail.html).toContain('background: #8a1f5c');
    expect(mail.html).toContain('Vous recevez cet e-mail de la part de CloudCare.');
  });
});

describe('the language switch', () => {
  it('is a list of real links with hreflang on every page', async () => {
    const html = await (await env.app.request('/p?lang=de')).text();
    expect(html).toContain('<html lang="de">');
    for (const [lang, name] of [
      ['en', 'English'],
      ['nl', 'Nederlands'],
      ['fr', 'Français'],
      ['de', 'Deutsch'],
    ])
      expect(html).toMatch(new RegExp(`hreflang="${lang}" lang="${lang}"[^>]*>${name}</a>`));
    expect(html).toContain('<a href="?lang=de" hreflang="de" lang="de" aria-current="true">Deutsch</a>');
  });

  it('keeps the chosen language as the contact’s once they save', async () => {
    const person = await createContact(env, {
      locale: 'nl',
      subscriptions: { [topics.itcare]: 'subscribed' },
    });
    const token = await env.deps.signer.sign({
      purpose: 'preferences',
      contactId: person.id,
      topic: null,
      brand: 'itcare',
    });
    const page = await openPage(env, token, { query: '?lang=de' });
    expect(page.html).toContain('Ihre E-Mail-Einstellungen');
    // Only viewing changes nothing.
    expect(
      ((await (await env.api('GET', `/v1/contacts/${person.email}`)).json()) as { locale: string }).locale,
    ).toBe('nl');
    await postForm(env, `/p/${token}?lang=de`, choices(page, page.ticked));
    expect(
      ((await (await env.api('GET', `/v1/contacts/${person.email}`)).json()) as { locale: string }).locale,
    ).toBe('de');
    expect(await (await env.app.request(`/p/${token}`)).text()).toContain('<html lang="de">');
  });

  it('shows a topic without the page’s language in the brand’s default language', async () => {
    const person = await createContact(env, { subscriptions: { [topics.cloudcare]: 'subscribed' } });
    const token = await env.deps.signer.sign({
      purpose: 'preferences',
      contactId: person.id,
      topic: null,
      brand: 'cloudcare',
    });
    // CloudCare's default language is French; its topic has en and fr only.
    expect((await openPage(env, token, { query: '?lang=de' })).html).toContain('Conseils CloudCare');
    expect((await openPage(env, token, { query: '?lang=en' })).html).toContain('CloudCare tips');
  });
});

describe('page headers under a brand', () => {
  it('allow the brand’s logo on its unsubscribe page, and a one-click answer carries the strict headers', async () => {
    const res = await env.api('PUT', '/v1/brands/logoed', {
      name: 'Logoed',
      website_url: 'https://www.logoed.example',
      logo_url: 'https://cdn.logoed.example/logo.png',
    });
    expect([200, 201]).toContain(res.status);
    const topic = `logoed-${Date.now()}`;
    expect(
      (
        await env.api('PUT', `/v1/topics/${topic}`, {
          name: { en: 'Logoed news' },
          basis: 'consent',
          brand: 'logoed',
        })
      ).status,
    ).toBe(201);
    const person = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const token = await env.deps.signer.sign({ purpose: 'unsubscribe', contactId: person.id, topic });

    const page = await env.app.request(`/u/${token}`);
    expect(page.headers.get('content-security-policy')).toContain(
      "img-src 'self' https://cdn.logoed.example;",
    );
    const oneClick = await env.app.request(`/u/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(oneClick.headers.get('referrer-policy')).toBe('no-referrer');
    expect(oneClick.headers.get('cache-control')).toBe('no-store');
    expect(oneClick.headers.get('x-frame-options')).toBe('DENY');
    expect(oneClick.headers.get('set-cookie')).toBeNull();
  });
});
