import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { DAY_MS } from '../../src/domain/clock';
import { addSuppression } from '../../src/domain/suppressions';
import { createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { confirmPath, mailsTo, postForm, postJson } from './support';

let env: TestEnv;
let news: string;
beforeAll(async () => {
  env = await createTestEnv({ env: { ALLOWED_ORIGINS: 'https://www.example.nl, https://shop.example.nl' } });
  news = await createTopic(env);
});
afterAll(() => env.close());

let ipCounter = 0;
/** A fresh network per call, so the per-network limit only bites where a test wants it to. */
const freshIp = () => `10.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}.5`;

describe('no address enumeration', () => {
  it('answers new, pending, subscribed, suppressed and over-limit addresses identically', async () => {
    const fresh = uniqueEmail();
    const pending = uniqueEmail();
    const subscribed = uniqueEmail();
    const suppressed = uniqueEmail();
    const limited = uniqueEmail();

    await postJson(env, { email: pending, topics: [news] }, { 'x-forwarded-for': freshIp() });
    await postJson(env, { email: subscribed, topics: [news] }, { 'x-forwarded-for': freshIp() });
    await env.app.request(confirmPath(mailsTo(env, subscribed)[0]), { method: 'POST' });
    await addSuppression({
      ctx: domainContext(env.deps),
      input: {
        email: suppressed,
        reason: 'complained',
        source: 'test',
      },
    });
    for (let i = 0; i < 3; i++)
      await postJson(env, { email: limited, topics: [news] }, { 'x-forwarded-for': freshIp() });

    const answers = [];
    for (const email of [fresh, pending, subscribed, suppressed, limited]) {
      const res = await postJson(env, { email, topics: [news] }, { 'x-forwarded-for': freshIp() });
      answers.push({ status: res.status, body: await res.text(), type: res.headers.get('content-type') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(202);

    expect(mailsTo(env, subscribed)).toHaveLength(1);
    expect(mailsTo(env, suppressed)).toHaveLength(0);
    expect(mailsTo(env, limited)).toHaveLength(3);
  });
});

describe('abuse limits', () => {
  it('mails one address at most 3 confirmations a day, then again the next day', async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) {
      expect((await postJson(env, { email, topics: [news] }, { 'x-forwarded-for': freshIp() })).status).toBe(
        202,
      );
    }
    expect(mailsTo(env, email)).toHaveLength(3);
    env.clock.advance(DAY_MS + 1000);
    await postJson(env, { email, topics: [news] }, { 'x-forwarded-for': freshIp() });
    expect(mailsTo(env, email)).toHaveLength(4);
  });

  it('answers 429 to a network that signs up too many addresses, saying nothing about them', async () => {
    const ip = '198.18.7.1';
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) {
      last = await postJson(env, { email: uniqueEmail(), topics: [news] }, { 'x-forwarded-for': ip });
      if (i < 30) expect(last.status).toBe(202);
    }
    expect(last?.status).toBe(429);
    expect(await last?.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another address in the same /24 is the same network.
    const same = await postJson(
      env,
      { email: uniqueEmail(), topics: [news] },
      { 'x-forwarded-for': '198.18.7.200' },
    );
    expect(same.status).toBe(429);
  });

  it('a filled honeypot is answered like any sign-up and does nothing', async () => {
    const email = uniqueEmail();
    const res = await postForm(env, [
      ['email', email],
      ['topics', news],
      ['website', 'http://spam.example'],
    ]);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted' });
    expect(mailsTo(env, email)).toHaveLength(0);
    expect((await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).status).toBe(404);
  });
});

describe('cross-origin posts', () => {
  it('allows CORS for configured origins only', async () => {
    const allowed = await postJson(
      env,
      { email: uniqueEmail(), topics: [news] },
      { origin: 'https://shop.example.nl', 'x-forwarded-for': freshIp() },
    );
    expect(allowed.status).toBe(202);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.nl');

    const preflight = await env.app.request('/v1/subscribe', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.example.nl',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://www.example.nl');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');

    const evilPreflight = await env.app.request('/v1/subscribe', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a form posted from a site that is not allowed, and mails nobody', async () => {
    const email = uniqueEmail();
    const res = await postForm(
      env,
      [
        ['email', email],
        ['topics', news],
      ],
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(mailsTo(env, email)).toHaveLength(0);
  });
});

describe('the Confirm button', () => {
  it('refuses a confirm posted from another site and subscribes nothing; our own page still confirms', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [news] }, { 'x-forwarded-for': freshIp() });
    const path = confirmPath(mailsTo(env, email)[0]);
    const contact = async () =>
      (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
        subscriptions: Record<string, string>;
        consent_trail: unknown[];
      };
    const before = await contact();
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://www.example.nl' }, // allowed to post sign-ups, not to confirm them
    ]) {
      const res = await env.app.request(path, { method: 'POST', headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const html = await res.text();
      expect(html).toContain('This form was sent from another website');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    expect(await contact()).toEqual(before);
    expect(before.subscriptions).toEqual({ [news]: 'pending' });

    const ours = await env.app.request(path, {
      method: 'POST',
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(ours.status).toBe(200);
    expect((await contact()).subscriptions).toEqual({ [news]: 'subscribed' });
  });
});

describe('hostile content', () => {
  it('escapes HTML in topic names on the confirm page and in the mail', async () => {
    const evil = await createTopic(env, {
      name: { en: '<script>alert(1)</script><b>News</b>', nl: '<img src=x onerror=alert(1)>' },
    });
    const email = uniqueEmail();
    await postJson(env, { email, topics: [evil] }, { 'x-forwarded-for': freshIp() });
    const [mail] = mailsTo(env, email);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    const page = await (await env.app.request(confirmPath(mail))).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const nl = await (await env.app.request(`${confirmPath(mail)}?lang=nl`)).text();
    expect(nl).not.toContain('<img src=x');
  });

  it('refuses forged, tampered, wrong-purpose and expired links without changing anything', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [news] }, { 'x-forwarded-for': freshIp() });
    const path = confirmPath(mailsTo(env, email)[0]);
    const token = path.slice('/c/'.length);
    const contactId = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()).id;
    const unsubscribeToken = await env.deps.signer.sign({ purpose: 'unsubscribe', contactId, topic: null });
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    const noneAlg = `${Buffer.from('{"alg":"none","kid":"k2"}').toString('base64url')}.${p}.`;

    for (const bad of [tampered, noneAlg, unsubscribeToken, 'not-a-token', 'a'.repeat(1000)]) {
      for (const method of ['GET', 'POST']) {
        const res = await env.app.request(`/c/${bad}`, { method });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain('This link does not work');
      }
    }
    env.clock.advance(7 * DAY_MS + 60_000);
    const expired = await env.app.request(path, { method: 'POST' });
    expect(expired.status).toBe(400);
    env.clock.advance(-(7 * DAY_MS + 60_000));

    const c = await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json();
    expect(c.subscriptions).toEqual({ [news]: 'pending' });
  });

  it('pages carry strict headers and never set cookies', async () => {
    const email = uniqueEmail();
    await postJson(env, { email, topics: [news] }, { 'x-forwarded-for': freshIp() });
    const path = confirmPath(mailsTo(env, email)[0]);
    for (const res of [await env.app.request(path), await env.app.request(path, { method: 'POST' })]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).not.toContain('<script');
    }
  });
});
