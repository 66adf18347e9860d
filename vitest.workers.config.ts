import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
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
            SLACK_BOT_TOKEN: 'xoxb-test-token',
            SLACK_SIGNING_SECRET: 'test-signing-secret',
            SLACK_STAFF_CHANNEL: 'C9001',
            SLACK_API_URL: inject('fakeSlackUrl'),
            SLACK_BOT_USER_ID: 'UBOT',
            SLACK_BOT_ID: 'B0BOT',
            MAX_DOCUMENT_BYTES: '200000',
            WEB_SESSION_SECRET: 'test-web-session-secret-at-least-32-chars',
            WEB_PREVIEW_KEY: 'test-preview-key-0123',
            WEB_ALLOWED_ORIGINS: 'https://shop.example',
          },
        },
      })),
    ],
    // As wrangler.toml's [alias]: Bolt's Socket Mode dependency cannot load in workerd.
    resolve: { alias: { undici: fileURLToPath(new URL('./src/platform/stubs/undici.cjs', import.meta.url)) } },
    test: {
      include: ['test/integration/**/*.test.ts'],
      // Slack tests wait for the queue consumer, which runs in the background.
      testTimeout: 20_000,
      globalSetup: ['./test/integration/global-setup.ts'],
      setupFiles: ['./test/integration/apply-migrations.ts'],
    },
  };
});
