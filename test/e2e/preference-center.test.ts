// The preference center in a real browser: a subscriber opens the link from their mail,
// changes topics, leaves everything, reads it in Dutch, uses only the keyboard, downloads and
// deletes their data; a copied form posted from another site is refused; axe finds no serious
// accessibility problems.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { findContactById, subscriptionsOf } from '../../src/domain/contacts';
import type { RunningServer } from '../../src/node/serve';
import { createContact, createTestEnv, createTopic, startTestServer, type TestEnv } from '../support/harness';
import { launchChromium } from './browser';

const ARTIFACTS = 'test-artifacts';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let env: TestEnv;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const pageResponses: Array<{ url: string; setCookie: Promise<string | null> }> = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld IT', PRIVACY_CONTACT: 'privacy@voorbeeld.nl' } });
  server = await startTestServer(env);
  browser = await launchChromium();
  context = await browser.newContext();
  context.on('response', (res) => {
    if (new URL(res.url()).pathname.startsWith('/p')) {
      pageResponses.push({ url: res.url(), setCookie: res.headerValue('set-cookie') });
    }
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  env?.close();
});

async function linkFor(contactId: string, query = '') {
  const token = await env.deps.signer.sign({ purpose: 'preferences', contactId, topic: null });
  return `${server.url}/p/${token}${query}`;
}

async function topics(count: number) {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    keys.push(
      await createTopic(env, {
        name: { en: `English topic ${i + 1}`, nl: `Nederlands onderwerp ${i + 1}` },
        basis: i === 0 ? 'legitimate_interest' : 'consent',
      }),
    );
  }
  return keys;
}

async function states(contactId: string) {
  return Object.fromEntries(
    (await subscriptionsOf({ ctx: domainContext(env.deps), input: { contactId } })).map((s) => [
      s.topicKey,
      s.status,
    ]),
  );
}

/** Serious and critical axe-core findings on the page as it is now. */
async function axeOn(page: Page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result.violations as Array<{ id: string; impact: string; help: string; nodes: unknown[] }>).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}

/** A context that bypasses our CSP only so the axe script can be injected. */
async function axeContext(width = 1280) {
  return browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
}

async function axeViolations(url: string, width = 1280) {
  const ctx = await axeContext(width);
  try {
    const page = await ctx.newPage();
    await page.goto(url);
    return await axeOn(page);
  } finally {
    await ctx.close();
  }
}

function describeViolations(violations: Array<{ id: string; help: string }>) {
  return violations.map((v) => `${v.id}: ${v.help}`).join('; ');
}

async function checkbox(page: Page, name: string) {
  return page.getByRole('checkbox', { name, exact: true });
}

describe('a subscriber in Chromium', () => {
  it('opens the link, sees every topic, changes two, saves, and finds them kept after reloading', async () => {
    const [t1, t2, t3] = await topics(3);
    // A customer: the legitimate-interest topic reaches them without a choice.
    const contact = await createContact(env, {
      subscriptions: { [t1]: 'subscribed' },
      customerSince: '2024-01-01',
    });
    const url = await linkFor(contact.id);
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (msg) => {
      // The browser's own /favicon.ico request is a 404 by design; anything else is a fault.
      if (msg.type() === 'error' && !msg.location().url.endsWith('/favicon.ico'))
        consoleErrors.push(msg.text());
    });

    await page.goto(url);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your email preferences');
    for (let i = 1; i <= 3; i++) expect(await (await checkbox(page, `English topic ${i}`)).count()).toBe(1);
    expect(await (await checkbox(page, 'English topic 1')).isChecked()).toBe(true);
    expect(await page.getByText('We send this to customers unless they opt out.').count()).toBe(1);
    expect(await page.locator('footer').textContent()).toContain('privacy@voorbeeld.nl');
    // The stylesheet loaded under the strict CSP: the Save button has the accent colour.
    const saveButton = page.getByRole('button', { name: 'Save my choices' });
    expect(await saveButton.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(29, 78, 216)');

    await page.screenshot({ path: `${ARTIFACTS}/preference-center-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.screenshot({ path: `${ARTIFACTS}/preference-center-320px.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await (await checkbox(page, 'English topic 1')).uncheck();
    await (await checkbox(page, 'English topic 3')).check();
    const [post] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST'),
      page.waitForLoadState('load'),
      saveButton.click(),
    ]);
    // What the same-origin check relies on: with Referrer-Policy no-referrer, Chromium sends
    // Origin: null for our own form, and Sec-Fetch-Site: same-origin.
    expect(['null', server.url]).toContain(await post.headerValue('origin'));
    expect(await post.headerValue('sec-fetch-site')).toBe('same-origin');
    expect(await page.getByRole('status').locator('p').first().textContent()).toBe('Your choices are saved.');

    await page.goto(url);
    expect(await (await checkbox(page, 'English topic 1')).isChecked()).toBe(false);
    expect(await (await checkbox(page, 'English topic 2')).isChecked()).toBe(false);
    expect(await (await checkbox(page, 'English topic 3')).isChecked()).toBe(true);
    expect(await states(contact.id)).toMatchObject({ [t1]: 'unsubscribed', [t3]: 'subscribed' });
    expect((await states(contact.id))[t2]).toBeUndefined();

    const trail = (
      await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } })
    ).filter((e) => e.source === 'preference-center');
    expect(trail.map((e) => [e.topicKey, e.action]).sort()).toEqual(
      [
        [t1, 'unsubscribe'],
        [t3, 'subscribe'],
      ].sort(),
    );
    expect(trail[0].ip).toBe('127.0.0.0');
    expect(trail[0].userAgent).toMatch(/Chrome/);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('unsubscribes from everything with one button', async () => {
    const [t1, t2] = await topics(2);
    const contact = await createContact(env, { subscriptions: { [t1]: 'subscribed', [t2]: 'subscribed' } });
    const page = await context.newPage();
    await page.goto(await linkFor(contact.id));
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Unsubscribe from everything' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain(
      'You are unsubscribed from everything',
    );
    expect(await page.locator('input[type=checkbox]:checked').count()).toBe(0);
    expect(await states(contact.id)).toMatchObject({ [t1]: 'unsubscribed', [t2]: 'unsubscribed' });
    expect(
      (await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }))
        ?.unsubscribedAllAt,
    ).not.toBeNull();
    await page.close();
  });

  it('reads the page in Dutch', async () => {
    await topics(1);
    const dutch = await createContact(env, { locale: 'nl' });
    const page = await context.newPage();
    await page.goto(await linkFor(dutch.id));
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Uw e-mailvoorkeuren');
    expect(await page.getByRole('checkbox', { name: /Nederlands onderwerp/ }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Mijn keuzes opslaan' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Afmelden voor alles' }).count()).toBe(1);
    expect(await page.getByText('English topic').count()).toBe(0);

    const other = await createContact(env);
    await page.goto(await linkFor(other.id, '?lang=nl'));
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.screenshot({ path: `${ARTIFACTS}/preference-center-nl.png`, fullPage: true });
    await page.close();
  });

  it('saves with the keyboard alone, with a visible focus ring', async () => {
    const [t1] = await topics(1);
    // A customer, so the first (legitimate-interest) topic starts ticked.
    const contact = await createContact(env, { customerSince: '2024-01-01' });
    const page = await context.newPage();
    await page.goto(await linkFor(contact.id));
    const target = `topic-${t1}`;
    // Tab from the top of the page to the topic's checkbox.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === target) break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(target);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    // t1 is a legitimate-interest topic this contact receives without a choice: its box starts
    // ticked, and Space unticks it, which records an objection.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    await page.keyboard.press('Space');
    // On to the Save button, then Enter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Save my choices') break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save my choices');
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    expect(await page.getByRole('status').locator('p').first().textContent()).toBe('Your choices are saved.');
    expect((await states(contact.id))[t1]).toBe('unsubscribed');
    await page.close();
  });

  it('refuses its own form replayed from another site, and nothing changes', async () => {
    const [t1] = await topics(1);
    const contact = await createContact(env, { subscriptions: { [t1]: 'subscribed' } });
    const url = await linkFor(contact.id);
    const page = await context.newPage();
    await page.goto(url);
    // The attacker copied the whole form, valid form token included, onto their own site.
    const formHtml = await page
      .locator('form')
      .first()
      .evaluate((f) => {
        const copy = f.cloneNode(true) as HTMLFormElement;
        // form.action would be the buttons named "action"; the attribute is the URL.
        copy.setAttribute('action', new URL(f.getAttribute('action')!, location.href).href);
        for (const box of copy.querySelectorAll('input[type=checkbox]')) box.removeAttribute('checked');
        return copy.outerHTML;
      });
    const evil = await serveOnce(
      `<!doctype html><html lang="en"><title>Win a prize</title>${formHtml}</html>`,
    );
    try {
      // localhost and 127.0.0.1 are different sites, so the browser says cross-site.
      await page.goto(`http://localhost:${evil.port}/`);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Save my choices' }).click(),
      ]);
      expect(response.status()).toBe(403);
      expect(await response.request().headerValue('sec-fetch-site')).toBe('cross-site');
      await page.waitForLoadState('load');
      expect(await page.textContent('body')).toContain('This form was sent from another website');
      expect(await states(contact.id)).toMatchObject({ [t1]: 'subscribed' });
    } finally {
      evil.server.close();
      await page.close();
    }
  });

  it('downloads their data as a JSON file, then deletes it in two steps', async () => {
    const [t1, t2] = await topics(2);
    const contact = await createContact(env, { subscriptions: { [t1]: 'subscribed' } });
    const url = await linkFor(contact.id);
    const page = await context.newPage();
    await page.goto(url);
    // Earlier tests left topics with the same names; the id is this topic's own.
    await page.locator(`#topic-${t2}`).check();
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Save my choices' }).click(),
    ]);
    expect(await page.getByRole('status').locator('p').first().textContent()).toBe('Your choices are saved.');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('my-data.json');
    const doc = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(doc).toMatchObject({
      schema: 'mailprefs/contact-export',
      schema_version: 1,
      contact: { id: contact.id, email: contact.email },
    });
    expect(
      doc.subscriptions.map((s: { topic: string; status: string }) => [s.topic, s.status]).sort(),
    ).toEqual(
      [
        [t1, 'subscribed'],
        [t2, 'subscribed'],
      ].sort(),
    );
    const trail = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: contact.id } });
    expect(doc.consent_trail.map((e: { id: number }) => e.id)).toEqual(trail.map((e) => e.id));
    expect(doc.consent_trail.at(-1)).toMatchObject({
      topic: t2,
      action: 'subscribe',
      source: 'preference-center',
      ip: '127.0.0.0',
    });
    // A download, not a navigation: the preference page is still there.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your email preferences');

    // Step 1 only asks.
    await Promise.all([
      page.waitForURL(/\/delete$/),
      page.getByRole('button', { name: 'Delete my data' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Delete your data?');
    expect(await page.textContent('main')).toContain('do-not-mail list');
    expect(
      await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toBeDefined();
    await page.screenshot({ path: `${ARTIFACTS}/delete-my-data-confirm.png`, fullPage: true });

    // Step 2 erases, after the receipt has gone out.
    await Promise.all([
      page.waitForURL(/\/delete\/confirm$/),
      page.getByRole('button', { name: 'Yes, delete my data' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your data is deleted');
    expect(await page.getByRole('status').textContent()).toContain('sent a confirmation to');
    expect(
      await findContactById({ ctx: domainContext(env.deps), input: { contactId: contact.id } }),
    ).toBeUndefined();
    expect(env.outbox.sent.filter((m) => m.to === contact.email).map((m) => m.kind)).toEqual([
      'erasure-receipt',
    ]);

    // The link now says the data was deleted, not that it is too old.
    await page.goto(url);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your data has been deleted');
    await page.screenshot({ path: 'test/e2e/screenshots/link-after-erasure.png', fullPage: true });
    await page.close();
  });

  it('asks for a link by email, without revealing whether the address is known', async () => {
    const contact = await createContact(env);
    const page = await context.newPage();
    await page.goto(`${server.url}/p`);
    await page.getByLabel('Email address').fill(contact.email);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Email me a link' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toMatch(/If we know this address/);
    await expect.poll(() => env.outbox.sent.filter((m) => m.to === contact.email).length).toBe(1);
    await page.close();
  });

  it('has targets of at least 24 by 24 px at 320 px wide', async () => {
    await topics(1);
    const contact = await createContact(env);
    const page = await context.newPage();
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(await linkFor(contact.id));
    for (const el of await page.locator('input[type=checkbox], button').all()) {
      const box = await el.boundingBox();
      expect(box!.width).toBeGreaterThanOrEqual(24);
      expect(box!.height).toBeGreaterThanOrEqual(24);
    }
    await page.close();
  });
});

describe('accessibility (axe-core)', () => {
  it('finds no serious or critical violations on the pages, at desktop and 320 px width', async () => {
    await topics(2);
    const contact = await createContact(env);
    const dutch = await createContact(env, { locale: 'nl' });
    const pages = [
      await linkFor(contact.id),
      await linkFor(dutch.id),
      `${server.url}/p`,
      `${server.url}/p/broken-link`,
    ];
    for (const url of pages) {
      for (const width of [1280, 320]) {
        const serious = await axeViolations(url, width);
        expect(serious, `${url} at ${width}px: ${describeViolations(serious)}`).toEqual([]);
      }
    }
  });

  it('finds none on the "Delete my data" confirmation and result pages, at desktop and 320 px width', async () => {
    for (const width of [1280, 320]) {
      const contact = await createContact(env);
      const ctx = await axeContext(width);
      try {
        const page = await ctx.newPage();
        await page.goto(await linkFor(contact.id));
        await Promise.all([
          page.waitForURL(/\/delete$/),
          page.getByRole('button', { name: 'Delete my data' }).click(),
        ]);
        const confirm = await axeOn(page);
        expect(confirm, `confirmation at ${width}px: ${describeViolations(confirm)}`).toEqual([]);
        for (const el of await page.locator('main button, main a').all()) {
          const box = await el.boundingBox();
          expect(box!.height).toBeGreaterThanOrEqual(24);
          expect(box!.width).toBeGreaterThanOrEqual(24);
        }
        await Promise.all([
          page.waitForURL(/\/delete\/confirm$/),
          page.getByRole('button', { name: 'Yes, delete my data' }).click(),
        ]);
        const done = await axeOn(page);
        expect(done, `result at ${width}px: ${describeViolations(done)}`).toEqual([]);
      } finally {
        await ctx.close();
      }
    }
  });
});

describe('cookies', () => {
  it('no /p response set a cookie and the browser holds none', async () => {
    expect(pageResponses.length).toBeGreaterThan(5);
    for (const res of pageResponses) expect(await res.setCookie, res.url).toBeNull();
    expect(await context.cookies()).toEqual([]);
  });
});

/** A one-page site on another origin, standing in for the attacker's. */
async function serveOnce(html: string): Promise<{ server: Server; port: number }> {
  const srv = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { server: srv, port: (srv.address() as AddressInfo).port };
}
