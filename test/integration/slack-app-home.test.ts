import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import appHomeOpened from '../fixtures/slack/app-home-opened.json';
import threadStarted from '../fixtures/slack/assistant-thread-started.json';
import messageIm from '../fixtures/slack/message-im.json';
import { putDocument } from './admin-client';
import { signedIn } from './console-client';
import { eventually, setSlackUsers, slackCalls, slackHome, slackMessages } from './fake-slack-control';
import { buttonClick, eventEnvelope, mention, slackPost } from './slack-requests';

// A question in the assistant pane that needs a review, and the App Home that
// shows it to staff: Slack's documented payloads, signed, through /slack/events.

beforeAll(async () => {
  await putDocument({ id: 'handbook/office.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
});

let counter = 0;
const envelope = (fixture: { event: object }, event: Record<string, unknown>) => ({ ...fixture, event: { ...fixture.event, ...event }, event_id: `EvH${Date.now()}${counter++}` });
const homeText = async (user: string) => JSON.stringify((await slackHome(user))?.blocks ?? null);
const reviewIdOf = (card: { blocks?: unknown[] }) => /"action_id":"review_approve"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"review_approve"/.exec(JSON.stringify(card.blocks))?.slice(1).find(Boolean);

async function openHome(user: string, tab: 'home' | 'messages' = 'home', channel = 'D1001') {
  const response = await slackPost('/slack/events', JSON.stringify(envelope(appHomeOpened, { user, channel, tab })));
  expect(response.status).toBe(200);
}

describe('a question that needs a review, in the assistant pane', () => {
  it('tells the employee in the thread, shows the review on the staff App Home, and delivers the approved reply in the thread', async () => {
    const thread = '1699995100.000100';
    await slackPost('/slack/events', JSON.stringify(envelope(threadStarted, { assistant_thread: { ...threadStarted.event.assistant_thread, channel_id: 'D7510', thread_ts: thread } })));
    await eventually(async () => (await slackMessages('D7510')).find((message) => message.thread_ts === thread));

    const question = envelope(messageIm, { channel: 'D7510', ts: '1699995110.000100', event_ts: '1699995110.000100', thread_ts: thread, text: 'please open a ticket for my broken garage badge' });
    await slackPost('/slack/events', JSON.stringify(question));
    const holding = await eventually(async () => (await slackMessages('D7510')).find((message) => message.metadata?.event_payload.key === `holding:slack:${question.event_id}`));
    expect(holding.thread_ts).toBe(thread);
    expect(holding.text).toContain('a teammate is checking');
    await eventually(async () => (await slackCalls('assistant.threads.setStatus')).filter((call) => call.body.channel_id === 'D7510').at(-1)?.body.status === '');
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('broken garage badge') && reviewIdOf(message)));
    const reviewId = reviewIdOf(card)!;

    // Staff open their App Home: the pending review, with a link to its card.
    await openHome('U2001');
    await eventually(async () => (await homeText('U2001')).includes('broken garage badge'));
    const home = await homeText('U2001');
    expect(home).toMatch(/pending review/);
    expect(home).toContain(`/archives/C9001/p${card.ts.replace('.', '')}`);
    expect(home).toContain('Slack (employees)');
    expect(home).toMatch(/Last step-down/);

    await slackPost('/slack/interactions', buttonClick('review_approve', reviewId, 'U2001'), { contentType: 'application/x-www-form-urlencoded' });
    const delivered = await eventually(async () => (await slackMessages('D7510')).find((message) => message.metadata?.event_payload.key === `review:${reviewId}`));
    expect(delivered.thread_ts).toBe(thread);
    expect((delivered.blocks as { type: string }[])[0]?.type).toBe('markdown');

    // The staff Home is refreshed after the decision: the review is gone from it.
    await eventually(async () => !(await homeText('U2001')).includes('broken garage badge'));
  });
});

describe('the App Home', () => {
  it('is refreshed for staff after a decision in the review console too', async () => {
    const question = mention('please book a parking space for my visitor on friday');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(question)));
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('parking space for my visitor on friday') && reviewIdOf(message)));
    await openHome('U2001');
    await eventually(async () => (await homeText('U2001')).includes('parking space for my visitor on friday'));

    const reviewer = await signedIn('reviewer');
    const id = reviewIdOf(card)!;
    const decided = await reviewer.fetch(`/admin/reviews/${id}/decision`, { form: { _csrf: await reviewer.csrf(`/admin/reviews/${id}`), decision: 'approve' } });
    expect(decided.status).toBeLessThan(400);
    await eventually(async () => !(await homeText('U2001')).includes('parking space for my visitor on friday'));
  });

  it('shows an employee what the bot knows and how to ask, and no review queue', async () => {
    await openHome('U1001');
    await eventually(async () => (await homeText('U1001')).includes('What I know'));
    const home = await homeText('U1001');
    expect(home).toMatch(/\d+ documents?\*/);
    expect(home).toContain('handbook');
    expect(home).toContain('<!date^');
    expect(home).not.toMatch(/pending review|Reviews waiting|Rollout/);
  });

  it('shows a guest only what customers may read: no internal document, not even its folder', async () => {
    await putDocument({ id: 'helpcentre/billing.md', audience: 'public', format: 'markdown', content: '# Billing\n## Invoices\nInvoices are sent on the first of the month.' });
    await setSlackUsers({ U3001: { is_restricted: true } });
    try {
      await openHome('U3001');
      await eventually(async () => (await homeText('U3001')).includes('What I know'));
      const home = await homeText('U3001');
      expect(home).toContain('helpcentre');
      expect(home).not.toContain('handbook');
    } finally {
      await setSlackUsers({});
    }
    // An employee still sees both.
    await openHome('U1001');
    await eventually(async () => (await homeText('U1001')).includes('helpcentre'));
    expect(await homeText('U1001')).toContain('handbook');
  });

  it('greets once on the Messages tab (the agent view) and then answers there with a status', async () => {
    await openHome('U1001', 'messages', 'D7610');
    await openHome('U1001', 'messages', 'D7610');
    await eventually(async () => (await slackMessages('D7610')).find((message) => message.text?.includes('knowledge base')));
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await slackMessages('D7610')).filter((message) => message.text?.includes('knowledge base'))).toHaveLength(1);

    const question = envelope(messageIm, { channel: 'D7610', ts: '1699996110.000100', event_ts: '1699996110.000100', text: 'employee parking in the garage?' });
    await slackPost('/slack/events', JSON.stringify(question));
    const answer = await eventually(async () => (await slackMessages('D7610')).find((message) => message.metadata?.event_payload.key === `reply:slack:${question.event_id}`));
    expect(answer.thread_ts).toBe('1699996110.000100');
    // The status is cleared just after the answer is posted: wait for that call too.
    const statuses = await eventually(async () => {
      const calls = (await slackCalls('assistant.threads.setStatus')).filter((call) => call.body.channel_id === 'D7610');
      return calls.length >= 2 ? calls : null;
    });
    expect(statuses.map((call) => [call.body.thread_ts, call.body.status === ''])).toEqual([
      ['1699996110.000100', false],
      ['1699996110.000100', true],
    ]);
  });

  it('records a click on Slack\'s native feedback buttons against the draft', async () => {
    const draftId = (await env.DB.prepare('SELECT id FROM drafts ORDER BY created_at DESC LIMIT 1').first<{ id: string }>())!.id;
    const payload = {
      type: 'block_actions',
      team: { id: 'T0001', domain: 'acme' },
      user: { id: 'U1001', username: 'u1001', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'deprecated',
      container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'D7610', is_ephemeral: false },
      trigger_id: '1.2.3',
      channel: { id: 'D7610', name: 'directmessage' },
      message: { type: 'message', ts: '1700000000.000001', text: 'answer' },
      actions: [{ type: 'feedback_buttons', action_id: 'feedback_native', block_id: 'feedback', value: `unhelpful:${draftId}`, text: { type: 'plain_text', text: '👎' }, action_ts: '1700000001.000001' }],
    };
    await slackPost('/slack/interactions', `payload=${encodeURIComponent(JSON.stringify(payload))}`, { contentType: 'application/x-www-form-urlencoded' });
    const vote = await eventually(async () => env.DB.prepare('SELECT helpful FROM feedback WHERE draft_id = ? AND user_id = ?').bind(draftId, 'U1001').first<{ helpful: number }>());
    expect(vote).toEqual({ helpful: 0 });
  });
});
