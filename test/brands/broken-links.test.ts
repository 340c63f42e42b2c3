// A link that no longer works still shows the brand it was for, when its signature proves that
// (an expired link), and its "new link" button asks that brand for the fresh link; a forged link
// proves nothing and gets the brand of the host it was opened on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, type TestEnv } from '../support/harness';
import { twoBrands } from './support';

const DAY = 24 * 60 * 60 * 1000;
let env: TestEnv;
let topics: { itcare: string; cloudcare: string };
beforeAll(async () => {
  env = await createTestEnv({ env: { LINK_MAX_AGE_DAYS: '30' } });
  topics = await twoBrands(env);
});
afterAll(() => env.close());

async function oldLinks() {
  const person = await createContact(env, { subscriptions: { [topics.itcare]: 'subscribed' } });
  const unsubscribe = await env.deps.signer.sign({
    purpose: 'unsubscribe',
    contactId: person.id,
    topic: topics.itcare,
  });
  const preferences = await env.deps.signer.sign({
    purpose: 'preferences',
    contactId: person.id,
    topic: null,
    brand: 'itcare',
  });
  env.clock.advance(31 * DAY);
  return { unsubscribe, preferences };
}

describe('an expired link', () => {
  it('to unsubscribe shows its topic’s brand and asks that brand for a new link', async () => {
    const { unsubscribe } = await oldLinks();
    const res = await env.app.request(`/u/${unsubscribe}?lang=nl`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<span>ITcare</span>');
    expect(html).toContain('href="/p?lang=nl&amp;brand=itcare"');
  });

  it('to the preferences shows its brand and asks that brand for a new link', async () => {
    const { preferences } = await oldLinks();
    const res = await env.app.request(`/p/${preferences}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<span>ITcare</span>');
    expect(html).toContain('href="/p?brand=itcare"');
    // The button's page is that brand's form, whose action keeps the brand.
    const form = await (await env.app.request('/p?brand=itcare')).text();
    expect(form).toContain('action="/p?brand=itcare"');
  });
});

describe('a forged link', () => {
  it('names no brand of its own: the host’s brand, and no ?brand= for the default one', async () => {
    const { preferences } = await oldLinks();
    const forged = `${preferences.slice(0, -4)}AAAA`;
    const onHost = await env.app.request(`http://prefs.cloudcare.be/p/${forged}?lang=fr`);
    expect(onHost.status).toBe(400);
    const html = await onHost.text();
    expect(html).toContain('CloudCare');
    expect(html).toContain('href="/p?lang=fr&amp;brand=cloudcare"');

    const plain = await (await env.app.request(`/u/${forged}`)).text();
    expect(plain).not.toContain('ITcare');
    expect(plain).toContain('href="/p"');
  });
});
