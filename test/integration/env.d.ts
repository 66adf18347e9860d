import type { D1Migration } from 'cloudflare:test';

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      FAKE_OPENAI_URL: string;
      SLACK_API_URL: string;
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the fake OpenAI server started by global-setup.ts. */
    fakeOpenAIUrl: string;
    /** Base URL (ending in /api/) of the fake Slack Web API. */
    fakeSlackUrl: string;
    /** Origin of the scripted website for scheduled knowledge sources. */
    siteUrl: string;
  }
}
