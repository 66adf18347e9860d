import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { workerTestBindings } from './test/support/worker-test-bindings';
import { wranglerAliases } from './test/support/wrangler-aliases';

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
            ...workerTestBindings({ openAIUrl: inject('fakeOpenAIUrl'), slackUrl: inject('fakeSlackUrl') }, migrations),
            OPENAI_API_KEY: 'test-openai-key',
            OPENAI_BASE_URL: inject('fakeOpenAIUrl'),
            CHAT_MODEL: 'ft:gpt-4o-mini-2024-07-18:acme:support:faults',
            // The exact tokenizer costs CPU the shared machine does not need to spend here.
            TOKEN_COUNTER: 'approximate',
            // Every web reply in autonomous is graded afterwards only when sampled: none here, so counts stay exact.
            SAMPLE_RATE: '0',
          },
        },
      })),
    ],
    resolve: { alias: wranglerAliases(new URL('./wrangler.toml', import.meta.url)) },
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
