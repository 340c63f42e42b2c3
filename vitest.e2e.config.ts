import { defineConfig } from 'vitest/config';

// Browser tests (`npm run test:e2e`): Debian's chromium driven by playwright-core against the
// app served on 127.0.0.1. One worker: a browser is heavy on a two-core machine.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
