// "Everything" at one brand: the preference center and the all-topics link of a brand stop
// that brand's mail only; the separate every-brand choice stops all of it; one controller
// holds one person, so erasure and export cover every brand.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { choices, openPage, postForm } from '../preferences/support';
import { createContact, createTestEnv, type TestEnv } from '../support/harness';
import { twoBrands, verdict } from './support';

let env: TestEnv;
let topics: { itcare: string; cloudcare: string };
beforeEach(async () => {
  env?.close();
  env = await createTestEnv({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  topics = await twoBrands(env);
});
afterAll(() => env.close());

async function subscribedToBoth() {
  return createContact(env, {
    subscriptions: { [topics.itcare]: 'subscribed', [topics.cloudcare]: 'subscribed' },
  });
}

const brandToken = (contactId: string, brand: string) =>
  env.deps.signer.sign({ purpose: 'preferences', contactId, topic: null, brand });

describe('the preference center of a brand', () => {
  it('lists that brand’s topics only, under its name', async () => {
    const person = await subscribedToBoth();
    const page = await openPage(env, await brandToken(person.id, 'itcare'));
    expect(page.shown).toEqual([topics.itcare]);
    expect(page.html).toContain('<title>Your email preferences · ITcare</title>');
    expect(page.html).toContain('Stop all email from ITcare');
    expect(page.html).toContain('Stop email from all our brands');
    // Only brands with topics are named: the environment's default brand mails nothing here.
    expect(page.html).toContain('ITcare is one of CloudCare, ITcare');
  });

  it('names the default brand among all brands once it mails a topic', async () => {
    const person = await subscribedToBoth();
    await env.api('PUT', '/v1/topics/house-news', { name: { en: 'House news' }, basis: 'consent' });
    const page = await openPage(env, await brandToken(person.id, 'itcare'));
    expect(page.html).toContain('ITcare is one of mailprefs, CloudCare, ITcare');
  });

  it('“everything” there stops that brand’s topics, also later ones, and leaves the other brand’s alone', async () => {
    const person = await subscribedToBoth();
    const token = await brandToken(person.id, 'itcare');
    const page = await openPage(env, token);
    const res = await postForm(env, `/p/${token}`, choices(page, [], 'unsubscribe-all'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed from everything from ITcare.');

    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({
      send: false,
      reason: 'unsubscribed_all',
    });
    expect(await verdict(env, topics.cloudcare, person.email)).toMatchObject({ send: true });
    // A topic the brand adds later is stopped too; the other brand's new topic is not.
    const later = 'itcare-later';
    await env.api('PUT', `/v1/topics/${later}`, {
      name: { en: 'Later' },
      basis: 'legitimate_interest',
      brand: 'itcare',
    });
    await env.api('POST', '/v1/contacts', { email: person.email, customer_since: '2024-01-01' });
    expect(await verdict(env, later, person.email)).toMatchObject({
      send: false,
      reason: 'unsubscribed_all',
    });
    await env.api('PUT', '/v1/topics/cloud-later', {
      name: { en: 'Later' },
      basis: 'legitimate_interest',
      brand: 'cloudcare',
    });
    expect(await verdict(env, 'cloud-later', person.email)).toMatchObject({ send: true });

    const contact = (await (await env.api('GET', `/v1/contacts/${person.email}`)).json()) as {
      unsubscribed_all: boolean;
      consent_trail: Array<{ action: string; topic: string | null }>;
    };
    expect(contact.unsubscribed_all).toBe(false);
  });

  it('the every-brand choice stops mail from every brand', async () => {
    const person = await subscribedToBoth();
    const token = await brandToken(person.id, 'cloudcare');
    const page = await openPage(env, token);
    const res = await postForm(env, `/p/${token}`, choices(page, [], 'unsubscribe-every-brand'));
    expect(await res.text()).toContain('You are unsubscribed from everything from CloudCare, ITcare.');
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({
      send: false,
      reason: 'unsubscribed_all',
    });
    expect(await verdict(env, topics.cloudcare, person.email)).toMatchObject({
      send: false,
      reason: 'unsubscribed_all',
    });
  });

  it('opting in at one brand after stopping every brand keeps the other brands stopped', async () => {
    const person = await subscribedToBoth();
    const token = await brandToken(person.id, 'itcare');
    const first = await openPage(env, token);
    await postForm(env, `/p/${token}`, choices(first, [], 'unsubscribe-every-brand'));
    const again = await openPage(env, token);
    await postForm(env, `/p/${token}`, choices(again, [topics.itcare]));
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({ send: true });
    await env.api('PUT', '/v1/topics/cloud-new', {
      name: { en: 'New' },
      basis: 'legitimate_interest',
      brand: 'cloudcare',
    });
    await env.api('POST', '/v1/contacts', { email: person.email, customer_since: '2024-01-01' });
    expect(await verdict(env, 'cloud-new', person.email)).toMatchObject({
      send: false,
      reason: 'unsubscribed_all',
    });
  });
});

describe('the all-topics link of a brand', () => {
  it('one click stops that brand and names it in the event', async () => {
    // An endpoint that never answers: the event waits in the outbox, where this test reads it.
    await env.api('POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['contact.unsubscribed'],
    });
    const person = await subscribedToBoth();
    const links = (await (
      await env.api('POST', '/v1/links', { email: person.email, topic: null, brand: 'itcare' })
    ).json()) as { unsubscribe_url: string };
    const res = await env.app.request(new URL(links.unsubscribe_url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({ send: false });
    expect(await verdict(env, topics.cloudcare, person.email)).toMatchObject({ send: true });
    const events = await env.deps.db.all<{ payload: string }>(
      "select payload from outbox_events where type = 'contact.unsubscribed'" as never,
    );
    expect(events.map((e) => JSON.parse(e.payload).data ?? JSON.parse(e.payload))).toContainEqual(
      expect.objectContaining({ topic: null, brand: 'itcare' }),
    );
  });

  it('its page asks about that brand, and the undo gives that brand back', async () => {
    const person = await subscribedToBoth();
    const links = (await (
      await env.api('POST', '/v1/links', { email: person.email, topic: null, brand: 'cloudcare' })
    ).json()) as { unsubscribe_url: string };
    const path = new URL(links.unsubscribe_url).pathname;
    expect(await (await env.app.request(path)).text()).toContain(
      'Unsubscribe from all emails from CloudCare?',
    );
    const done = await postForm(env, path, [['source', 'page']]);
    const html = await done.text();
    expect(html).toContain('from all CloudCare mailings, including ones we start later.');
    expect(html).toContain('href="https://www.cloudcare.be"');
    const undoToken = html.match(/name="form_token" value="([^"]+)"/)![1];
    await postForm(env, `${path}/undo`, [['form_token', undoToken]]);
    expect(await verdict(env, topics.cloudcare, person.email)).toMatchObject({ send: true });
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({ send: true });
  });
});

describe('one controller, one person', () => {
  it('export covers every brand, and erasure deletes every brand’s choices', async () => {
    const person = await subscribedToBoth();
    const token = await brandToken(person.id, 'itcare');
    await postForm(env, `/p/${token}`, choices(await openPage(env, token), [], 'unsubscribe-all'));

    const exported = (await (await env.api('GET', `/v1/contacts/${person.email}/export`)).json()) as {
      subscriptions: Array<{ topic: string }>;
      brand_unsubscribes: Array<{ brand: string }>;
    };
    expect(exported.subscriptions.map((s) => s.topic).sort()).toEqual(
      [topics.cloudcare, topics.itcare].sort(),
    );
    expect(exported.brand_unsubscribes).toEqual([expect.objectContaining({ brand: 'itcare' })]);

    expect((await env.api('DELETE', `/v1/contacts/${person.email}?notify=false`)).status).toBe(200);
    for (const topic of [topics.itcare, topics.cloudcare])
      expect(await verdict(env, topic, person.email)).toMatchObject({ send: false, reason: 'erased' });
    const left = await env.deps.db.all<{ n: number }>(
      'select (select count(*) from brand_unsubscribes) + (select count(*) from subscriptions) as n' as never,
    );
    expect(left[0].n).toBe(0);
  });
});
