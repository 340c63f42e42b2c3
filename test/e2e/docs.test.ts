// The API reference at /docs in a real browser: it renders the document and loads everything it
// needs from this server. Every request for another host is recorded and refused, and so is
// anything the page's CSP blocks.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/node/serve';
import { createTestEnv, startTestServer, type TestEnv } from '../support/harness';
import { launchChromium } from './browser';

const ARTIFACTS = 'test-artifacts';

let env: TestEnv;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  env = await createTestEnv();
  server = await startTestServer(env);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  env?.close();
});

async function openDocs(width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const elsewhere: string[] = [];
  const local: string[] = [];
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') {
      local.push(url.pathname);
      return route.continue();
    }
    elsewhere.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page: Page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) refused.push(msg.text());
  });
  page.on('pageerror', (err) => refused.push(`page error: ${err.message}`));
  const res = await page.goto(`${server.url}/docs`);
  return { context, page, res, elsewhere, local, refused };
}

describe('the API reference at /docs', () => {
  it('renders the document with nothing loaded from another host', async () => {
    const { context, page, res, elsewhere, local, refused } = await openDocs(1280);
    expect(res?.status()).toBe(200);
    await expect
      .poll(() => page.getByRole('heading', { name: 'mailprefs API' }).first().isVisible(), {
        timeout: 30_000,
      })
      .toBe(true);
    await expect
      .poll(() => page.getByText('Liveness and whether the database can serve real work').first().isVisible())
      .toBe(true);
    // Let late requests (fonts, telemetry, lazy chunks) happen before judging.
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${ARTIFACTS}/docs-desktop.png` });

    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    expect(local).toContain('/openapi.json');
    expect(local.some((p) => /^\/docs\/scalar\/[\d.]+\/standalone\.js$/.test(p))).toBe(true);
    await context.close();
  });

  it('opens an operation and its schema without reaching out', async () => {
    const { context, page, elsewhere, refused } = await openDocs(1280);
    const contacts = page.getByRole('button', { name: 'Contacts' }).first();
    await expect.poll(() => contacts.isVisible(), { timeout: 30_000 }).toBe(true);
    await contacts.click();
    const operation = 'Record an unsubscribe request received by mail or phone';
    await page.getByText(operation).first().click();
    await expect.poll(() => page.getByRole('heading', { name: operation }).isVisible()).toBe(true);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${ARTIFACTS}/docs-operation.png` });
    expect(elsewhere).toEqual([]);
    expect(refused).toEqual([]);
    await context.close();
  });
});
