import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Integration tests run inside workerd with the Worker's real bindings
// (local D1, Queues, Durable Objects), configured from wrangler.toml.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  return {
    plugins: [
      cloudflareTest(({ inject }) => ({
        main: './src/index.ts',
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: 'test-admin-token',
            // The Worker itself runs in extractive mode; model tests build their engine against FAKE_OPENAI_URL.
            OPENAI_API_KEY: '',
            CHAT_MODEL: '',
            FAKE_OPENAI_URL: inject('fakeOpenAIUrl'),
            VECTOR_INDEX: 'd1',
            MAX_DOCUMENT_BYTES: '200000',
          },
        },
      })),
    ],
    test: {
      include: ['test/integration/**/*.test.ts'],
      globalSetup: ['./test/integration/global-setup.ts'],
      setupFiles: ['./test/integration/apply-migrations.ts'],
    },
  };
});
