// axe-core in a page: the serious and critical WCAG 2.x A/AA findings on the page as it is now.
// The page's context must bypass CSP (`browser.newContext({ bypassCSP: true })`) so the script
// can be injected; our pages allow no inline script, rightly.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: unknown }>;
}

export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const axe = (window as any).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] },
    });
  });
  return (result.violations as AxeFinding[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.id}: ${f.help} ${JSON.stringify(f.nodes.map((n) => n.target))}`).join('; ');
}
