import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import connectMention from '../fixtures/slack/app-mention-slack-connect.json';
import appMention from '../fixtures/slack/app-mention.json';
import fileShare from '../fixtures/slack/message-file-share.json';
import slackbotNotice from '../fixtures/slack/message-slackbot-notice.json';
import threadBroadcast from '../fixtures/slack/message-thread-broadcast.json';
import threadReply from '../fixtures/slack/message-thread-reply.json';
import { putDocument } from './admin-client';
import { eventually, setSlackUsers, slackCalls, slackMessages } from './fake-slack-control';
import { buttonClick, fromFixture, slackPost } from './slack-requests';

// Issue 12 (items 2, 6, 7): who may ask, what Slack payloads are questions, and what a click may change.

const INTERNAL = 'Employees park in the garage on level -1 with their badge.';
const PUBLIC = 'Visitors park at the front entrance; the visitor car park opens at 7am.';

beforeAll(async () => {
  expect((await putDocument({ id: 'staff-parking.md', audience: 'internal', format: 'markdown', content: `# Staff parking\n## Employee parking garage\n${INTERNAL}` })).status).toBeLessThan(300);
  expect((await putDocument({ id: 'visitor-parking.md', audience: 'public', format: 'markdown', content: `# Visitor parking\n## Where visitors and employees park\n${PUBLIC}` })).status).toBeLessThan(300);
});

const post = (payload: unknown) => slackPost('/slack/events', JSON.stringify(payload));
const threadOf = async (channel: string, ts: string) => (await slackMessages(channel)).filter((message) => message.thread_ts === ts);
const inbound = (eventId: string) => env.DB.prepare('SELECT status, error, draft_id FROM inbound_events WHERE key = ?').bind(`slack:${eventId}`).first<{ status: string; error: string | null; draft_id: string | null }>();
const draftOf = async (eventId: string) => {
  const row = await eventually(async () => ((await inbound(eventId))?.draft_id ? inbound(eventId) : null));
  return (await env.DB.prepare('SELECT audience, answer FROM drafts WHERE id = ?').bind(row!.draft_id).first<{ audience: string; answer: string }>())!;
};
const cardFor = (text: string) => eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes(text)));
/** The bot's reply to an event in a thread: its answer, or the holding reply while staff review it. */
const responseTo = (channel: string, threadTs: string, eventId: string) =>
  eventually(async () => (await threadOf(channel, threadTs)).find((message) => [`reply:slack:${eventId}`, `holding:slack:${eventId}`].includes(String(message.metadata?.event_payload.key))));
/** Lets the queue consumer finish anything it would do, before asserting that it did nothing. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

/** Answers a mention in C1001 so the thread is one the bot answered; returns the thread's ts. */
async function answeredThread(): Promise<string> {
  const root = fromFixture(appMention, { text: '<@UBOT> where is the employee parking garage?' });
  await post(root);
  await eventually(async () => (await threadOf('C1001', root.event.ts)).at(0));
  return root.event.ts;
}

describe('the workspace and app check', () => {
  it.each([
    ['another workspace', { team_id: 'T0002' }],
    ['another app', { api_app_id: 'A0002' }],
  ])('acknowledges an event of %s with 200 and stores and answers nothing', async (_name, envelope) => {
    const foreign = fromFixture(appMention, { text: '<@UBOT> where is the employee parking garage?' }, envelope);
    expect((await post(foreign)).status).toBe(200);
    await settle();
    expect(await inbound(foreign.event_id)).toBeNull();
    expect(await threadOf('C1001', foreign.event.ts)).toEqual([]);
    expect((await slackCalls('reactions.add')).filter((call) => call.body.timestamp === foreign.event.ts)).toEqual([]);
  });
});

describe('askers outside the company', () => {
  it('answers a Slack Connect user of another organisation from public documents only, and the card says so', async () => {
    const external = fromFixture(connectMention);
    expect((await post(external)).status).toBe(200);
    const draft = await draftOf(external.event_id);
    expect(draft.audience).toBe('customer');
    expect(draft.answer).not.toContain('level -1');
    const card = await cardFor('External user');
    expect(JSON.stringify(card.blocks)).not.toContain('level -1');
    const thread = await threadOf('C5001', external.event.ts);
    expect(thread.length).toBeGreaterThan(0);
    expect(JSON.stringify(thread)).not.toContain('level -1');
  });

  it('answers a guest (is_restricted from users.info) from public documents only, and the card says so', async () => {
    await setSlackUsers({ U3001: { is_restricted: true } });
    const guest = fromFixture(appMention, { user: 'U3001', text: '<@UBOT> as a guest here, where is staff parking in the garage?' });
    await post(guest);
    expect((await draftOf(guest.event_id)).audience).toBe('customer');
    const card = await cardFor('Guest');
    expect(JSON.stringify(card.blocks)).toContain('U3001');
    expect(JSON.stringify(await threadOf('C1001', guest.event.ts))).not.toContain('level -1');
    // users.info was asked once, then its answer is cached in D1.
    const again = fromFixture(appMention, { user: 'U3001', text: '<@UBOT> as a guest here, where is staff parking at night?' });
    await post(again);
    await draftOf(again.event_id);
    expect((await slackCalls('users.info')).filter((call) => call.body.user === 'U3001')).toHaveLength(1);
  });

  it('treats a single-channel guest and a user Slack will not describe as outsiders too', async () => {
    await setSlackUsers({ U3002: { is_ultra_restricted: true }, U3003: { unknown: true } });
    for (const user of ['U3002', 'U3003']) {
      const asked = fromFixture(appMention, { user, text: '<@UBOT> where do employees park?' });
      await post(asked);
      expect((await draftOf(asked.event_id)).audience).toBe('customer');
    }
  });

  it('answers an employee in a channel shared with another organisation from public documents only', async () => {
    const shared = fromFixture(connectMention, { user: 'U1001', team: 'T0001', user_team: 'T0001', source_team: 'T0001', text: '<@UBOT> where is employee parking, garage level?' });
    await post(shared);
    const draft = await draftOf(shared.event_id);
    expect(draft.audience).toBe('customer');
    expect(draft.answer).not.toContain('level -1');
    await cardFor('Shared channel');
  });

  it('still answers an employee in an ordinary channel from internal documents', async () => {
    const employee = fromFixture(appMention, { text: '<@UBOT> where is the employee parking garage level?' });
    await post(employee);
    expect((await draftOf(employee.event_id)).audience).toBe('employee');
    const reply = await eventually(async () => (await threadOf('C1001', employee.event.ts)).at(0));
    expect(JSON.stringify(reply.blocks)).toContain('level -1');
  });
});

describe('Slack payloads that are questions, and those that are not', () => {
  it('answers a file shared with a question in a DM (file_share)', async () => {
    const share = fromFixture(fileShare);
    expect((await post(share)).status).toBe(200);
    await responseTo('D1001', share.event.ts, share.event_id);
  });

  it('answers a file shared as a follow-up in a thread the bot answered', async () => {
    const root = await answeredThread();
    const share = fromFixture(fileShare, { channel: 'C1001', channel_type: 'channel', thread_ts: root, text: 'which level is the employee garage, per this form?' });
    await post(share);
    await responseTo('C1001', root, share.event_id);
  });

  it('answers a thread_broadcast reply ("also send to the channel") in a thread the bot answered as a follow-up', async () => {
    const root = await answeredThread();
    const broadcast = fromFixture(threadBroadcast, { thread_ts: root });
    await post(broadcast);
    await responseTo('C1001', root, broadcast.event_id);
  });

  it('still ignores a plain reply in a thread the bot never answered', async () => {
    const stray = fromFixture(threadReply, { thread_ts: '1699990000.999999' });
    await post(stray);
    await settle();
    expect(await inbound(stray.event_id)).toBeNull();
  });

  it("ignores Slackbot's notices: nothing stored, no holding reply, no card", async () => {
    const notice = fromFixture(slackbotNotice);
    expect((await post(notice)).status).toBe(200);
    await settle();
    expect(await inbound(notice.event_id)).toBeNull();
    expect(await threadOf('D1001', notice.event.ts)).toEqual([]);
    expect((await slackMessages('C9001')).filter((message) => JSON.stringify(message).includes('You have been removed'))).toEqual([]);
  });
});

describe('the command URL', () => {
  it("answers Slack's certificate check (ssl_check=1, unsigned) with 200 and runs nothing", async () => {
    const response = await SELF.fetch('https://countersign.test/slack/commands', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&token=XXYYZZ',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    // A command smuggled next to ssl_check is still a command: it needs a signature.
    const smuggled = await SELF.fetch('https://countersign.test/slack/commands', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ssl_check=1&command=%2Fcountersign&text=status&user_id=U2001',
    });
    expect(smuggled.status).toBe(401);
  });
});

describe('clicks', () => {
  const form = { contentType: 'application/x-www-form-urlencoded' };
  const votes = (draftId: string) => env.DB.prepare('SELECT user_id, helpful FROM feedback WHERE draft_id = ?').bind(draftId).all<{ user_id: string; helpful: number }>();
  const thanked = async (user: string) => (await slackCalls('chat.postEphemeral')).filter((call) => call.body.user === user && String(call.body.text).includes('Thanks'));

  it('counts feedback only on an answer delivered in the conversation it is clicked in', async () => {
    const asked = fromFixture(appMention, { text: '<@UBOT> where is the employee parking garage, which level?' });
    await post(asked);
    await eventually(async () => (await threadOf('C1001', asked.event.ts)).find((message) => message.metadata?.event_payload.key === `reply:slack:${asked.event_id}`));
    const draftId = (await inbound(asked.event_id))!.draft_id!;

    // An id that names no answer, and a real answer clicked in a conversation it was never delivered to.
    expect((await slackPost('/slack/interactions', buttonClick('feedback_helpful', 'draft-that-does-not-exist', 'U1003', 'C1001'), form)).status).toBe(200);
    expect((await slackPost('/slack/interactions', buttonClick('feedback_unhelpful', draftId, 'U1003', 'D1001'), form)).status).toBe(200);
    await settle();
    expect((await env.DB.prepare("SELECT count(*) AS n FROM feedback WHERE user_id = 'U1003'").first<{ n: number }>())?.n).toBe(0);
    expect(await thanked('U1003')).toEqual([]);

    await slackPost('/slack/interactions', buttonClick('feedback_helpful', draftId, 'U1003', 'C1001'), form);
    await eventually(async () => (await votes(draftId)).results.length > 0);
    expect((await votes(draftId)).results).toEqual([{ user_id: 'U1003', helpful: 1 }]);
    await eventually(async () => (await thanked('U1003')).length === 1);
  });

  it.each([
    ['no actions', (click: Record<string, unknown>) => delete click.actions],
    ['actions that are not a list', (click: Record<string, unknown>) => (click.actions = 'review_approve')],
    ['an empty list of actions', (click: Record<string, unknown>) => (click.actions = [])],
    ['an action without an action_id', (click: Record<string, unknown>) => (click.actions = [{ type: 'button', value: 'x' }])],
  ])('answers a signed block_actions payload with %s 400, and changes nothing', async (_name, garble) => {
    const click = JSON.parse(decodeURIComponent(buttonClick('feedback_helpful', 'x', 'U1004', 'C1001').slice('payload='.length))) as Record<string, unknown>;
    garble(click);
    const response = await slackPost('/slack/interactions', `payload=${encodeURIComponent(JSON.stringify(click))}`, form);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    await settle();
    expect((await env.DB.prepare("SELECT count(*) AS n FROM feedback WHERE user_id = 'U1004'").first<{ n: number }>())?.n).toBe(0);
  });
});

describe("another app's clicks and commands", () => {
  it('changes nothing for a signed click or command naming another app, and answers 200', async () => {
    const asked = fromFixture(appMention, { text: '<@UBOT> kindly create a ticket to renew my employee garage badge' });
    await post(asked);
    const review = await eventually(async () => env.DB.prepare("SELECT id FROM reviews WHERE json_extract(destination, '$.threadTs') = ?").bind(asked.event.ts).first<{ id: string }>());
    const click = JSON.parse(decodeURIComponent(buttonClick('review_approve', review.id, 'U2001').slice('payload='.length))) as Record<string, unknown>;
    const foreignClick = await slackPost('/slack/interactions', `payload=${encodeURIComponent(JSON.stringify({ ...click, api_app_id: 'A0002' }))}`, { contentType: 'application/x-www-form-urlencoded' });
    expect(foreignClick.status).toBe(200);
    const command = new URLSearchParams({ token: 't', team_id: 'T0001', api_app_id: 'A0002', channel_id: 'C1001', user_id: 'U2001', command: '/countersign', text: 'status', trigger_id: '1.2.3', response_url: 'https://hooks.slack.com/commands/1' });
    const foreignCommand = await slackPost('/slack/commands', command.toString(), { contentType: 'application/x-www-form-urlencoded' });
    expect([foreignCommand.status, await foreignCommand.text()]).toEqual([200, '']);
    await settle();
    expect((await env.DB.prepare('SELECT status FROM reviews WHERE id = ?').bind(review.id).first<{ status: string }>())?.status).toBe('pending');
  });
});
