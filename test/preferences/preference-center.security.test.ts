// Hostile visitors: forged and borrowed tokens, forms posted from other sites, markup in topic
// names, odd bodies. Nothing they send changes a preference or breaks the page.
import { CompactSign } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { subscriptionsOf } from '../../src/domain/contacts';
import { createSigner, parseSigningKeys } from '../../src/links/signer';
import type { RunningServer } from '../../src/node/serve';
import { createContact, createTestEnv, createTopic, startTestServer, type TestEnv } from '../support/harness';
import { expectPage } from '../support/pages';
import { choices, openPage, postForm, preferenceToken, readForm, statusText } from './support';

let env: TestEnv;
let server: RunningServer;
beforeAll(async () => {
  env = await createTestEnv();
  server = await startTestServer(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

/** A contact subscribed to one topic, its link, and the page as opened. */
async function subscriber() {
  const topic = await createTopic(env);
  const contact = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
  const token = await preferenceToken(env, contact.id);
  const page = await openPage(env, token);
  return { topic, contact, token, page };
}

async function unchanged(contactId: string, topic: string, trailLength: number) {
  const subs = await subscriptionsOf({ ctx: domainContext(env.deps), input: { contactId } });
  expect(subs.find((s) => s.topicKey === topic)?.status).toBe('subscribed');
  expect(await consentTrail({ ctx: domainContext(env.deps), input: { contactId } })).toHaveLength(
    trailLength,
  );
}

describe('escaping', () => {
  it('shows markup in topic names and descriptions as text, never as HTML', async () => {
    const key = await createTopic(env, { name: { en: '<script>alert(1)</script>', nl: '<b>x</b>' } });
    await env.api('PUT', `/v1/topics/${key}`, {
      name: { en: '<script>alert(1)</script>', nl: '<b>x</b>' },
      description: { en: '"><img src=x onerror=alert(2)>', nl: 'x' },
      basis: 'consent',
    });
    const contact = await createContact(env);
    const { html } = await openPage(env, await preferenceToken(env, contact.id));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('links that do not work', () => {
  it('answers a forged, truncated or wrong-purpose token with a page offering a new link', async () => {
    const { contact, token } = await subscriber();
    const [header, payload] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify(['p', contact.id, null, 'x', 1768471200])).toString(
      'base64url',
    );
    const wrongKey = await new CompactSign(new TextEncoder().encode('["p","c_x",null,"t",1768471200]'))
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .sign(new TextEncoder().encode('not-the-real-secret-0123456789abcdef'));
    const unsigned = `${Buffer.from('{"alg":"none","kid":"k2"}').toString('base64url')}.${payload}.`;
    const unsubscribeToken = await env.deps.signer.sign({
      purpose: 'unsubscribe',
      contactId: contact.id,
      topic: null,
    });
    const formToken = await env.deps.signer.sign({ purpose: 'form', contactId: contact.id, topic: null });

    for (const bad of [
      `${header}.${forgedPayload}.${token.split('.')[2]}`,
      token.slice(0, -5),
      wrongKey,
      unsigned,
      unsubscribeToken,
      formToken,
      'not-a-token',
    ]) {
      const res = await env.app.request(`/p/${bad}`);
      expect(res.status, bad).toBe(400);
      const html = await res.text();
      expect(html).toContain('This link does not work');
      expect(html).toContain('href="/p"');
      expect(html).not.toContain('form_token');
    }
  });

  it('answers 404 when the contact behind a valid link no longer exists, saying the data was deleted', async () => {
    const token = await preferenceToken(env, 'c_gone');
    const res = await env.app.request(`/p/${token}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('Your data has been deleted');
    expect(html).not.toContain('too old');
  });

  it('refuses a POST with a bad link token before looking at the form', async () => {
    const res = await postForm(env, '/p/nope', [['form_token', 'x']]);
    expect(res.status).toBe(400);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a form posted from another site, even with a valid form token, and changes nothing', async () => {
    const { topic, contact, token, page } = await subscriber();
    const trail = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://sub.127.0.0.1.example' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    ]) {
      const res = await postForm(env, `/p/${token}`, choices(page, []), headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const html = await res.text();
      expect(html).toContain('This form was sent from another website');
      expect(html).not.toContain('form_token');
    }
    await unchanged(contact.id, topic, trail);
  });

  it('accepts our own origin: PUBLIC_URL, the address the request came to, or null from our no-referrer page', async () => {
    for (const headers of <Array<Record<string, string>>>[
      { origin: 'http://127.0.0.1:8787', 'sec-fetch-site': 'same-origin' },
      { origin: 'http://localhost' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      {},
    ]) {
      const { token, page } = await subscriber();
      const res = await postForm(env, `/p/${token}`, choices(page, []), headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
      expect(statusText(await res.text())).toBe('Your choices are saved.');
    }
  });

  it('refuses a form token made for another link or another contact, or not signed by us', async () => {
    const { topic, contact, token } = await subscriber();
    const other = await subscriber();
    // A link signed at another moment is another link (same-second links are byte-identical).
    env.clock.advance(1000);
    const sameContactOtherLink = readForm((await openPage(env, await preferenceToken(env, contact.id))).html);
    const trail = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;
    const forged = await new CompactSign(new TextEncoder().encode('["f","c_x",null,"t",1768471200]'))
      .setProtectedHeader({ alg: 'HS256', kid: 'k2' })
      .sign(new TextEncoder().encode('not-the-real-secret-0123456789abcdef'));

    for (const formToken of [other.page.formToken, sameContactOtherLink.formToken, forged, token, 'x']) {
      const res = await postForm(env, `/p/${token}`, choices({ formToken, shown: [topic] }, []));
      expect(res.status).toBe(403);
    }
    await unchanged(contact.id, topic, trail);
  });

  it('asks again, changing nothing, when the form was open for more than two hours', async () => {
    const { topic, contact, token, page } = await subscriber();
    const trail = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;
    env.clock.advance(2 * 60 * 60 * 1000 + 60_000);
    try {
      const res = await postForm(env, `/p/${token}`, choices(page, []));
      expect(res.status).toBe(400);
      const html = await res.text();
      // A form left open is not an attack: it says the page is fresh again, and nothing else.
      expect(statusText(html)).toMatch(
        /open for a long time, so we did not save anything. It is reloaded now/,
      );
      expect(html).not.toContain('another website');
      await unchanged(contact.id, topic, trail);

      const fresh = readForm(html);
      expect(fresh.formToken).not.toBe(page.formToken);
      expect((await postForm(env, `/p/${token}`, choices(fresh, []))).status).toBe(200);
      expect(
        (await subscriptionsOf({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))[0].status,
      ).toBe('unsubscribed');
    } finally {
      env.clock.advance(-(2 * 60 * 60 * 1000 + 60_000));
    }
  });
});

describe('a form token that is no good any more', () => {
  it('asks to reload the page, without saying the form came from another website', async () => {
    const { topic, contact, token, page } = await subscriber();
    const trail = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;
    // A page opened before its signing key was retired: the token is for this very link.
    const { tokenId } = await env.deps.signer.verify(token, 'preferences');
    const retired = createSigner({
      keys: parseSigningKeys('k0:retired-signing-secret-0123456789abcdef'),
      clock: env.clock,
    });
    const oldFormToken = await retired.sign({ purpose: 'form', contactId: contact.id, topic: null, tokenId });

    for (const formToken of [oldFormToken, page.formToken.slice(0, -2)]) {
      const res = await postForm(env, `/p/${token}`, choices({ formToken, shown: page.shown }, []));
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(statusText(html)).toBe(
        'This page is out of date, so we changed nothing. Reload the page and try again.',
      );
      expect(html).toContain(`<a class="button" href="/p/${token}">Reload the page</a>`);
      expect(html).not.toContain('another website');
    }
    // In Dutch too, when the contact reads Dutch.
    const dutch = await postForm(
      env,
      `/p/${token}?lang=nl`,
      choices({ formToken: oldFormToken, shown: [] }, []),
    );
    expect(statusText(await dutch.text())).toMatch(/^Deze pagina is verouderd/);
    await unchanged(contact.id, topic, trail);
  });
});

describe('odd bodies', () => {
  it('answers a missing form token, a JSON body or a huge body with an error page, changing nothing', async () => {
    const { topic, contact, token } = await subscriber();
    const trail = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;

    const missing = await postForm(env, `/p/${token}`, [['action', 'unsubscribe-all']]);
    expect(await expectPage(missing, 400)).toContain('We could not read this');

    const json = await env.app.request(`/p/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ form_token: 'x', action: 'unsubscribe-all' }),
    });
    await expectPage(json, 415);

    const badAction = await postForm(env, `/p/${token}`, [
      ['form_token', 'x'],
      ['action', 'delete-everything'],
    ]);
    expect(badAction.status).toBe(400);

    const huge = await env.app.request(`/p/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `form_token=${'x'.repeat(2 * 1024 * 1024)}`,
    });
    await expectPage(huge, 413);

    await unchanged(contact.id, topic, trail);
  });

  it('ignores topic keys that were not on the page or do not exist', async () => {
    const { topic, contact, token, page } = await subscriber();
    const stranger = await createTopic(env);
    const res = await postForm(env, `/p/${token}`, [
      ...choices(page, [topic, stranger, 'no-such-topic', '<x>']),
      ['shown', 'no-such-topic'],
    ]);
    expect(res.status).toBe(200);
    const subs = await subscriptionsOf({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    expect(subs.map((s) => [s.topicKey, s.status])).toEqual([[topic, 'subscribed']]);
  });
});

describe('headers over real HTTP', () => {
  it('every /p response has the strict page headers and no cookie', async () => {
    const { token, page } = await subscriber();
    const form = (fields: Array<[string, string]>, headers: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    const requests: Array<[string, RequestInit?]> = [
      ['/p'],
      ['/p?lang=nl'],
      ['/p', form([['email', 'someone@example.nl']])],
      ['/p', form([['email', 'not an address']])],
      [`/p/${token}`],
      ['/p/forged.token.here'],
      [`/p/${token}`, form(choices(page, []))],
      [`/p/${token}`, form(choices(page, []), { origin: 'https://evil.example' })],
    ];
    for (const [path, init] of requests) {
      const res = await fetch(`${server.url}${path}`, init);
      await res.arrayBuffer();
      const what = `${init?.method ?? 'GET'} ${path} → ${res.status}`;
      expect(res.headers.get('set-cookie'), what).toBeNull();
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, what).toContain("default-src 'none'");
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("form-action 'self'");
      expect(csp, what).not.toContain('unsafe-inline');
      expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('cache-control'), what).toBe('no-store');
    }
  });

  it('declares the pages in /openapi.json', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, object>;
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/p', '/p/{token}']));
    expect(Object.keys(doc.paths['/p/{token}'])).toEqual(expect.arrayContaining(['get', 'post']));
  });
});
