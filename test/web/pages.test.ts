// Every page a person can be shown, reached the way a person reaches it: each is a full
// standards-mode document (`<!doctype html>` first, so no quirks mode) with the page headers.
// Errors on the browser routes are pages too, in the visitor's language, never JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSendError } from '../../src/mail/transport';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';
import { expectPage } from '../support/pages';

let env: TestEnv;
let topic: string;
beforeAll(async () => {
  env = await createTestEnv();
  topic = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
});
afterAll(() => env.close());

const ourPage = { 'sec-fetch-site': 'same-origin', origin: 'null' };
const fromElsewhere = { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' };

function get(path: string, headers: Record<string, string> = {}) {
  return env.app.request(path, { headers });
}

function post(path: string, fields: Array<[string, string]>, headers: Record<string, string> = ourPage) {
  return env.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The action and hidden fields of the form on `html` whose action contains `action`. */
function formOf(html: string, action: string): { action: string; fields: Array<[string, string]> } {
  const form = [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].find((f) =>
    f[1].includes(action),
  );
  if (!form) throw new Error(`no form for ${action} in:\n${html}`);
  const fields = [...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
    (f) => [f[1], f[2].replace(/&amp;/g, '&')] as [string, string],
  );
  return { action: form[1].replace(/&amp;/g, '&'), fields };
}

async function subscribedContact() {
  return createContact(env, { subscriptions: { [topic]: 'subscribed' } });
}

const sign = (purpose: 'unsubscribe' | 'preferences', contactId: string, t: string | null = null) =>
  env.deps.signer.sign({ purpose, contactId, topic: t });

describe('the unsubscribe pages (/u)', () => {
  it('the question, the confirmation, the undo result and a broken link', async () => {
    const contact = await subscribedContact();
    const path = `/u/${await sign('unsubscribe', contact.id, topic)}`;
    const question = await expectPage(await get(path), 200);
    expect(question).toContain('Unsubscribe from Monthly news?');

    const done = await expectPage(await post(path, [['source', 'page']]), 200);
    expect(done).toContain('You are unsubscribed');
    const undo = formOf(done, '/undo');
    expect(await expectPage(await post(undo.action, undo.fields), 200)).toContain('Monthly news');

    await expectPage(await get('/u/not-a-token'), 400);
  });
});

describe('the confirmation pages (/c)', () => {
  it('the sign-up reply, the Confirm page, the result, nothing to confirm and a broken link', async () => {
    const email = uniqueEmail();
    const reply = await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams([
        ['email', email],
        ['topics', topic],
      ]).toString(),
    });
    expect(await expectPage(reply, 202)).toContain('Check your inbox');

    await env.deferred.settled();
    const mail = env.outbox.sent.find((m) => m.to === email);
    const path = mail?.text.match(/\/c\/[A-Za-z0-9_.-]+/)?.[0] ?? '';
    expect(await expectPage(await get(path), 200)).toContain('Confirm your subscription');
    expect(await expectPage(await post(path, []), 200)).toContain('You are subscribed');
    expect(await expectPage(await get(path), 200)).toContain('You are subscribed');

    // Unsubscribed since: the link has nothing left to confirm.
    await env.api('POST', `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`, {
      all: true,
      source: 'phone',
    });
    expect(await expectPage(await get(path), 200)).toContain('Nothing to confirm');

    await expectPage(await get('/c/not-a-token'), 400);
  });
});

describe('the preference pages (/p)', () => {
  it('asking for a link: the form, sent, a typo, another site and too many requests', async () => {
    await expectPage(await get('/p'), 200);
    const ip = { ...ourPage, 'x-forwarded-for': '198.18.4.1' };
    expect(await expectPage(await post('/p', [['email', uniqueEmail()]], ip), 200)).toContain('If we know');
    await expectPage(await post('/p', [['email', 'not an address']], ip), 400);
    await expectPage(await post('/p', [['email', uniqueEmail()]], fromElsewhere), 403);
    for (let i = 0; i < 18; i++) await post('/p', [['email', uniqueEmail()]], ip);
    const limited = await post('/p', [['email', uniqueEmail()]], ip);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await expectPage(limited, 429)).toContain('Too many requests');
    await env.deferred.settled();
  });

  it('the preference center: the page, saved, expired, stale, another site, deleting, and gone', async () => {
    const contact = await subscribedContact();
    const path = `/p/${await sign('preferences', contact.id)}`;
    const page = await expectPage(await get(path), 200);
    const save = formOf(page, path);
    expect(await expectPage(await post(save.action, save.fields), 200)).toContain('Your choices are saved');

    await expectPage(await post(save.action, save.fields, fromElsewhere), 403);
    await expectPage(await post(save.action, [['form_token', 'x']]), 403);
    env.clock.advance(3 * 60 * 60 * 1000);
    try {
      await expectPage(await post(save.action, save.fields), 400);
    } finally {
      env.clock.advance(-3 * 60 * 60 * 1000);
    }

    const ask = formOf(page, '/delete');
    const confirm = await expectPage(await post(ask.action, ask.fields), 200);
    const erase = formOf(confirm, '/delete/confirm');
    const deleted = await post(erase.action, [...erase.fields, ['confirm', 'delete']]);
    expect(await expectPage(deleted, 200)).toContain('Your data is deleted');
    await expectPage(await get(path), 404);
    await expectPage(await get('/p/not-a-token'), 400);
  });

  it('the page that says nothing was deleted because the receipt could not be sent', async () => {
    const failing = await createTestEnv({
      mailer: {
        send: () => Promise.reject(new MailSendError('down', 503, 'unavailable', true)),
      },
    });
    try {
      await createTopic(failing, { key: 'news' });
      const contact = await createContact(failing, { subscriptions: { news: 'subscribed' } });
      const path = `/p/${await failing.deps.signer.sign({ purpose: 'preferences', contactId: contact.id, topic: null })}`;
      const page = await (await failing.app.request(path)).text();
      const ask = formOf(page, '/delete');
      const confirm = await (await failing.app.request(ask.action, postInit(ask.fields))).text();
      const erase = formOf(confirm, '/delete/confirm');
      const res = await failing.app.request(erase.action, postInit([...erase.fields, ['confirm', 'delete']]));
      expect(await expectPage(res, 503)).toContain('Nothing was deleted');
    } finally {
      failing.close();
    }
  });
});

function postInit(fields: Array<[string, string]>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...ourPage },
    body: new URLSearchParams(fields).toString(),
  };
}

describe('errors on the browser routes are pages', () => {
  it.each([
    ['GET', '/u/some-token/undo', 405],
    ['PUT', '/p/some-token', 405],
    ['DELETE', '/c/some-token', 405],
    ['GET', '/u/some-token/more/parts', 404],
    ['GET', '/p/some-token/nothing', 404],
    ['GET', '/c', 404],
  ])('%s %s is a %i page, never JSON', async (method, path, status) => {
    const res = await env.app.request(path, { method, headers: { accept: 'application/json' } });
    const html = await expectPage(res, status);
    expect(html).not.toContain('"error"');
    if (status === 405) expect(res.headers.get('allow')).toMatch(/^(POST|GET, HEAD, POST)$/);
  });

  it('a form that does not validate is a page that says nothing changed', async () => {
    const contact = await subscribedContact();
    const res = await post(`/p/${await sign('preferences', contact.id)}`, [['action', 'save']]);
    expect(await expectPage(res, 400)).toContain('nothing changed');
  });

  it('an unknown path a browser asks for is a page; an API client still gets JSON', async () => {
    const html = await expectPage(
      await get('/nothing-here', { accept: 'text/html,application/xhtml+xml' }),
      404,
    );
    expect(html).toContain('Page not found');
    const api = await get('/nothing-here', { accept: '*/*' });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('speaks the language the pages would choose', async () => {
    const dutch = await expectPage(
      await get('/u/x/undo', { 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' }),
      405,
    );
    expect(dutch).toContain('<html lang="nl">');
    expect(dutch).toContain('Deze pagina kan zo niet worden geopend');
    const asked = await expectPage(await get('/p/x/nothing?lang=nl', { accept: 'text/html' }), 404);
    expect(asked).toContain('Pagina niet gevonden');
    const english = await expectPage(await get('/u/x/undo', { 'accept-language': 'es' }), 405);
    expect(english).toContain('<html lang="en">');
  });
});
