import type { TestProject } from 'vitest/node';
import { startFakeOpenAI } from '../support/fake-openai/server';
import { startFakeSlack } from '../support/fake-slack/server';
import { startSiteServer } from '../support/site/site-server';

/**
 * Runs in Node before the workerd tests: real HTTP servers speaking the
 * OpenAI and Slack Web API protocols, scripted by the tests over their
 * /__control/ endpoints.
 */
export default async function setup(project: TestProject) {
  const openai = await startFakeOpenAI({ apiKey: 'test-openai-key', control: true });
  const slack = await startFakeSlack({ botToken: 'xoxb-test-token', botUserId: 'UBOT', botId: 'B0BOT', channels: { C9001: { members: ['U2001', 'UBOT'] }, C1001: { members: ['U1001', 'U2001', 'UBOT'] } } });
  project.provide('fakeOpenAIUrl', openai.url);
  project.provide('fakeSlackUrl', slack.url);
  // A website for scheduled knowledge sources, scripted over POST /__control/page.
  const site = await startSiteServer({ control: true });
  project.provide('siteUrl', site.origin);
  return async () => {
    await site.close();
    await openai.close();
    await slack.close();
  };
}

// Also declared in env.d.ts, for the workerd side; each tsconfig sees one of them.
declare module 'vitest' {
  export interface ProvidedContext {
    fakeOpenAIUrl: string;
    fakeSlackUrl: string;
    siteUrl: string;
  }
}
