import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Faults and abuse (issue 8): the Worker in wrangler's local runtime (workerd,
// local D1, Queues, Durable Objects) with a chat model configured, pointed at
// the fake OpenAI server, so model faults go through the real queue consumer
// and answer engine. Its own run, so its own fake OpenAI and Slack servers:
// these tests script faults and count messages, which must not leak into (or
// from) the other integration tests. One file at a time for the same reason.
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
            OPENAI_API_KEY: 'test-openai-key',
            OPENAI_BASE_URL: inject('fakeOpenAIUrl'),
            CHAT_MODEL: 'ft:gpt-4o-mini-2024-07-18:acme:support:faults',
            // The exact tokenizer costs CPU the shared machine does not need to spend here.
            TOKEN_COUNTER: 'approximate',
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
            // Every web reply in autonomous is graded afterwards only when sampled: none here, so counts stay exact.
            SAMPLE_RATE: '0',
          },
        },
      })),
    ],
    resolve: { alias: { undici: fileURLToPath(new URL('./src/platform/stubs/undici.cjs', import.meta.url)) } },
    test: {
      include: ['test/faults/**/*.test.ts'],
      fileParallelism: false,
      testTimeout: 60_000,
      hookTimeout: 60_000,
      globalSetup: ['./test/integration/global-setup.ts'],
      setupFiles: ['./test/integration/apply-migrations.ts'],
    },
  };
});
