// The fake's assistant.threads.*, views.publish and conversations.info, through
// the real WebClient: the shapes the assistant pane and the App Home rely on.

import { LogLevel, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './server';

let fake: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: { C1001: { members: ['UBOT', 'U1001'], name: 'benefits', purpose: 'Leave and perks' }, G7001: { members: ['U1001'], is_private: true } } });
  client = new WebClient('xoxb-test-token', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const errorOf = (call: Promise<unknown>) => call.then(() => 'ok', (error: { data?: { error?: string } }) => error.data?.error);

describe('assistant.threads.*', () => {
  it('sets and clears a status, with loading messages sent as JSON', async () => {
    await client.assistant.threads.setStatus({ channel_id: 'D1001', thread_ts: '1729999327.187299', status: 'is searching…', loading_messages: ['a', 'b'] });
    await client.assistant.threads.setStatus({ channel_id: 'D1001', thread_ts: '1729999327.187299', status: '' });
    expect(fake.callsTo('assistant.threads.setStatus').map((call) => [call.body.status, call.body.loading_messages])).toEqual([
      ['is searching…', ['a', 'b']],
      ['', undefined],
    ]);
  });

  it('refuses what Slack refuses', async () => {
    expect(await errorOf(client.assistant.threads.setStatus({ channel_id: 'C1001', thread_ts: '1729999327.187299', status: 'x' }))).toBe('channel_not_found');
    expect(await errorOf(client.assistant.threads.setTitle({ channel_id: 'D1001', thread_ts: 'nope', title: 'x' }))).toBe('invalid_thread_ts');
    const five = Array.from({ length: 5 }, (_, index) => ({ title: `t${index}`, message: `m${index}` }));
    expect(await errorOf(client.assistant.threads.setSuggestedPrompts({ channel_id: 'D1001', prompts: five }))).toBe('invalid_arguments');
    expect(await errorOf(client.assistant.threads.setSuggestedPrompts({ channel_id: 'D1001', prompts: [{ title: 'Only a title' } as never] }))).toBe('invalid_arguments');
  });

  it('takes suggested prompts with or without a thread', async () => {
    await client.assistant.threads.setSuggestedPrompts({ channel_id: 'D1001', title: 'Try', prompts: [{ title: 'Parking', message: 'Where do I park?' }] });
    expect(fake.callsTo('assistant.threads.setSuggestedPrompts')[0]?.body.prompts).toEqual([{ title: 'Parking', message: 'Where do I park?' }]);
  });
});

describe('views.publish', () => {
  it('stores the home view per user and answers with it', async () => {
    const response = await client.views.publish({ user_id: 'U1001', view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi' } }] } });
    expect(response.view).toMatchObject({ type: 'home', team_id: 'T0001', blocks: [{ type: 'section' }] });
    expect(fake.home('U1001')).toMatchObject({ type: 'home' });
    expect(await errorOf(client.views.publish({ user_id: 'U1001', view: { type: 'modal', blocks: [] } as never }))).toBe('invalid_arguments');
  });
});

describe('conversations.info', () => {
  it('describes a channel the app can see and hides a private one it is not in', async () => {
    const info = await client.conversations.info({ channel: 'C1001' });
    expect(info.channel).toMatchObject({ id: 'C1001', name: 'benefits', purpose: { value: 'Leave and perks' }, is_member: true });
    expect(await errorOf(client.conversations.info({ channel: 'G7001' }))).toBe('channel_not_found');
    expect(await errorOf(client.conversations.info({ channel: 'C4040' }))).toBe('channel_not_found');
  });
});
