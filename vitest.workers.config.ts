import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { workerTestBindings } from './test/support/worker-test-bindings';
import { wranglerAliases } from './test/support/wrangler-aliases';

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
            ...workerTestBindings({ openAIUrl: inject('fakeOpenAIUrl'), slackUrl: inject('fakeSlackUrl') }, migrations),
            // The Worker itself runs in extractive mode; model tests build their engine against FAKE_OPENAI_URL.
            OPENAI_API_KEY: '',
            CHAT_MODEL: '',
          },
        },
      })),
    ],
    // The stubs wrangler.toml's [alias] puts in the deployed bundle in place of Bolt's Node servers.
    resolve: { alias: wranglerAliases(new URL('./wrangler.toml', import.meta.url)) },
    test: {
      include: ['test/integration/**/*.test.ts'],
      // Slack tests wait for the queue consumer, which runs in the background.
      testTimeout: 20_000,
      globalSetup: ['./test/integration/global-setup.ts'],
      setupFiles: ['./test/integration/apply-migrations.ts'],
    },
  };
});
