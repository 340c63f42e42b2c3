// Two brands in four languages, in Chromium: the unsubscribe, preference, confirm, request-link
// and error pages each show their own brand (name, colour, website link), speak the chosen
// language, have no serious or critical axe-core finding and no sideways scroll at 320 px.
// One browser context is reused for the whole matrix; one brand and language is photographed.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import { CLOUDCARE, ITCARE, twoBrands } from '../brands/support';
import { createContact, createTestEnv, startTestServer, type TestEnv } from '../support/harness';
import { launchChromium } from './browser';

const SCREENSHOTS = 'test/e2e/screenshots';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BRANDS = { itcare: ITCARE, cloudcare: CLOUDCARE } as const;
const LANGS = ['en', 'nl', 'fr', 'de'] as const;
// What each page's first heading says, per language: proof the page is in that language.
const HEADINGS: Record<string, Record<(typeof LANGS)[number], RegExp>> = {
  unsubscribe: {
    en: /^Unsubscribe from/,
    nl: /^Afmelden voor/,
    fr: /^Vous désinscrire de/,
    de: /abbestellen\?$/,
  },
  preferences: {
    en: /^Your email preferences$/,
    nl: /^Uw e-mailvoorkeuren$/,
    fr: /^Vos préférences e-mail$/,
    de: /^Ihre E-Mail-Einstellungen$/,
  },
  confirm: {
    en: /^Confirm your subscription$/,
    nl: /^Bevestig uw aanmelding$/,
    fr: /^Confirmez votre inscription$/,
    de: /^Bestätigen Sie Ihre Anmeldung$/,
  },
  'request-link': {
    en: /^Get a link/,
    nl: /^Een link naar uw/,
    fr: /^Recevoir un lien/,
    de: /^Einen Link zu Ihren/,
  },
  error: {
    en: /^Page not found$/,
    nl: /^Pagina niet gevonden$/,
    fr: /^Page introuvable$/,
    de: /^Seite nicht gefunden$/,
  },
};

let env: TestEnv;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const paths: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  env = await createTestEnv();
  server = await startTestServer(env);
  const topics = await twoBrands(env);
  for (const brand of Object.keys(BRANDS) as Array<keyof typeof BRANDS>) {
    const topic = topics[brand];
    const person = await createContact(env, { subscriptions: { [topic]: 'subscribed' } });
    const links = (await (await env.api('POST', '/v1/links', { email: person.email, topic })).json()) as {
      unsubscribe_url: string;
      preferences_url: string;
    };
    const signUp = `signup.${brand}@example.be`;
    await env.app.request('/v1/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: signUp, topics: [topic] }),
    });
    await env.deferred.settled();
    const mail = [...env.outbox.sent].reverse().find((m) => m.to === signUp)!;
    paths[brand] = {
      unsubscribe: new URL(links.unsubscribe_url).pathname,
      preferences: new URL(links.preferences_url).pathname,
      confirm: new URL(mail.text.match(/https?:\/\/\S+\/c\/\S+/)![0]).pathname,
      'request-link': `/p?brand=${brand}`,
      error: `/p/x/nothing?brand=${brand}`,
    };
  }
  browser = await launchChromium();
  // CSP bypassed only so the axe script can be injected; 320 px wide throughout.
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
  page = await context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  env?.close();
});

function withLang(path: string, lang: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

async function seriousAxeFindings(): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result.violations as Array<{ id: string; impact: string }>)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id);
}

describe('two brands × four languages in Chromium', () => {
  for (const brand of Object.keys(BRANDS) as Array<keyof typeof BRANDS>) {
    for (const lang of LANGS) {
      it(`${BRANDS[brand].name} in ${lang}: every page in its brand and language, accessible at 320 px`, async () => {
        const expected = BRANDS[brand];
        for (const [name, path] of Object.entries(paths[brand])) {
          const res = await page.goto(`${server.url}${withLang(path, lang)}`);
          const where = `${brand}/${lang}/${name}`;
          expect(res?.status(), where).toBe(name === 'error' ? 404 : 200);
          expect(await page.getAttribute('html', 'lang'), where).toBe(lang);
          expect(await page.locator('h1').textContent(), where).toMatch(HEADINGS[name][lang]);
          expect(await page.locator('header.brand').textContent(), where).toContain(expected.name);
          const accent = await page.evaluate(() =>
            getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
          );
          expect(accent, where).toBe(expected.accent);
          expect(await page.locator(`a[href="${expected.website_url}"]`).count(), where).toBeGreaterThan(0);
          expect(await page.locator(`nav.languages a[hreflang]`).count(), where).toBe(4);
          expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(
            320,
          );
          expect(await seriousAxeFindings(), where).toEqual([]);
          if (brand === 'itcare' && lang === 'fr')
            await page.screenshot({ path: `${SCREENSHOTS}/${brand}-${lang}-${name}.png`, fullPage: true });
        }
      });
    }
  }
});
