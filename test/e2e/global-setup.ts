// Refuses to run the browser tests without a browser, saying so plainly: a missing chromium
// must never look like a passing run, in CI or on a laptop.
import { chromiumMissingMessage } from './browser';

export default function setup() {
  const missing = chromiumMissingMessage();
  if (missing) {
    console.error(`\n${'='.repeat(72)}\n${missing}\n${'='.repeat(72)}\n`);
    throw new Error(missing);
  }
}
