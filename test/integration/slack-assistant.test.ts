import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import appHomeOpened from '../fixtures/slack/app-home-opened.json';
import contextChanged from '../fixtures/slack/assistant-thread-context-changed.json';
import threadStarted from '../fixtures/slack/assistant-thread-started.json';
import messageIm from '../fixtures/slack/message-im.json';
import { putDocument } from './admin-client';
import { eventually, type SlackCall, setSlackUsers, slackCalls, slackMessages } from './fake-slack-control';
import { buttonClick, eventEnvelope, slackPost } from './slack-requests';

// The assistant pane through the front door: Slack's documented event payloads,
// signed, to /slack/events; the bot's calls observed on the fake Slack Web API.

beforeAll(async () => {
  await putDocument({ id: 'office.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
});

let counter = 0;
const eventId = () => `EvA${Date.now()}${counter++}`;
const form = { contentType: 'application/x-www-form-urlencoded' };

/** A documented fixture's envelope with a fresh event id and the event's fields replaced. */
function envelope(fixture: { event: object }, event: Record<string, unknown>) {
  return { ...fixture, event: { ...fixture.event, ...event }, event_id: eventId() };
}

async function startThread(channel: string, threadTs: string, contextChannel = 'C1001') {
  const started = envelope(threadStarted, {
    assistant_thread: { ...threadStarted.event.assistant_thread, channel_id: channel, thread_ts: threadTs, context: { ...threadStarted.event.assistant_thread.context, channel_id: contextChannel } },
  });
  expect((await slackPost('/slack/events', JSON.stringify(started))).status).toBe(200);
  return eventually(async () => (await slackMessages(channel)).find((message) => message.thread_ts === threadTs && message.text?.includes("knowledge base")));
}

/** A message.im from the employee in the assistant thread (Slack's message.im example, threaded). */
async function askInThread(channel: string, threadTs: string, text: string, ts: string) {
  const question = envelope(messageIm, { channel, ts, event_ts: ts, thread_ts: threadTs, text });
  expect((await slackPost('/slack/events', JSON.stringify(question))).status).toBe(200);
  return question;
}

const callsFor = (calls: SlackCall[], channel: string) => calls.filter((call) => call.body.channel_id === channel || call.body.channel === channel);

describe('the assistant pane', () => {
  it('greets a new assistant thread and suggests the questions employees asked most that were answered well', async () => {
    // Two employees' DMs asking the same thing, both answered and found helpful.
    for (const [index, ts] of ['1699991000.000001', '1699991000.000002'].entries()) {
      const dm = { type: 'message', channel: `D710${index}`, channel_type: 'im', user: 'U1001', text: 'Where do employees park?', ts };
      await slackPost('/slack/events', JSON.stringify(eventEnvelope(dm)));
      await eventually(async () => (await slackMessages(dm.channel)).find((message) => message.thread_ts === ts));
    }
    const { results: drafts } = await env.DB.prepare("SELECT id FROM drafts WHERE question = 'Where do employees park?'").all<{ id: string }>();
    expect(drafts).toHaveLength(2);
    // Each vote is clicked where its answer was delivered (feedback elsewhere is refused).
    for (const draft of drafts) {
      const delivered = await env.DB.prepare('SELECT channel FROM slack_answers WHERE draft_id = ?').bind(draft.id).first<{ channel: string }>();
      await slackPost('/slack/interactions', buttonClick('feedback_helpful', draft.id, 'U1001', delivered!.channel), form);
    }
    await eventually(async () => (await env.DB.prepare('SELECT count(*) AS n FROM feedback WHERE helpful = 1 AND draft_id IN (?, ?)').bind(drafts[0]!.id, drafts[1]!.id).first<{ n: number }>())?.n === 2);

    const greeting = await startThread('D7110', '1699991100.000100');
    expect(greeting.text).toContain('a teammate checks my answer');
    const prompts = await eventually(async () => (await slackCalls('assistant.threads.setSuggestedPrompts')).find((call) => call.body.channel_id === 'D7110'));
    expect(prompts.body).toMatchObject({ thread_ts: '1699991100.000100', title: expect.any(String) });
    expect(prompts.body.prompts).toContainEqual({ title: 'Where do employees park?', message: 'Where do employees park?' });
    expect((prompts.body.prompts as unknown[]).length).toBeLessThanOrEqual(4);

    // The agent view takes the same prompts for the DM as a whole, without a thread.
    const messagesTab = { ...appHomeOpened, event: { ...appHomeOpened.event, channel: 'D7120', tab: 'messages' }, event_id: eventId() };
    await slackPost('/slack/events', JSON.stringify(messagesTab));
    const dmPrompts = await eventually(async () => (await slackCalls('assistant.threads.setSuggestedPrompts')).find((call) => call.body.channel_id === 'D7120'));
    expect(dmPrompts.body.thread_ts).toBeUndefined();
    expect(dmPrompts.body.prompts).toContainEqual({ title: 'Where do employees park?', message: 'Where do employees park?' });

    // A redelivered thread_started greets once.
    await slackPost('/slack/events', JSON.stringify(envelope(threadStarted, { assistant_thread: { ...threadStarted.event.assistant_thread, channel_id: 'D7110', thread_ts: '1699991100.000100' } })));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await slackMessages('D7110')).filter((message) => message.text?.includes('knowledge base'))).toHaveLength(1);

    // A guest opening the pane is greeted, but never shown what employees asked.
    await setSlackUsers({ U3001: { is_restricted: true } });
    try {
      const guestThread = { ...threadStarted.event.assistant_thread, user_id: 'U3001', channel_id: 'D7130', thread_ts: '1699991300.000100' };
      await slackPost('/slack/events', JSON.stringify(envelope(threadStarted, { assistant_thread: guestThread })));
      await eventually(async () => (await slackMessages('D7130')).find((message) => message.text?.includes('knowledge base')));
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect((await slackCalls('assistant.threads.setSuggestedPrompts')).filter((call) => call.body.channel_id === 'D7130')).toEqual([]);
    } finally {
      await setSlackUsers({});
    }
  });

  it('answers in the thread: status first, then the answer (markdown block, sources, feedback buttons), then the status cleared; the title is the first question', async () => {
    await startThread('D7210', '1699992100.000100');
    const question = await askInThread('D7210', '1699992100.000100', 'employee parking in the garage?', '1699992110.000100');
    const answer = await eventually(async () => (await slackMessages('D7210')).find((message) => message.metadata?.event_payload.key === `reply:slack:${question.event_id}`));
    expect(answer.thread_ts).toBe('1699992100.000100');
    const blocks = answer.blocks as { type: string; text?: string; elements?: { type: string }[] }[];
    expect(blocks[0]).toMatchObject({ type: 'markdown', text: expect.stringContaining('Employees park in the garage on level -1.') });
    expect(blocks.map((block) => block.type)).toEqual(['markdown', 'context', 'context_actions']);
    expect(blocks.at(-1)?.elements?.[0]?.type).toBe('feedback_buttons');

    await eventually(async () => (await slackCalls('assistant.threads.setStatus')).some((call) => call.body.channel_id === 'D7210' && call.body.status === ''));
    const calls = callsFor(await slackCalls(), 'D7210');
    const statuses = calls.filter((call) => call.method === 'assistant.threads.setStatus');
    expect(statuses.map((call) => call.body.status)).toEqual([expect.stringMatching(/searching/), '']);
    const order = (call: SlackCall | undefined) => calls.indexOf(call!);
    const posted = calls.find((call) => call.method === 'chat.postMessage' && JSON.stringify(call.body).includes(`reply:slack:${question.event_id}`));
    expect(order(statuses[0])).toBeLessThan(order(posted));
    expect(order(posted)).toBeLessThan(order(statuses[1]));
    expect(calls.find((call) => call.method === 'assistant.threads.setTitle')?.body).toMatchObject({ thread_ts: '1699992100.000100', title: 'employee parking in the garage?' });
    // No reaction in the pane: the status replaces it.
    expect((await slackCalls('reactions.add')).filter((call) => call.body.channel === 'D7210')).toEqual([]);

    // A follow-up keeps the title it has.
    const followUp = await askInThread('D7210', '1699992100.000100', 'and which level is the employee parking on?', '1699992120.000100');
    await eventually(async () => (await slackMessages('D7210')).find((message) => message.metadata?.event_payload.key === `reply:slack:${followUp.event_id}`));
    expect((await slackCalls('assistant.threads.setTitle')).filter((call) => call.body.channel_id === 'D7210')).toHaveLength(1);
  });

  it('remembers the channel the employee looks at (context_changed) and tells the engine about it', async () => {
    await startThread('D7310', '1699993100.000100');
    const changed = envelope(contextChanged, { assistant_thread: { ...contextChanged.event.assistant_thread, channel_id: 'D7310', thread_ts: '1699993100.000100' } });
    await slackPost('/slack/events', JSON.stringify(changed));
    const row = await eventually(async () =>
      (await env.DB.prepare('SELECT context_channel FROM slack_assistant_threads WHERE channel = ? AND thread_ts = ?').bind('D7310', '1699993100.000100').first<{ context_channel: string }>())
        ?.context_channel === 'C9001',
    );
    expect(row).toBe(true);
    await askInThread('D7310', '1699993100.000100', 'employee parking garage level?', '1699993110.000100');
    await eventually(async () => (await slackCalls('conversations.info')).find((call) => call.body.channel === 'C9001'));

    // What the engine receives before the thread's history: the channel in view, as Slack names it.
    const { WebClient } = await import('@slack/web-api');
    const { D1AssistantThreads } = await import('../../src/adapters/d1/d1-assistant-threads');
    const { assistantSurfaceFor } = await import('../../src/adapters/slack/assistant/question-surface');
    const { slackFetch } = await import('../../src/adapters/slack/slack-app');
    const client = new WebClient('xoxb-test-token', { slackApiUrl: env.SLACK_API_URL, fetch: slackFetch, retryConfig: { retries: 0 } });
    const event = { type: 'message' as const, channel: 'D7310', channelType: 'im', user: 'U1001', text: 'x', ts: '1699993120.000100', threadTs: '1699993100.000100', userTeam: null, files: [] };
    const surface = await assistantSurfaceFor({ client, threads: new D1AssistantThreads(env.DB), botUserId: 'UBOT', log: () => {} }, event, {});
    expect(surface?.context).toEqual([{ role: 'user', text: '(For context: I am looking at the Slack channel #c9001.)' }]);
  });

  it('clears the status when the answer fails, and keeps the question', async () => {
    await startThread('D7410', '1699994100.000100');
    const { scriptSlack } = await import('./fake-slack-control');
    await scriptSlack('chat.postMessage', { fault: 'error', error: 'not_in_channel' });
    const question = await askInThread('D7410', '1699994100.000100', 'employee parking garage, please?', '1699994110.000100');
    await eventually(async () => (await env.DB.prepare('SELECT status FROM inbound_events WHERE key = ?').bind(`slack:${question.event_id}`).first<{ status: string }>())?.status === 'failed');
    const statuses = (await slackCalls('assistant.threads.setStatus')).filter((call) => call.body.channel_id === 'D7410').map((call) => call.body.status);
    expect(statuses.at(-1)).toBe('');
    expect(statuses.length).toBeGreaterThanOrEqual(2);
  });
});
