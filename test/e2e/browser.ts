// Starts Debian's chromium through playwright-core, the way CI has it: headless, no sandbox
// (containers), nothing phoning home. `chromium.launch` gives every run a fresh temporary
// profile (its own --user-data-dir), so no state leaks between runs.
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumMissingMessage(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  return [
    `Browser tests need Chromium at ${CHROMIUM_PATH}, and it is not there.`,
    'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu), or point CHROMIUM_PATH at one.',
    'The browser tests did NOT run.',
  ].join('\n');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
