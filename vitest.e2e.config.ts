import { defineConfig } from 'vitest/config';

// End-to-end: the command-line tools against a real local Worker (wrangler dev).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    hookTimeout: 120_000,
  },
});
