// The unsubscribe and confirmation pages in a real browser: their forms must pass the
// same-origin check that refuses cross-site posts, with the headers Chromium really sends for
// our no-referrer pages, and the undo gives back exactly what the person received.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { subscriptionsOf } from '../../src/domain/contacts';
import type { RunningServer } from '../../src/node/serve';
import {
  createContact,
  createTestEnv,
  createTopic,
  startTestServer,
  type TestEnv,
  uniqueEmail,
} from '../support/harness';
import { launchChromium } from './browser';

const ARTIFACTS = 'test-artifacts';

let env: TestEnv;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld IT' } });
  server = await startTestServer(env);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  env?.close();
});

async function states(contactId: string) {
  return Object.fromEntries(
    (await subscriptionsOf({ ctx: domainContext(env.deps), input: { contactId } })).map((s) => [
      s.topicKey,
      s.status,
    ]),
  );
}

/** Clicks a button and waits for the page its form posts to; answers the POST's origin headers. */
async function submit(page: Page, name: string) {
  const [post] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST'),
    page.waitForLoadState('load'),
    page.getByRole('button', { name }).click(),
  ]);
  await page.waitForLoadState('load');
  return { origin: await post.headerValue('origin'), site: await post.headerValue('sec-fetch-site') };
}

describe('a subscriber in Chromium', () => {
  it('unsubscribes from everything on the page, then undoes it and gets back exactly what they had', async () => {
    const news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
    const events = await createTopic(env, { name: { en: 'Events', nl: 'Evenementen' } });
    const earlier = await createTopic(env, { name: { en: 'Surveys', nl: 'Enquêtes' } });
    const contact = await createContact(env, {
      subscriptions: { [news]: 'subscribed', [events]: 'subscribed', [earlier]: 'unsubscribed' },
    });
    const links = (await (
      await env.api('POST', '/v1/links', { email: contact.email, topic: null })
    ).json()) as {
      unsubscribe_url: string;
    };
    const page = await browser.newPage();
    await page.goto(`${server.url}${new URL(links.unsubscribe_url).pathname}`);

    const unsubscribe = await submit(page, 'Unsubscribe from everything');
    expect(['null', server.url]).toContain(unsubscribe.origin);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You are unsubscribed');
    expect(await states(contact.id)).toEqual({
      [news]: 'unsubscribed',
      [events]: 'unsubscribed',
      [earlier]: 'unsubscribed',
    });
    await page.screenshot({ path: `${ARTIFACTS}/unsubscribe-done.png`, fullPage: true });

    const undo = await submit(page, 'Subscribe again');
    expect(['null', server.url]).toContain(undo.origin);
    expect(undo.site).toBe('same-origin');
    expect(await page.getByRole('status').textContent()).toBe('You will receive Monthly news, Events again.');
    await page.screenshot({ path: `${ARTIFACTS}/unsubscribe-undone.png`, fullPage: true });
    expect(await states(contact.id)).toEqual({
      [news]: 'subscribed',
      [events]: 'subscribed',
      [earlier]: 'unsubscribed',
    });
    await page.close();
  });

  it('confirms a sign-up with the Confirm button', async () => {
    const topic = await createTopic(env, { name: { en: 'Webinars', nl: 'Webinars' } });
    const email = uniqueEmail();
    const signUp = await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, topics: [topic] }),
    });
    expect(signUp.status).toBe(202);
    // The mail leaves after the answer.
    await env.deferred.settled();
    const mail = env.outbox.sent.find((m) => m.to === email)!;
    const path = mail.text.match(/https?:\/\/[^\s/]+(\/c\/[A-Za-z0-9_.-]+)/)![1];
    const page = await browser.newPage();
    await page.goto(`${server.url}${path}`);
    const confirm = await submit(page, 'Confirm');
    expect(['null', server.url]).toContain(confirm.origin);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/subscribed/i);
    const contact = (await (await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`)).json()) as {
      subscriptions: Record<string, string>;
    };
    expect(contact.subscriptions).toEqual({ [topic]: 'subscribed' });
    await page.close();
  });
});
