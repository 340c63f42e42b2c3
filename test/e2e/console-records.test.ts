// The console's dashboard, data requests and outbox in Chromium: a staff member signs in, sees
// the weekly chart, records a phone request and completes it, and finds the confirmation mail
// in the outbox. Every page passes axe-core (no serious or critical finding), does not scroll
// sideways at 320 px, and the request form works from the keyboard. A topic is edited, its basis
// change confirmed.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleNav } from '../../src/console/nav';
import { domainContext } from '../../src/deps';
import { claimSignUpDue, countSignUpsGivenUp, recordSignUpDue } from '../../src/domain/sign-ups-due';
import type { RunningServer } from '../../src/node/serve';
import { type Account, makeAccount } from '../support/console';
import { createContact, createTestEnv, createTopic, startTestServer, type TestEnv } from '../support/harness';
import { launchChromium } from './browser';

const ARTIFACTS = 'test-artifacts';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let env: TestEnv;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let account: Account;
let contactEmail: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld IT', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  // The test clock is fixed; the pages compute "today" and "overdue" from it.
  env.clock.set(new Date().toISOString());
  server = await startTestServer(env);
  browser = await launchChromium();
  const news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
  for (let i = 0; i < 3; i++) await createContact(env, { subscriptions: { [news]: 'subscribed' } });
  contactEmail = (await createContact(env, { locale: 'nl', subscriptions: { [news]: 'subscribed' } })).email;
  account = await makeAccount(env, 'staff');
  // bypassCSP only so that the axe script can be injected.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  env?.close();
});

async function seriousAxeFindings(p: Page) {
  await p.addScriptTag({ content: axeSource });
  const result = await p.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result.violations as Array<{ id: string; impact: string; help: string }>)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

/** axe at desktop width and at 320 px, and no sideways scroll at 320 px. */
async function checkPage(name: string) {
  expect(await seriousAxeFindings(page), name).toEqual([]);
  await page.setViewportSize({ width: 320, height: 800 });
  try {
    expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(320);
    expect(await seriousAxeFindings(page), `${name} at 320 px`).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/console-${name}-320px.png`, fullPage: true });
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

/** Presses Tab until the focused element has this accessible text; fails after `limit` presses. */
async function tabTo(text: string, limit = 40) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focused === text) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

describe('a staff member in the console', () => {
  it('signs in and sees the dashboard with its weekly chart and the sign-ups waiting for their mail', async () => {
    // One sign-up whose first send failed waits for its retry; two mails were given up today.
    const ctx = domainContext(env.deps);
    const id = await recordSignUpDue({
      ctx,
      input: { email: 'waiting@example.nl', topics: ['news'], fallbackLocale: 'en', source: 'test' },
    });
    await claimSignUpDue({ ctx, input: { id } });
    await countSignUpsGivenUp({ ctx, input: { n: 2 } });
    await page.goto(`${server.url}/admin`);
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await Promise.all([page.waitForURL(`${server.url}/admin`), page.keyboard.press('Enter')]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    const chart = page.getByRole('img', {
      name: 'Monthly news: opt-ins and opt-outs per week over the last 12 weeks',
    });
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    const table = page.getByRole('table', {
      name: 'Monthly news: opt-ins and opt-outs per week over the last 12 weeks',
    });
    expect(await table.getByRole('row').count()).toBe(13);
    const figure = (label: string) => page.locator(`dt:text-is("${label}") + dd`);
    expect(await figure('Sign-ups waiting for their confirmation mail').textContent()).toBe('1');
    expect(await figure('Confirmation mails given up today (UTC)').textContent()).toBe('2');
    expect(await page.locator('body').textContent()).not.toContain('waiting@example.nl');
    await page.screenshot({ path: `${ARTIFACTS}/console-dashboard.png`, fullPage: true });
    await checkPage('dashboard');
  });

  it('records a phone request from the keyboard, completes it and finds the confirmation in the outbox', async () => {
    await page.getByRole('link', { name: 'Data requests' }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Data requests');
    await checkPage('requests');

    await page.getByLabel('Email address').focus();
    await page.keyboard.type(contactEmail);
    await page.keyboard.press('Tab'); // type
    await page.keyboard.type('Objection');
    await page.keyboard.press('Tab'); // channel
    await page.keyboard.type('Phone');
    await page.getByLabel('Note (optional)').focus();
    await page.keyboard.type('Called the help desk');
    await tabTo('Record the request');
    await Promise.all([page.waitForURL(`${server.url}/admin/requests`), page.keyboard.press('Enter')]);
    expect(await page.getByRole('status').textContent()).toMatch(
      /^Recorded\. It is due on \d{1,2} [A-Z][a-z]{2} \d{4}\.$/,
    );
    expect(await page.locator('dl.facts').textContent()).toContain('Objection to mailings');
    await checkPage('request');

    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/complete')),
      page.getByRole('button', { name: 'Complete and send the confirmation' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toBe(
      'Completed. The confirmation mail has gone to the person.',
    );

    await page.getByRole('link', { name: 'Outbox' }).click();
    const mail = page.locator('details', { hasText: contactEmail }).first();
    await mail.locator('summary').click();
    expect(await mail.locator('pre').textContent()).toContain(
      'Dit adres ontvangt geen van onze mailings meer',
    );
    await page.screenshot({ path: `${ARTIFACTS}/console-outbox.png`, fullPage: true });
    await checkPage('outbox');
  });

  it('edits a topic: its Dutch name, then a basis change only after ticking its confirmation', async () => {
    await page.getByRole('link', { name: 'Topics' }).click();
    await checkPage('topics');
    await page.getByRole('link', { name: 'Monthly news' }).click();
    await page.getByLabel('Name in Dutch').fill('Nieuws van de maand');
    await page.getByLabel('Legitimate interest: existing customers, unless they opted out').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect(
      await page.getByRole('heading', { level: 2, name: 'Confirm the change of legal basis' }).isVisible(),
    ).toBe(true);
    await checkPage('topic-basis');
    await page.getByLabel('Yes, change the legal basis').check();
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.status() === 200),
      page.getByRole('button', { name: 'Save changes' }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toBe('Your changes were saved.');
    expect(await page.getByLabel('Name in Dutch').inputValue()).toBe('Nieuws van de maand');
    expect(
      await page.getByLabel('Legitimate interest: existing customers, unless they opted out').isChecked(),
    ).toBe(true);
  });

  it('uploads a CSV on the import page and sees its summary', async () => {
    await page.getByRole('link', { name: 'Import' }).click();
    await checkPage('import');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'crm.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`email\nnew.person@example.nl\n${contactEmail}\n`),
    });
    await page.getByLabel('Where the addresses come from').fill('CRM export');
    await Promise.all([
      page.waitForURL(`${server.url}/admin/import`),
      page.getByRole('button', { name: 'Import' }).click(),
    ]);
    await env.deferred.settled();
    await page.getByRole('link', { name: 'Link to this import' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Done: 2 rows.');
    await checkPage('import-done');
  });
});

describe('an admin in the console', () => {
  it('sees the API keys, webhook and connector pages, which pass axe at desktop and 320 px', async () => {
    const admin = await makeAccount(env, 'admin');
    await context.clearCookies();
    await page.goto(`${server.url}/admin/login`);
    await page.getByLabel('Email address').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await Promise.all([
      page.waitForURL(`${server.url}/admin`),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await page.getByRole('link', { name: 'API keys' }).click();
    await checkPage('keys');
    await page.getByLabel('Name', { exact: true }).fill('Mailing tool');
    await page.getByRole('button', { name: 'Make the key' }).click();
    expect(await page.getByRole('heading', { name: 'Your new key' }).isVisible()).toBe(true);
    await checkPage('keys-secret');
    expect((await env.api('POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/mailprefs' })).status).toBe(201);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await checkPage('webhooks');
    await page.getByRole('link', { name: 'http://127.0.0.1:9/mailprefs' }).click();
    await checkPage('webhook');
    const connector = await env.api('POST', '/v1/connectors', {
      type: 'laposta',
      name: 'Laposta',
      credentials: { api_key: 'laposta-key-0123456789' },
      api_base: 'http://127.0.0.1:9',
      settings: { topics: {} },
    });
    expect(connector.status).toBe(201);
    await page.getByRole('link', { name: 'Connectors' }).click();
    await checkPage('connectors');
    await page.getByRole('link', { name: 'Laposta (laposta)' }).click();
    await checkPage('connector');
  });

  // German and French words run longer than English ones: every page of the menu, in both.
  for (const lang of ['fr', 'de'] as const) {
    it(`sees every console page in ${lang === 'fr' ? 'French' : 'German'}, passing axe at desktop and 320 px`, async () => {
      for (const path of consoleNav.map((entry) => entry.href)) {
        await page.goto(`${server.url}${path}?lang=${lang}`);
        expect(new URL(page.url()).pathname, path).toBe(path);
        expect(await page.getAttribute('html', 'lang'), path).toBe(lang);
        await checkPage(`${lang}${path.replaceAll('/', '-')}`);
      }
      await page.goto(`${server.url}/admin/requests?lang=${lang}`);
      await page.screenshot({ path: `${ARTIFACTS}/console-${lang}-requests.png`, fullPage: true });
    });
  }
});
