// "Why are you leaving?" and the pages around it: the answer joins the trail entry of that unsubscribe once and can
// never be changed after, and GET /v1/topics/{key}/stats counts the answers per campaign,
// flagging "never signed up" for staff.
import { type Client, createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLinks, pathOf } from '../links/helpers';
import { confirmPath, mailsTo, postJson } from '../subscribe/support';
import { createContact, createTestEnv, createTopic, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
let client: Client;
beforeAll(async () => {
  env = await createTestEnv();
  // A second connection to the same file, as an operator with a database shell would have.
  client = createClient({ url: `file:${env.dbPath}` });
});
afterAll(() => {
  client.close();
  env.close();
});

const browser = { 'content-type': 'application/x-www-form-urlencoded' };
const ourPage = { ...browser, origin: 'null', 'sec-fetch-site': 'same-origin' };

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = ourPage) {
  return env.app.request(path, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
}

/** Presses the unsubscribe page's button (or "everything"); answers the page and its reason form. */
async function unsubscribeOnPage(email: string, topic: string, campaign?: string, scope?: 'all') {
  const path = pathOf((await issueLinks(env, { email, topic, campaign })).unsubscribe_url);
  const html = await (await post(path, { source: 'page', ...(scope ? { scope } : {}) }, browser)).text();
  const token = html.match(/action="[^"]*\/reason">[\s\S]*?name="form_token" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('the page asks no reason');
  return { html, reasonPath: `${path}/reason`, token };
}

async function answer(email: string, topic: string, reason: string, campaign?: string, scope?: 'all') {
  const page = await unsubscribeOnPage(email, topic, campaign, scope);
  const res = await post(page.reasonPath, { form_token: page.token, reason });
  expect(res.status).toBe(200);
  return page;
}

async function unsubscribeEntry(contactId: string) {
  const res = await client.execute({
    sql: "SELECT id, leave_reason FROM consent_events WHERE contact_id = ? AND action IN ('unsubscribe', 'unsubscribe_all') ORDER BY id DESC LIMIT 1",
    args: [contactId],
  });
  return { id: Number(res.rows[0].id), reason: res.rows[0].leave_reason };
}

describe('why people leave', () => {
  it('the answer is stored on the trail entry of that unsubscribe, once', async () => {
    const topic = await createTopic(env);
    const { id, email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const page = await unsubscribeOnPage(email, topic);
    // The question has fixed answers only, and says it is optional.
    expect(page.html).toContain('Would you tell us why? (optional)');
    for (const value of ['too_many', 'not_relevant', 'never_signed_up', 'other'])
      expect(page.html).toContain(`name="reason" value="${value}"`);

    const first = await post(page.reasonPath, { form_token: page.token, reason: 'never_signed_up' });
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('We keep your answer with your unsubscribe.');
    expect(await unsubscribeEntry(id)).toMatchObject({ reason: 'never_signed_up' });

    const second = await post(page.reasonPath, { form_token: page.token, reason: 'too_many' });
    expect(await second.text()).toContain('We already have your answer for this unsubscribe');
    expect(await unsubscribeEntry(id)).toMatchObject({ reason: 'never_signed_up' });
    // The person's own export and the staff view show the answer on that entry.
    const exported = await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}/export`)).json();
    expect(
      exported.consent_trail.filter((e: { action: string }) => e.action === 'unsubscribe'),
    ).toMatchObject([{ topic, source: 'unsubscribe-page', leave_reason: 'never_signed_up' }]);
  });

  it('the trail refuses to change an answer, to answer on another kind of entry, or to change anything else', async () => {
    const topic = await createTopic(env);
    const { id, email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    await answer(email, topic, 'not_relevant');
    const entry = await unsubscribeEntry(id);
    const update = (sql: string, args: (string | number)[]) => client.execute({ sql, args });
    await expect(
      update('UPDATE consent_events SET leave_reason = ? WHERE id = ?', ['too_many', entry.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      update('UPDATE consent_events SET leave_reason = NULL WHERE id = ?', [entry.id]),
    ).rejects.toThrow(/append-only/);

    // A fresh entry without an answer: only the answer may be set, to a known value, on an unsubscribe.
    const other = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    await unsubscribeOnPage(other.email, topic);
    const open = await unsubscribeEntry(other.id);
    await expect(
      update('UPDATE consent_events SET leave_reason = ?, source = ? WHERE id = ?', [
        'other',
        'forged',
        open.id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      update('UPDATE consent_events SET leave_reason = ? WHERE id = ?', ['because', open.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      update(
        "UPDATE consent_events SET leave_reason = 'other' WHERE contact_id = ? AND action = 'subscribe'",
        [other.id],
      ),
    ).rejects.toThrow(/append-only/);
    await expect(update('UPDATE consent_events SET note = ? WHERE id = ?', ['x', open.id])).rejects.toThrow(
      /append-only/,
    );
    expect(await unsubscribeEntry(other.id)).toMatchObject({ reason: null });
  });

  it('refuses an answer from another site or with a wrong form token, and asks again without one', async () => {
    const topic = await createTopic(env);
    const { id, email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const page = await unsubscribeOnPage(email, topic);
    const crossSite = { ...browser, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    expect((await post(page.reasonPath, { form_token: page.token, reason: 'other' }, crossSite)).status).toBe(
      403,
    );
    expect((await post(page.reasonPath, { form_token: `${page.token}x`, reason: 'other' })).status).toBe(403);
    const missing = await post(page.reasonPath, { form_token: page.token });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('Choose one of the answers first');
    expect(await unsubscribeEntry(id)).toMatchObject({ reason: null });
  });
});

describe('GET /v1/topics/{key}/stats', () => {
  it('counts unsubscribes and their reasons per campaign, and flags "never signed up"', async () => {
    const topic = await createTopic(env);
    const people = [];
    for (let i = 0; i < 5; i++)
      people.push(await createContact(env, { subscriptions: { [topic]: 'subscribed' } }));
    await answer(people[0].email, topic, 'too_many', 'march');
    await answer(people[1].email, topic, 'never_signed_up', 'march');
    await unsubscribeOnPage(people[2].email, topic, 'march'); // no answer
    await answer(people[3].email, topic, 'not_relevant');
    // "Everything" from this topic's link counts for the topic too.
    await answer(people[4].email, topic, 'never_signed_up', 'april', 'all');

    const res = await env.api('GET', `/v1/topics/${topic}/stats`);
    expect(res.status).toBe(200);
    const none = { too_many: 0, not_relevant: 0, never_signed_up: 0, other: 0, unanswered: 0 };
    expect(await res.json()).toEqual({
      topic,
      totals: {
        unsubscribed: 4,
        unsubscribed_all: 1,
        reasons: { ...none, too_many: 1, not_relevant: 1, never_signed_up: 2, unanswered: 1 },
      },
      campaigns: [
        { campaign: null, unsubscribed: 1, unsubscribed_all: 0, reasons: { ...none, not_relevant: 1 } },
        { campaign: 'april', unsubscribed: 0, unsubscribed_all: 1, reasons: { ...none, never_signed_up: 1 } },
        {
          campaign: 'march',
          unsubscribed: 3,
          unsubscribed_all: 0,
          reasons: { ...none, too_many: 1, never_signed_up: 1, unanswered: 1 },
        },
      ],
      attention: [{ code: 'never_signed_up', count: 2 }],
    });
  });

  it('answers empty counts for a topic nobody left, and 404 for an unknown topic', async () => {
    const topic = await createTopic(env);
    const quiet = await (await env.api('GET', `/v1/topics/${topic}/stats`)).json();
    expect(quiet).toMatchObject({ topic, campaigns: [], attention: [], totals: { unsubscribed: 0 } });
    const res = await env.api('GET', '/v1/topics/no-such-topic/stats');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('the pages around it', () => {
  it('an unsubscribe link after erasure says the data was deleted, not that the link is too old', async () => {
    const topic = await createTopic(env);
    const { email } = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const path = pathOf((await issueLinks(env, { email, topic })).unsubscribe_url);
    expect((await env.api('DELETE', `/v1/contacts/${encodeURIComponent(email)}?notify=false`)).status).toBe(
      200,
    );
    const html = await (await env.app.request(path, { headers: { 'accept-language': 'nl' } })).text();
    expect(html).toContain('Uw gegevens zijn verwijderd');
    expect(html).not.toContain('te oud');
  });

  it('the Dutch "unsubscribed from everything" message appears once after the button', async () => {
    const topic = await createTopic(env);
    const { id } = await createContact(env, { locale: 'nl', subscriptions: { [topic]: 'subscribed' } });
    const token = await env.deps.signer.sign({ purpose: 'preferences', contactId: id, topic: null });
    const page = await (await env.app.request(`/p/${token}`)).text();
    const formToken = page.match(/name="form_token" value="([^"]+)"/)?.[1] ?? '';
    const res = await post(`/p/${token}`, { form_token: formToken, action: 'unsubscribe-all' });
    const html = await res.text();
    // The status says it; the note that says the same is left out (both read "alle e-mails van").
    expect(html.match(/alle e-mails van/g)).toHaveLength(1);
  });
});

describe('the confirm pages', () => {
  it('quote the consent with its topics in one box, and the result links to preferences without first-person wording', async () => {
    const topic = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
    const email = uniqueEmail();
    await postJson(env, { email, topics: [topic], consent_text: 'Send me news.' });
    const path = confirmPath(mailsTo(env, email)[0]);
    const page = await (await env.app.request(path)).text();
    const quote = page.match(/<blockquote class="consent">([\s\S]*?)<\/blockquote>/)?.[1] ?? '';
    expect(quote).toContain('<li>Monthly news</li>');
    expect(quote).toContain('I can unsubscribe at any time');
    // The first person only inside the quote.
    expect(page.replace(quote, '')).not.toMatch(/\bI (want|can)\b/);

    const done = await (await post(path, {}, ourPage)).text();
    expect(done).toContain('You are subscribed');
    expect(done).toMatch(
      /role="status"><p>Thank you. You will receive:<\/p><ul><li>Monthly news<\/li><\/ul><\/div>/,
    );
    expect(done).not.toMatch(/\bI (want|can)\b/);
    expect(done).toContain('You can unsubscribe at any time');
    expect(done).toMatch(/<a href="\/p\/[^"]+">Manage all your email preferences<\/a>/);
  });
});
