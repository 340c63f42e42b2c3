// The console in Chromium: signing in by keyboard, a wrong password and a sign-in form replayed
// from another site refused; finding a contact, recording a phone unsubscribe and seeing it in
// the trail; erasing with confirmation. On every page axe finds nothing serious, and nothing
// scrolls sideways at 320 px.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import { type Account, makeAccount } from '../support/console';
import { createTestEnv, createTopic, startTestServer, type TestEnv, uniqueEmail } from '../support/harness';
import { describeFindings, seriousAxeFindings } from './axe';
import { launchChromium } from './browser';

const ARTIFACTS = 'test-artifacts';
let env: TestEnv;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let staff: Account;
let news: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld IT' } });
  server = await startTestServer(env);
  browser = await launchChromium();
  // CSP bypassed only so axe can be injected.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  staff = await makeAccount(env, 'staff');
  news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  env?.close();
});

/** axe and the 320 px check on the page as it is, with screenshots to look at. */
async function checkPage(page: Page, name: string) {
  const findings = await seriousAxeFindings(page);
  expect(findings, describeFindings(findings)).toEqual([]);
  await page.screenshot({ path: `${ARTIFACTS}/console-${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: `${ARTIFACTS}/console-${name}-320px.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Tabs from the top of the page until the element with `id` has focus. */
async function tabTo(page: Page, id: string) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
  }
  throw new Error(`#${id} is not reachable by keyboard`);
}

async function signInByKeyboard(page: Page, account: Account, password = account.password) {
  await tabTo(page, 'email');
  await page.keyboard.type(account.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([
    page.waitForLoadState('load'),
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.keyboard.press('Enter'),
  ]);
  await page.waitForLoadState('load');
}

async function serveOnce(html: string): Promise<{ server: Server; port: number }> {
  const srv = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { server: srv, port: (srv.address() as AddressInfo).port };
}

describe('signing in to the console', () => {
  it('a wrong password is refused; the right one, typed by keyboard, opens the console', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/contacts`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    await checkPage(page, 'login');

    await signInByKeyboard(page, staff, 'not the password at all');
    expect(await page.getByRole('alert').textContent()).toContain('do not match an account');
    expect((await context.cookies()).filter((c) => c.name.includes('session'))).toEqual([]);

    await page.goto(`${server.url}/admin/contacts`);
    await signInByKeyboard(page, staff);
    await page.waitForURL(`${server.url}/admin/contacts`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Contacts');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'mailprefs_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    await page.close();
  });

  it('refuses the sign-in form replayed from another site', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/login`);
    const formHtml = await page.locator('main form').evaluate((f) => {
      const copy = f.cloneNode(true) as HTMLFormElement;
      copy.setAttribute('action', new URL(f.getAttribute('action')!, location.href).href);
      return copy.outerHTML;
    });
    const evil = await serveOnce(`<!doctype html><html lang="en"><title>Prize</title>${formHtml}</html>`);
    try {
      // localhost and 127.0.0.1 are different sites, so the browser says cross-site.
      await page.goto(`http://localhost:${evil.port}/`);
      await page.fill('#email', staff.email);
      await page.fill('#password', staff.password);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      expect(response.status()).toBe(403);
      expect(await response.request().headerValue('sec-fetch-site')).toBe('cross-site');
      expect(await response.headerValue('set-cookie')).toBeNull();
      await page.waitForLoadState('load');
      expect(await page.textContent('body')).toContain('This form was refused');
    } finally {
      evil.server.close();
      await page.close();
    }
  });
});

describe('a staff member with a phone request', () => {
  it('finds the contact, records the phone unsubscribe and sees it in the trail', async () => {
    const email = uniqueEmail('caller');
    await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [news]: 'subscribed' },
      consent: { source: 'website', text: 'Yes, send me the monthly news', ip: '198.51.100.23' },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/contacts`);
    if (new URL(page.url()).pathname === '/admin/login') await signInByKeyboard(page, staff);
    await checkPage(page, 'contacts');

    await page.getByLabel('Email address').fill(`  ${email.toUpperCase()}`);
    await Promise.all([
      page.waitForURL(/\/admin\/contacts\/c_/),
      page.getByRole('button', { name: 'Find' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(email);
    expect(await page.locator('ol.timeline').textContent()).toContain('Yes, send me the monthly news');
    expect(await page.locator('ol.timeline').textContent()).toContain('198.51.100.0');
    await checkPage(page, 'contact');

    await page.getByLabel('Unsubscribe from').selectOption(news);
    await page.getByRole('radio', { name: 'phone' }).check();
    await page.getByLabel('Note (optional)').fill('Rang the office on Tuesday');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Record the unsubscribe' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toContain('The unsubscribe is recorded');
    const latest = page.locator('ol.timeline li').first();
    expect(await latest.textContent()).toContain('unsubscribed');
    expect(await latest.textContent()).toContain('console:phone');
    expect(await latest.textContent()).toContain('Rang the office on Tuesday');
    expect(await page.locator('tbody').first().textContent()).toContain('unsubscribed');
    await page.close();
  });

  it('erases a contact after confirming, and the receipt goes out', async () => {
    const email = uniqueEmail('eraseme');
    await env.api('POST', '/v1/contacts', {
      email,
      subscriptions: { [news]: 'subscribed' },
      consent: { source: 'website', text: 'Yes' },
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/contacts?lang=nl`);
    if (new URL(page.url()).pathname === '/admin/login') await signInByKeyboard(page, staff);
    await page.getByLabel('E-mailadres').fill(email);
    await Promise.all([
      page.waitForURL(/\/admin\/contacts\/c_/),
      page.getByRole('button', { name: 'Zoeken' }).click(),
    ]);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await page.goto(page.url().replace('?lang=nl', ''));
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('link', { name: 'Erase this contact…' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Erase ${email}?`);
    await checkPage(page, 'erase-confirm');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Yes, erase' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Erased');
    expect(await page.textContent('main')).toContain('A deletion receipt was mailed');
    expect(env.outbox.sent.some((m) => m.kind === 'erasure-receipt' && m.to === email)).toBe(true);
    await checkPage(page, 'erased');
    expect((await env.api('GET', `/v1/contacts/${email}`)).status).toBe(404);
    await page.close();
  });

  it('signs out with the button in the header', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/admin`);
    if (new URL(page.url()).pathname === '/admin/login') await signInByKeyboard(page, staff);
    await checkPage(page, 'home');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'Audit log' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    expect(await page.textContent('main')).toContain('contact.erased');
    await checkPage(page, 'audit');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toBe('You are signed out.');
    await page.goto(`${server.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.close();
  });

  it('an admin adds a user on the users page, in Dutch', async () => {
    const admin = await makeAccount(env, 'admin');
    const own = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await own.newPage();
    try {
      await page.goto(`${server.url}/admin/users?lang=nl`);
      await signInByKeyboard(page, admin);
      await page.waitForURL(`${server.url}/admin/users?lang=nl`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Gebruikers');
      await checkPage(page, 'users');
      const email = uniqueEmail('colleague');
      await page.getByLabel('E-mailadres').fill(email);
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Gebruiker toevoegen' }).click(),
      ]);
      expect(await page.getByRole('status').textContent()).toContain(email);
      expect(await page.locator('main code').textContent()).toMatch(/^[A-Za-z0-9_-]{20}$/);
      await checkPage(page, 'user-added');
    } finally {
      await own.close();
    }
  });

  // Belgian offices answer privacy mail in French and German too.
  for (const [lang, t] of [
    ['fr', { email: 'Adresse e-mail', find: 'Rechercher', trail: 'Historique du consentement', other: 'de' }],
    ['de', { email: 'E-Mail-Adresse', find: 'Suchen', trail: 'Einwilligungsverlauf', other: 'fr' }],
  ] as const) {
    it(`signs in, sees the overview and finds a contact in ${lang === 'fr' ? 'French' : 'German'}`, async () => {
      const email = uniqueEmail(`contact-${lang}`);
      await env.api('POST', '/v1/contacts', {
        email,
        subscriptions: { [news]: 'subscribed' },
        consent: { source: 'website', text: 'Yes' },
      });
      const own = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
      const page = await own.newPage();
      try {
        await page.goto(`${server.url}/admin/login?lang=${lang}`);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        const switcher = page.getByRole('navigation', { name: lang === 'fr' ? 'Langue' : 'Sprache' });
        expect(await switcher.getByRole('link').allTextContents()).toEqual([
          'English',
          'Nederlands',
          'Français',
          'Deutsch',
        ]);
        expect(await switcher.locator('[aria-current="true"]').getAttribute('hreflang')).toBe(lang);
        await checkPage(page, `${lang}-login`);
        await signInByKeyboard(page, staff);
        await page.waitForURL(`${server.url}/admin?lang=${lang}`);
        await checkPage(page, `${lang}-home`);
        await page.getByRole('link', { name: lang === 'fr' ? 'Contacts' : 'Kontakte', exact: true }).click();
        await page.getByLabel(t.email).fill(email);
        await Promise.all([
          page.waitForURL(/\/admin\/contacts\/c_/),
          page.getByRole('button', { name: t.find }).click(),
        ]);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.getByRole('heading', { name: t.trail }).isVisible()).toBe(true);
        await checkPage(page, `${lang}-contact`);
        // The switch keeps the page and changes only its language.
        const path = new URL(page.url()).pathname;
        await Promise.all([
          page.waitForLoadState('load'),
          page.getByRole('link', { name: t.other === 'de' ? 'Deutsch' : 'Français' }).click(),
        ]);
        expect(new URL(page.url()).pathname).toBe(path);
        expect(await page.getAttribute('html', 'lang')).toBe(t.other);
      } finally {
        await own.close();
      }
    });
  }
});
