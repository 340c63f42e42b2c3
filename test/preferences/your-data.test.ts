// "Download my data" and "Delete my data" on the preference center: the download is the whole
// data document and only leaves through our own form; deletion takes two steps, mails a
// confirmation first, keeps the address only as a hash on the do-not-mail list, and the link
// stops working.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentEvents, contacts, subscriptions, suppressions } from '../../src/db/schema';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { findContactById } from '../../src/domain/contacts';
import type { ContactExport } from '../../src/domain/export';
import { MailSendError, type MailTransport, type OutgoingMail } from '../../src/mail/transport';
import type { RunningServer } from '../../src/node/serve';
import {
  createContact,
  createKey,
  createTestEnv,
  createTopic,
  SUPPRESSION_KEY,
  startTestServer,
  type TestEnv,
} from '../support/harness';
import { emailHash } from '../support/hashes';
import { expectPage } from '../support/pages';
import { choices, openPage, postForm, preferenceToken, readForm, statusText } from './support';

// The outbox, with a switch to make the next sends fail the way Resend does when it is down.
let failing = false;
const sent: OutgoingMail[] = [];
const mailer: MailTransport = {
  async send(mail) {
    if (failing) throw new MailSendError('resend is down', 503, 'service_unavailable', true);
    sent.push(mail);
    return { id: `m_${sent.length}` };
  },
};

let env: TestEnv;
let server: RunningServer;
let presendKey: string;
beforeAll(async () => {
  env = await createTestEnv({ mailer });
  server = await startTestServer(env);
  presendKey = await createKey(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

const browser = {
  'user-agent': 'TestBrowser/1.0',
  'x-forwarded-for': '198.51.100.23',
  'sec-fetch-site': 'same-origin',
  origin: 'null',
};
const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

/** A subscriber with a trail of three entries: the factory's opt-in, then a subscribe and an unsubscribe on the page. */
async function subscriberWithHistory(locale?: 'en' | 'nl') {
  const [news, events] = [await createTopic(env), await createTopic(env)];
  const contact = await createContact(env, { locale, subscriptions: { [news]: 'subscribed' } });
  const token = await preferenceToken(env, contact.id);
  await postForm(env, `/p/${token}`, choices(await openPage(env, token), [news, events]), browser);
  await postForm(env, `/p/${token}`, choices(await openPage(env, token), [events]), browser);
  return { news, events, contact, token };
}

function dataForm(formToken: string): Array<[string, string]> {
  return [['form_token', formToken]];
}

async function presend(email: string, topic: string) {
  const res = await fetch(`${server.url}/v1/presend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${presendKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ topic, email }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { send: boolean; reason?: string };
}

describe('Download my data', () => {
  it('is a POST form in the "Your data" section, next to "Delete my data"', async () => {
    const { token } = await subscriberWithHistory();
    const { html } = await openPage(env, token);
    const section = html.slice(html.indexOf('id="your-data"'));
    expect(section).toContain(`<form method="post" action="/p/${token}/export">`);
    expect(section).toContain(`<form method="post" action="/p/${token}/delete">`);
    expect(section).toContain('Download my data');
    expect(section).toContain('Delete my data');
    expect(section).toMatch(/aria-describedby="download-help"/);
    expect((await openPage(env, token, { query: '?lang=nl' })).html).toContain(
      `action="/p/${token}/export?lang=nl"`,
    );
  });

  it('answers the whole data document, trail included, as an uncached attachment without cookies', async () => {
    const { news, events, contact, token } = await subscriberWithHistory();
    const page = await openPage(env, token);
    const res = await fetch(`${server.url}/p/${token}/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...browser },
      body: new URLSearchParams(dataForm(page.formToken)).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');

    const doc = (await res.json()) as ContactExport;
    expect(doc).toMatchObject({
      schema: 'mailprefs/contact-export',
      schema_version: 1,
      contact: { id: contact.id, email: contact.email },
      suppressions: [],
    });
    expect(doc.subscriptions.map((s) => [s.topic, s.status]).sort()).toEqual(
      [
        [events, 'subscribed'],
        [news, 'unsubscribed'],
      ].sort(),
    );
    // Every entry of the trail, in the same words the admin export uses.
    const trail = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    expect(trail).toHaveLength(3);
    expect(doc.consent_trail.map((e) => e.id)).toEqual(trail.map((e) => e.id));
    expect(doc.consent_trail.map((e) => [e.topic, e.action, e.source])).toEqual([
      [news, 'subscribe', 'test-factory'],
      [events, 'subscribe', 'preference-center'],
      [news, 'unsubscribe', 'preference-center'],
    ]);
    expect(doc.consent_trail[0].wording).toBe('I agree to receive these mailings.');
    const admin = await env.api('GET', `/v1/contacts/${encodeURIComponent(contact.email)}/export`);
    const adminDoc = (await admin.json()) as ContactExport;
    expect({ ...doc, exported_at: '' }).toEqual({ ...adminDoc, exported_at: '' });
    expect(doc.consent_trail.filter((e) => e.source === 'preference-center')[0]).toMatchObject({
      ip: '198.51.100.0',
      user_agent: 'TestBrowser/1.0',
    });
  });

  it('changes nothing and records nothing', async () => {
    const { contact, token } = await subscriberWithHistory();
    const before = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    const page = await openPage(env, token);
    expect((await postForm(env, `/p/${token}/export`, dataForm(page.formToken), browser)).status).toBe(200);
    expect(await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } })).toEqual(
      before,
    );
  });

  it('refuses a post from another site, a wrong or missing form token, and a GET', async () => {
    const { token } = await subscriberWithHistory();
    const other = await subscriberWithHistory();
    const page = await openPage(env, token);

    const crossed = await postForm(env, `/p/${token}/export`, dataForm(page.formToken), crossSite);
    expect(crossed.status).toBe(403);
    const html = await crossed.text();
    expect(html).toContain('This form was sent from another website');
    expect(html).not.toContain('@example.nl');

    const borrowed = await postForm(env, `/p/${token}/export`, dataForm(other.token));
    expect(borrowed.status).toBe(403);
    const otherForm = (await openPage(env, other.token)).formToken;
    expect((await postForm(env, `/p/${token}/export`, dataForm(otherForm))).status).toBe(403);

    const missing = await postForm(env, `/p/${token}/export`, []);
    expect(await expectPage(missing, 400)).not.toContain('@example.nl');

    // A GET hands out nothing: the path takes only the form's POST.
    const get = await env.app.request(`/p/${token}/export`);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await expectPage(get, 405)).not.toContain('@example.nl');
  });

  it('asks again when the page was open too long, handing out nothing', async () => {
    const { token } = await subscriberWithHistory();
    const page = await openPage(env, token);
    env.clock.advance(2 * 60 * 60 * 1000 + 60_000);
    try {
      const res = await postForm(env, `/p/${token}/export`, dataForm(page.formToken));
      expect(res.status).toBe(400);
      expect(res.headers.get('content-disposition')).toBeNull();
      const html = await res.text();
      expect(statusText(html)).toMatch(/open for a long time/);
      const again = await postForm(env, `/p/${token}/export`, dataForm(readForm(html).formToken));
      expect(again.status).toBe(200);
    } finally {
      env.clock.advance(-(2 * 60 * 60 * 1000 + 60_000));
    }
  });
});

describe('Delete my data', () => {
  it('step 1 only asks: it explains what goes and what stays, and deletes nothing', async () => {
    const { contact, token } = await subscriberWithHistory();
    const page = await openPage(env, token);
    const res = await postForm(env, `/p/${token}/delete`, dataForm(page.formToken), browser);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Delete your data?</h1>');
    expect(html).toContain(`${contact.email[0]}***@example.nl`);
    expect(html).not.toContain(contact.email);
    expect(html).toContain('your choice for each kind of email');
    expect(html).toContain('the record of when and how you made those choices');
    expect(html).toContain('do-not-mail list');
    expect(html).toContain('one-way code made from your address (not the address itself)');
    expect(html).toContain('We send one last email to this address');
    expect(html).toContain(`<form method="post" action="/p/${token}/delete/confirm">`);
    expect(html).toMatch(/<button type="submit" name="confirm" value="delete"/);
    expect(html).toContain(`href="/p/${token}"`);
    // A fresh token, made for this step only.
    const confirmToken = readForm(html).formToken;
    expect(confirmToken).not.toBe(page.formToken);
    expect((await env.deps.signer.verify(confirmToken, 'erase')).contactId).toBe(contact.id);

    expect(
      await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toBeDefined();
    expect(sent.filter((m) => m.to === contact.email)).toEqual([]);
  });

  it('step 2 mails the confirmation, deletes contact, subscriptions and trail, keeps only the hash', async () => {
    const { news, contact, token } = await subscriberWithHistory();
    const page = await openPage(env, token);
    const ask = await postForm(env, `/p/${token}/delete`, dataForm(page.formToken), browser);
    const confirmToken = readForm(await ask.text()).formToken;

    const res = await postForm(
      env,
      `/p/${token}/delete/confirm`,
      [
        ['form_token', confirmToken],
        ['confirm', 'delete'],
      ],
      browser,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Your data is deleted</h1>');
    expect(statusText(html)).toBe(
      `We deleted your data and sent a confirmation to ${contact.email[0]}***@example.nl. This link no longer works.`,
    );

    const receipts = sent.filter((m) => m.to === contact.email);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      kind: 'erasure-receipt',
      subject: 'Your personal data has been deleted',
    });

    const db = env.deps.db;
    expect(await db.select().from(contacts).where(eq(contacts.id, contact.id))).toEqual([]);
    expect(await db.select().from(subscriptions).where(eq(subscriptions.contactId, contact.id))).toEqual([]);
    expect(await db.select().from(consentEvents).where(eq(consentEvents.contactId, contact.id))).toEqual([]);
    const hash = emailHash(SUPPRESSION_KEY, contact.email);
    expect(await db.select().from(suppressions).where(eq(suppressions.emailHash, hash))).toEqual([
      expect.objectContaining({ reason: 'erased', source: 'preference-center' }),
    ]);

    // The link now says the data was deleted (not that it is too old), and presend refuses the address.
    const after = await env.app.request(`/p/${token}`);
    expect(after.status).toBe(404);
    expect(await after.text()).toContain('The data this link belonged to has been deleted');
    expect(await presend(contact.email, news)).toMatchObject({ send: false, reason: 'erased' });

    // Pressing the button again (a second tab) changes nothing and mails nothing.
    const again = await postForm(
      env,
      `/p/${token}/delete/confirm`,
      [
        ['form_token', confirmToken],
        ['confirm', 'delete'],
      ],
      browser,
    );
    expect(again.status).toBe(404);
    expect(sent.filter((m) => m.to === contact.email)).toHaveLength(1);
  });

  it('speaks Dutch to a Dutch contact, on both pages and in the receipt', async () => {
    const { contact, token } = await subscriberWithHistory('nl');
    const ask = await postForm(env, `/p/${token}/delete`, dataForm((await openPage(env, token)).formToken));
    const askHtml = await ask.text();
    expect(askHtml).toContain('<html lang="nl">');
    expect(askHtml).toContain('Uw gegevens verwijderen?');
    expect(askHtml).toContain('Ja, verwijder mijn gegevens');
    const done = await postForm(env, `/p/${token}/delete/confirm`, [
      ['form_token', readForm(askHtml).formToken],
      ['confirm', 'delete'],
    ]);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Uw gegevens zijn verwijderd');
    expect(sent.find((m) => m.to === contact.email)?.subject).toBe('Uw persoonsgegevens zijn verwijderd');
  });

  it('cannot be done in one step: the preference page’s form token or a missing confirm deletes nothing', async () => {
    const { contact, token } = await subscriberWithHistory();
    const page = await openPage(env, token);
    const oneStep = await postForm(env, `/p/${token}/delete/confirm`, [
      ['form_token', page.formToken],
      ['confirm', 'delete'],
    ]);
    expect(oneStep.status).toBe(403);

    const ask = await postForm(env, `/p/${token}/delete`, dataForm(page.formToken));
    const confirmToken = readForm(await ask.text()).formToken;
    const noConfirm = await postForm(env, `/p/${token}/delete/confirm`, [['form_token', confirmToken]]);
    expect(noConfirm.status).toBe(400);
    const wrongConfirm = await postForm(env, `/p/${token}/delete/confirm`, [
      ['form_token', confirmToken],
      ['confirm', 'yes'],
    ]);
    expect(wrongConfirm.status).toBe(400);
    // The step-2 token is no good for the other forms either.
    expect(
      (await postForm(env, `/p/${token}`, choices({ formToken: confirmToken, shown: [] }, []))).status,
    ).toBe(403);

    expect(
      await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toBeDefined();
    expect(sent.filter((m) => m.to === contact.email)).toEqual([]);
  });

  it('refuses both steps from another site, even with valid form tokens', async () => {
    const { contact, token } = await subscriberWithHistory();
    const page = await openPage(env, token);
    const ask = await postForm(env, `/p/${token}/delete`, dataForm(page.formToken), crossSite);
    expect(ask.status).toBe(403);

    const confirmToken = readForm(
      await (await postForm(env, `/p/${token}/delete`, dataForm(page.formToken))).text(),
    ).formToken;
    const hostile: Array<Record<string, string>> = [
      crossSite,
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of hostile) {
      const res = await postForm(
        env,
        `/p/${token}/delete/confirm`,
        [
          ['form_token', confirmToken],
          ['confirm', 'delete'],
        ],
        headers,
      );
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    // A confirmation token for another link of the same contact is refused too.
    env.clock.advance(1000);
    const otherLink = await preferenceToken(env, contact.id);
    const res = await postForm(env, `/p/${otherLink}/delete/confirm`, [
      ['form_token', confirmToken],
      ['confirm', 'delete'],
    ]);
    expect(res.status).toBe(403);
    expect(
      await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toBeDefined();
  });

  it('deletes nothing and says so when the confirmation mail cannot be sent', async () => {
    const { news, contact, token } = await subscriberWithHistory();
    const trail = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    const ask = await postForm(env, `/p/${token}/delete`, dataForm((await openPage(env, token)).formToken));
    const confirmToken = readForm(await ask.text()).formToken;
    failing = true;
    try {
      const res = await postForm(env, `/p/${token}/delete/confirm`, [
        ['form_token', confirmToken],
        ['confirm', 'delete'],
      ]);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain('<h1>Nothing was deleted</h1>');
      expect(statusText(html)).toMatch(
        /could not send the confirmation email, so we did not delete anything/,
      );
    } finally {
      failing = false;
    }
    expect(
      await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toBeDefined();
    expect(await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } })).toEqual(
      trail,
    );
    expect(await presend(contact.email, news)).toMatchObject({ send: false, reason: 'unsubscribed' });
  });

  it('asks again when the confirmation page was open too long', async () => {
    const { contact, token } = await subscriberWithHistory();
    const ask = await postForm(env, `/p/${token}/delete`, dataForm((await openPage(env, token)).formToken));
    const confirmToken = readForm(await ask.text()).formToken;
    env.clock.advance(2 * 60 * 60 * 1000 + 60_000);
    try {
      const res = await postForm(env, `/p/${token}/delete/confirm`, [
        ['form_token', confirmToken],
        ['confirm', 'delete'],
      ]);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(statusText(html)).toMatch(/so we did not delete anything/);
      expect(html).toContain('Yes, delete my data');
      expect(
        await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
      ).toBeDefined();
    } finally {
      env.clock.advance(-(2 * 60 * 60 * 1000 + 60_000));
    }
  });
});

describe('the routes are documented', () => {
  it('lists download and both delete steps in /openapi.json', async () => {
    const doc = (await (await env.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    for (const path of ['/p/{token}/export', '/p/{token}/delete', '/p/{token}/delete/confirm']) {
      expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(['post']);
      expect(doc.paths[path].post.requestBody, path).toBeDefined();
    }
  });
});
