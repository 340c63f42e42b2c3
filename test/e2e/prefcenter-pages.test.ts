// The preference center as people expect it, in Chromium: the unsubscribe page shows the
// address, "everything" and a pause beside the topic; after the click it says what happened and
// asks one optional question; a pause makes presend answer `paused`; after saving, the
// preference page says what changed and moves focus there. axe-core finds nothing serious or
// critical in light and dark mode, and nothing scrolls sideways at 320 px. Screenshots go to
// test/e2e/screenshots/ (gitignored) to be looked at.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { consentTrail } from '../../src/domain/consent';
import { presendVerdicts } from '../../src/domain/presend';
import type { RunningServer } from '../../src/node/serve';
import { issueLinks } from '../links/helpers';
import { createContact, createTestEnv, createTopic, startTestServer, type TestEnv } from '../support/harness';
import { launchChromium } from './browser';

const SHOTS = 'test/e2e/screenshots';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let env: TestEnv;
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  env = await createTestEnv({ env: { BRAND_NAME: 'Voorbeeld IT', PRIVACY_CONTACT: 'privacy@voorbeeld.nl' } });
  server = await startTestServer(env);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  env?.close();
});

type Scheme = 'light' | 'dark';

/** bypassCSP only so the axe script can be injected. */
function contextFor(scheme: Scheme, width = 1280): Promise<BrowserContext> {
  return browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width, height: 900 } });
}

/** Serious and critical axe-core findings on the page as it is now, as readable lines. */
async function axeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
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

/** axe in light and dark at desktop width, then no sideways scroll at 320 px; with screenshots. */
async function checkPage(open: (page: Page) => Promise<void>, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    const ctx = await contextFor(scheme);
    try {
      const page = await ctx.newPage();
      await open(page);
      expect(await axeFindings(page), `${name} (${scheme})`).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, fullPage: true });
      await page.setViewportSize({ width: 320, height: 800 });
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${name} at 320 px`,
      ).toBeLessThanOrEqual(320);
      expect(await axeFindings(page), `${name} (${scheme}, 320 px)`).toEqual([]);
      if (scheme === 'light') await page.screenshot({ path: `${SHOTS}/${name}-320px.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
  }
}

async function click(page: Page, name: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

async function verdict(email: string, topic: string) {
  const deps = { db: env.deps.db, reader: env.deps.presendReader, clock: env.clock, softOptInMonths: 24 };
  return (await presendVerdicts(deps, { topic, recipients: [email] })).results[0];
}

async function unsubscribeUrl(email: string, topic: string, campaign?: string) {
  const links = await issueLinks(env, { email, topic, campaign });
  return `${server.url}${new URL(links.unsubscribe_url).pathname}`;
}

async function preferencesUrl(contactId: string) {
  const token = await env.deps.signer.sign({ purpose: 'preferences', contactId, topic: null });
  return `${server.url}/p/${token}`;
}

describe('the unsubscribe page', () => {
  it('shows the masked address, "everything" and a pause beside the topic', async () => {
    const news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
    const { email } = await createContact(env, {
      email: 'jan.jansen@example.nl',
      subscriptions: { [news]: 'subscribed' },
    });
    const url = await unsubscribeUrl(email, news);
    await checkPage(async (page) => {
      await page.goto(url);
      expect(await page.getByText('This concerns j***@example.nl.').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Unsubscribe', exact: true }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Unsubscribe from everything' }).count()).toBe(1);
      expect(await page.getByRole('radio', { name: '3 months' }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Pause my mail' }).count()).toBe(1);
    }, 'unsubscribe-page');
  });

  it('after the click says plainly what happened, offers the undo, and asks why; the answer is kept', async () => {
    const news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
    const { id, email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const url = await unsubscribeUrl(email, news, 'march');
    let answered = false;
    await checkPage(async (page) => {
      await page.goto(url);
      // The second round finds the topic unsubscribed already; the done page comes from the first.
      if (!answered) {
        await click(page, 'Unsubscribe');
        expect(await page.getByRole('status').textContent()).toMatch(
          /^We have unsubscribed .\*\*\*@example\.nl from Monthly news\./,
        );
        // Nothing final-sounding next to "subscribe again".
        expect(await page.locator('main').textContent()).not.toMatch(/stays that way|for good|permanently/);
        expect(await page.getByRole('button', { name: 'Subscribe again' }).count()).toBe(1);
        expect(await page.getByRole('group', { name: 'Would you tell us why? (optional)' }).count()).toBe(1);
        await page.screenshot({ path: `${SHOTS}/unsubscribed-light.png`, fullPage: true });
        expect(await axeFindings(page)).toEqual([]);
        await page.getByRole('radio', { name: 'I never signed up for these emails' }).check();
        await click(page, 'Send my answer');
        expect(await page.getByRole('status').textContent()).toContain(
          'We keep your answer with your unsubscribe.',
        );
        answered = true;
      } else {
        expect(await page.getByText('You are already unsubscribed from Monthly news.').count()).toBe(1);
      }
    }, 'unsubscribe-reason');
    const trail = await consentTrail({ ctx: domainContext(env.deps), input: { contactId: id } });
    expect(trail.filter((e) => e.action === 'unsubscribe')).toMatchObject([
      { topicKey: news, campaign: 'march', leaveReason: 'never_signed_up', source: 'unsubscribe-page' },
    ]);
  });

  it('the done page and its reason question pass axe in dark mode too', async () => {
    const news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const ctx = await contextFor('dark', 320);
    try {
      const page = await ctx.newPage();
      await page.goto(await unsubscribeUrl(email, news));
      await click(page, 'Unsubscribe');
      expect(await axeFindings(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await page.screenshot({ path: `${SHOTS}/unsubscribed-dark-320px.png`, fullPage: true });
    } finally {
      await ctx.close();
    }
  });

  it('a pause makes presend answer paused, and the person can resume early', async () => {
    const news = await createTopic(env, { name: { en: 'Monthly news', nl: 'Maandelijks nieuws' } });
    const { email } = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    const ctx = await contextFor('light');
    try {
      const page = await ctx.newPage();
      await page.goto(await unsubscribeUrl(email, news));
      await page.getByRole('radio', { name: '3 months' }).check();
      await click(page, 'Pause my mail');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your mail is paused');
      expect(await page.getByRole('status').textContent()).toContain(
        'After that your mail starts again by itself',
      );
      expect(await axeFindings(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/paused.png`, fullPage: true });
      expect(await verdict(email, news)).toMatchObject({ send: false, reason: 'paused' });
      // The topic is still subscribed: the pause held every choice.
      await page.goBack();
      await page.reload();
      expect(await page.getByText(/Your mail is paused until/).count()).toBe(1);
      await click(page, 'Resume my mail now');
      expect(await page.getByRole('status').textContent()).toContain('The pause has ended');
      expect(await verdict(email, news)).toEqual({ email, send: true });
    } finally {
      await ctx.close();
    }
  });
});

// The preference page lists every topic in the database: names here are unique per test.
let named = 0;
async function uniqueTopic(en: string, basis?: 'legitimate_interest') {
  named += 1;
  const name = `${en} ${named}`;
  return { key: await createTopic(env, { name: { en: name, nl: name }, basis }), name };
}

describe('the preference page', () => {
  it('after saving says what changed and moves focus to that message', async () => {
    const { key: news, name: newsName } = await uniqueTopic('Monthly news');
    const { name: eventsName } = await uniqueTopic('Events');
    const { name: securityName } = await uniqueTopic('Security notices', 'legitimate_interest');
    const contact = await createContact(env, {
      subscriptions: { [news]: 'subscribed' },
      customerSince: '2024-01-01',
    });
    const url = await preferencesUrl(contact.id);
    let saved = false;
    await checkPage(async (page) => {
      await page.goto(url);
      // The legal basis once per kind, and the customer topic marked as such.
      expect(await page.getByText('We send this to customers unless they opt out.').count()).toBe(1);
      expect(await page.getByText('Sent only to people who said yes to it.').count()).toBe(1);
      const security = page.locator('.topic', { hasText: securityName });
      expect(await security.locator('.tag').allTextContents()).toEqual(['Customer mail']);
      expect(await page.locator('.topic', { hasText: newsName }).locator('.tag').count()).toBe(0);
      // Delete is styled as destructive, unlike Download.
      const colour = (name: string) =>
        page.getByRole('button', { name }).evaluate((b) => getComputedStyle(b).backgroundColor);
      expect(await colour('Delete my data')).not.toBe(await colour('Download my data'));
      if (!saved) {
        await page.getByRole('checkbox', { name: newsName, exact: true }).uncheck();
        await page.getByRole('checkbox', { name: eventsName, exact: true }).check();
        await click(page, 'Save my choices');
        const status = page.locator('#status');
        expect(await status.textContent()).toContain(`You will now receive: ${eventsName}.`);
        expect(await status.textContent()).toContain(`You will no longer receive: ${newsName}.`);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('status');
        await page.screenshot({ path: `${SHOTS}/preferences-saved.png`, fullPage: true });
        saved = true;
      }
    }, 'preferences');
  });

  it('keeps focus visible on a ticked box, and pauses and resumes from the page', async () => {
    const { key: news, name: newsName } = await uniqueTopic('Monthly news');
    const contact = await createContact(env, { subscriptions: { [news]: 'subscribed' } });
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await contextFor(scheme);
      try {
        const page = await ctx.newPage();
        await page.goto(await preferencesUrl(contact.id));
        const box = page.getByRole('checkbox', { name: newsName, exact: true });
        expect(await box.isChecked()).toBe(true);
        await box.focus();
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        const ring = await box.evaluate((b) => {
          const s = getComputedStyle(b);
          return {
            style: s.outlineStyle,
            width: s.outlineWidth,
            colour: s.outlineColor,
            accent: s.accentColor,
          };
        });
        expect(ring.style).toBe('solid');
        expect(ring.width).toBe('3px');
        // The ring is not the colour the ticked box is filled with.
        expect(ring.colour).not.toBe(ring.accent);
        await page.screenshot({ path: `${SHOTS}/focus-ticked-${scheme}.png`, clip: await clipOf(page, box) });
        if (scheme === 'light') {
          await page.getByRole('radio', { name: '6 months' }).check();
          await click(page, 'Pause my mail');
          expect(await page.locator('#status').textContent()).toMatch(/You will get no mail from us until/);
          expect(await page.getByRole('button', { name: 'Resume my mail now' }).count()).toBe(1);
          await page.screenshot({ path: `${SHOTS}/preferences-paused.png`, fullPage: true });
          await click(page, 'Resume my mail now');
          expect(await page.locator('#status').textContent()).toContain('The pause has ended');
        }
      } finally {
        await ctx.close();
      }
    }
  });
});

describe('error pages in the browser', () => {
  it('a 404 is a page in the page style and the browser language, light and dark', async () => {
    await checkPage(async (page) => {
      await page.setExtraHTTPHeaders({ 'accept-language': 'nl-BE,nl;q=0.9' });
      const res = await page.goto(`${server.url}/p/not-a-link/somewhere`);
      expect(res?.status()).toBe(404);
      expect(res?.headers()['content-type']).toMatch(/^text\/html/);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      expect(await page.locator('link[rel=stylesheet]').count()).toBe(1);
    }, 'not-found-nl');
  });
});

async function clipOf(page: Page, locator: ReturnType<Page['locator']>) {
  const box = (await locator.boundingBox())!;
  const size = page.viewportSize()!;
  return { x: 0, y: Math.max(0, box.y - 40), width: size.width, height: Math.min(200, size.height) };
}
