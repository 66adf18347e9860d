import { defineConfig } from 'vitest/config';

// Browser tests: the web chat widget in a real Chromium (playwright-core, the
// system browser) against a fake API in the page, and against a real local
// Worker (wrangler dev). One file at a time: each starts a browser and a Worker.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    globalSetup: ['test/browser/support/global-setup.ts'],
    hookTimeout: 180_000,
    testTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
