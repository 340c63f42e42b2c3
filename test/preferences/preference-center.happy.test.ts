// The preference center keeps its promises: every topic is shown with what it is and why we
// may send it, choices are saved and recorded, and leaving everything is one click.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { findContactById, subscriptionsOf } from '../../src/domain/contacts';
import { setPreferences } from '../../src/domain/preferences';
import { createContact, createKey, createTestEnv, createTopic, type TestEnv } from '../support/harness';
import { choices, openPage, postForm, preferenceToken, statusText } from './support';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const browser = {
  'user-agent': 'TestBrowser/1.0',
  'x-forwarded-for': '203.0.113.77',
  'sec-fetch-site': 'same-origin',
  origin: 'null',
};

async function statusOf(contactId: string) {
  return Object.fromEntries(
    (await subscriptionsOf({ ctx: domainContext(env.deps), input: { contactId } })).map((s) => [
      s.topicKey,
      s.status,
    ]),
  );
}

describe('the preference page', () => {
  it('shows the masked address and every active topic with its name, description, legal basis and state', async () => {
    const news = await createTopic(env, { name: { en: 'Product news', nl: 'Productnieuws' } });
    const events = await createTopic(env, {
      basis: 'legitimate_interest',
      name: { en: 'Events', nl: 'Evenementen' },
    });
    const archived = await createTopic(env);
    await env.api('PUT', `/v1/topics/${archived}`, {
      name: { en: 'Old', nl: 'Oud' },
      basis: 'consent',
      archived: true,
    });
    const contact = await createContact(env, {
      email: 'anna.jansen@example.nl',
      subscriptions: { [news]: 'subscribed' },
      customerSince: '2024-01-01',
    });

    const page = await openPage(env, await preferenceToken(env, contact.id));
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html).toMatch(/^<!doctype html><html lang="en">/);
    expect(page.html).toContain('a***@example.nl');
    expect(page.html).not.toContain('anna.jansen');
    expect(page.html).toContain('Product news');
    expect(page.html).toContain(`About ${news}`);
    expect(page.html).toContain('Events');
    expect(page.html).toContain('Sent only to people who said yes to it.');
    expect(page.html).toContain('We send this to customers unless they opt out.');
    expect(page.html).toMatch(/<fieldset><legend>Emails you can get from us<\/legend>/);
    expect(page.shown).toEqual(expect.arrayContaining([news, events]));
    expect(page.shown).not.toContain(archived);
    // Events is sent to this customer without a choice (legitimate interest), so its box is ticked.
    expect(page.ticked.sort()).toEqual([news, events].sort());
    expect(page.html).toContain(`<label for="topic-${news}">`);
    expect(page.html).toContain('Unsubscribe from everything');
    expect(page.html).toContain('id="your-data"');
    // Out of the way of the later tests, whose pages would show it ticked too.
    await env.api('PUT', `/v1/topics/${events}`, {
      name: { en: 'Events', nl: 'Evenementen' },
      basis: 'legitimate_interest',
      archived: true,
    });
  });

  it('speaks the language chosen with ?lang= first, then the contact’s, then Accept-Language, else English', async () => {
    const topic = await createTopic(env, { name: { en: 'Security notices', nl: 'Beveiligingsmeldingen' } });
    const dutch = await createContact(env, { locale: 'nl' });
    const unknown = await createContact(env);

    const dutchToken = await preferenceToken(env, dutch.id);
    const chosen = await openPage(env, dutchToken, { query: '?lang=en' });
    expect(chosen.html).toContain('<html lang="en">');
    const nl = await openPage(env, dutchToken);
    expect(nl.html).toContain('<html lang="nl">');
    expect(nl.html).toContain('Uw e-mailvoorkeuren');
    expect(nl.html).toContain('Beveiligingsmeldingen');
    expect(nl.html).toContain(`Over ${topic}`);
    expect(nl.html).toContain('Alleen voor wie er ja op heeft gezegd.');
    expect(nl.html).toContain('Afmelden voor alles');

    const token = await preferenceToken(env, unknown.id);
    const byQuery = await openPage(env, token, { query: '?lang=nl' });
    expect(byQuery.html).toContain('<html lang="nl">');
    expect(byQuery.html).toContain(`action="/p/${token}?lang=nl"`);
    const byHeader = await openPage(env, token, {
      headers: { 'accept-language': 'es-ES, nl-BE;q=0.8, en;q=0.5' },
    });
    expect(byHeader.html).toContain('<html lang="nl">');
    const fallback = await openPage(env, token, {
      query: '?lang=es',
      headers: { 'accept-language': 'es-ES' },
    });
    expect(fallback.html).toContain('<html lang="en">');
    expect(fallback.html).toContain('Security notices');
  });
});

describe('saving choices', () => {
  it('keeps the new choices and records one trail entry per change, with the wording shown', async () => {
    const [a, b, c] = [await createTopic(env), await createTopic(env), await createTopic(env)];
    const contact = await createContact(env, { subscriptions: { [a]: 'subscribed' } });
    const token = await preferenceToken(env, contact.id);
    const link = await env.deps.signer.verify(token, 'preferences');
    const before = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;

    const page = await openPage(env, token);
    const res = await postForm(env, `/p/${token}`, choices(page, [b, c]), browser);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(statusText(html)).toBe('Your choices are saved.');
    expect(html).toMatch(new RegExp(`value="${b}" checked=""`));
    expect(html).not.toMatch(new RegExp(`value="${a}" checked=""`));

    expect(await statusOf(contact.id)).toMatchObject({
      [a]: 'unsubscribed',
      [b]: 'subscribed',
      [c]: 'subscribed',
    });
    const trail = (
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } })
    ).slice(before);
    expect(trail.map((e) => [e.topicKey, e.action]).sort()).toEqual(
      [
        [a, 'unsubscribe'],
        [b, 'subscribe'],
        [c, 'subscribe'],
      ].sort(),
    );
    for (const entry of trail) {
      expect(entry).toMatchObject({
        source: 'preference-center',
        ip: '203.0.113.0',
        userAgent: 'TestBrowser/1.0',
        tokenId: link.tokenId,
      });
      expect(entry.wording).toBe(`Topic ${entry.topicKey}\nAbout ${entry.topicKey}`);
    }

    const reloaded = await openPage(env, token);
    expect(reloaded.ticked.sort()).toEqual([b, c].sort());
  });

  it('records the Dutch wording when the page was in Dutch', async () => {
    const topic = await createTopic(env);
    const contact = await createContact(env, { locale: 'nl' });
    const token = await preferenceToken(env, contact.id);
    const res = await postForm(env, `/p/${token}`, choices(await openPage(env, token), [topic]), browser);
    expect(statusText(await res.text())).toBe('Uw keuzes zijn opgeslagen.');
    const [entry] = (
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } })
    ).filter((e) => e.topicKey === topic);
    expect(entry.wording).toBe(`Onderwerp ${topic}\nOver ${topic}`);
  });

  it('writes nothing when nothing changed, and leaves never-chosen topics alone', async () => {
    const [chosen, never] = [await createTopic(env), await createTopic(env)];
    const contact = await createContact(env, { subscriptions: { [chosen]: 'subscribed' } });
    const token = await preferenceToken(env, contact.id);
    const before = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });

    const res = await postForm(env, `/p/${token}`, choices(await openPage(env, token), [chosen]), browser);
    expect(statusText(await res.text())).toBe('Nothing changed: these were already your choices.');
    expect(
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toHaveLength(before.length);
    expect((await statusOf(contact.id))[never]).toBeUndefined();
  });

  it('shows a pending topic as waiting for confirmation and does not flip it on save', async () => {
    const [pending, other] = [await createTopic(env), await createTopic(env)];
    const contact = await createContact(env);
    await setPreferences({
      ctx: domainContext(env.deps),
      input: {
        contactId: contact.id,
        changes: { [pending]: 'pending' },
        actor: 'subscriber',
        consent: { source: 'double-opt-in' },
      },
    });
    const token = await preferenceToken(env, contact.id);
    const page = await openPage(env, token);
    expect(page.ticked).toEqual([pending]);
    expect(page.html).toContain('Waiting for your confirmation');

    await postForm(env, `/p/${token}`, choices(page, [pending, other]), browser);
    expect(await statusOf(contact.id)).toMatchObject({ [pending]: 'pending', [other]: 'subscribed' });

    await postForm(env, `/p/${token}`, choices(await openPage(env, token), [other]), browser);
    expect((await statusOf(contact.id))[pending]).toBe('unsubscribed');
  });

  it('does not touch a topic that was added after the page was opened', async () => {
    const first = await createTopic(env);
    const contact = await createContact(env);
    const token = await preferenceToken(env, contact.id);
    const page = await openPage(env, token);
    const later = await createTopic(env);
    await setPreferences({
      ctx: domainContext(env.deps),
      input: {
        contactId: contact.id,
        changes: { [later]: 'subscribed' },
        actor: 'subscriber',
        consent: { source: 'test' },
      },
    });

    await postForm(env, `/p/${token}`, choices(page, [first]), browser);
    expect(await statusOf(contact.id)).toMatchObject({ [first]: 'subscribed', [later]: 'subscribed' });
  });
});

describe('unsubscribe from everything', () => {
  it('stops every topic in one click, records it once, and a later tick opts back in', async () => {
    const [a, b] = [await createTopic(env), await createTopic(env)];
    const contact = await createContact(env, { subscriptions: { [a]: 'subscribed', [b]: 'subscribed' } });
    const token = await preferenceToken(env, contact.id);
    const before = (await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
      .length;

    const page = await openPage(env, token);
    // The browser sends the ticked boxes too; the button decides.
    const res = await postForm(env, `/p/${token}`, choices(page, [a, b], 'unsubscribe-all'), browser);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(statusText(html)).toBe(
      'You are unsubscribed from everything from mailprefs. You will get no more mailings from mailprefs.',
    );
    expect(html).not.toMatch(/type="checkbox"[^>]*checked=""/);
    expect(await statusOf(contact.id)).toMatchObject({ [a]: 'unsubscribed', [b]: 'unsubscribed' });
    expect(
      (await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
        ?.unsubscribedAllAt,
    ).not.toBeNull();
    const trail = (
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } })
    ).slice(before);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      topicKey: null,
      action: 'unsubscribe_all',
      source: 'preference-center',
      ip: '203.0.113.0',
      wording:
        'Unsubscribe from everything from mailprefs: no more mailings, also not about topics added later.',
    });

    const after = await openPage(env, token);
    expect(after.html).toContain(
      'You are unsubscribed from everything from mailprefs. Tick a topic and save',
    );
    await postForm(env, `/p/${token}`, choices(after, [b]), browser);
    expect((await statusOf(contact.id))[b]).toBe('subscribed');
    expect(
      (await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
        ?.unsubscribedAllAt,
    ).toBeNull();
  });
});

describe('legitimate-interest topics', () => {
  // Its own database: a legitimate-interest topic is mailed to every contact, so it would show
  // up ticked on every other test's page.
  let li: TestEnv;
  let presendKey: string;
  beforeAll(async () => {
    li = await createTestEnv();
    presendKey = await createKey(li);
  });
  afterAll(() => li.close());

  async function presend(topic: string, email: string) {
    const res = await li.api('POST', '/v1/presend', { topic, email }, { key: presendKey });
    expect(res.status).toBe(200);
    return (await res.json()) as { send: boolean; reason?: string };
  }

  it('shows the box ticked for a topic presend sends without a choice (no subscription, no objection)', async () => {
    const topic = await createTopic(li, { basis: 'legitimate_interest' });
    const consent = await createTopic(li, { basis: 'consent' });
    const contact = await createContact(li, { customerSince: '2024-01-01' });
    expect(await presend(topic, contact.email)).toMatchObject({ send: true });
    expect(await presend(consent, contact.email)).toMatchObject({ send: false });

    const page = await openPage(li, await preferenceToken(li, contact.id));
    expect(page.ticked).toContain(topic);
    expect(page.ticked).not.toContain(consent);
  });

  it('unticking it records the objection, and presend then no longer clears the contact', async () => {
    const topic = await createTopic(li, { basis: 'legitimate_interest' });
    const contact = await createContact(li, { customerSince: '2024-01-01' });
    const token = await preferenceToken(li, contact.id);
    const page = await openPage(li, token);
    const others = page.ticked.filter((k) => k !== topic);

    const res = await postForm(li, `/p/${token}`, choices(page, others), browser);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(statusText(html)).toBe('Your choices are saved.');
    expect(html).not.toMatch(new RegExp(`value="${topic}" checked=""`));

    expect(
      (await subscriptionsOf({ ctx: domainContext(li.deps), input: { contactId: contact.id } })).find(
        (s) => s.topicKey === topic,
      )?.status,
    ).toBe('unsubscribed');
    const trail = (
      await consentTrail({ ctx: domainContext(li.deps), input: { contactId: contact.id } })
    ).filter((e) => e.topicKey === topic);
    expect(trail).toMatchObject([{ action: 'unsubscribe', source: 'preference-center' }]);
    expect(await presend(topic, contact.email)).toMatchObject({ send: false, reason: 'unsubscribed' });

    // Saving again as shown changes nothing.
    const again = await postForm(li, `/p/${token}`, choices(await openPage(li, token), others), browser);
    expect(statusText(await again.text())).toBe('Nothing changed: these were already your choices.');
  });

  it('after "unsubscribe from everything", ticking one topic does not restart the ones left unticked', async () => {
    const soft = await createTopic(li, { basis: 'legitimate_interest' });
    const wanted = await createTopic(li, { basis: 'consent' });
    const contact = await createContact(li, { customerSince: '2024-01-01' });
    const token = await preferenceToken(li, contact.id);
    await postForm(li, `/p/${token}`, choices(await openPage(li, token), [], 'unsubscribe-all'), browser);
    const page = await openPage(li, token);
    expect(page.ticked).toEqual([]);

    await postForm(li, `/p/${token}`, choices(page, [wanted]), browser);
    const reloaded = await openPage(li, token);
    expect(reloaded.ticked).toEqual([wanted]);
    expect(await presend(soft, contact.email)).toMatchObject({ send: false });
    expect(await presend(wanted, contact.email)).toMatchObject({ send: true });
  });
});
