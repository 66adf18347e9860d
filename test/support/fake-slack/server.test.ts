// The fake Slack server exercised through the real @slack/web-api WebClient,
// the client Bolt uses, so what passes here is what the bot will see.

import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ErrorCode, LogLevel, WebClient, type WebClientOptions, WebClientEvent } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './server';

const TOKEN = 'xoxb-test-token';
const QUESTION_TS = '1699990000.000100';
let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ channels: { C9001: { members: ['UBOT', 'U2001', 'U2002', 'U2003'] }, C5555: { members: ['U1001'] } } });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

/** A WebClient on the fake; pass null for one without a token. */
const client = (token: string | null = TOKEN, options: WebClientOptions = {}) =>
  new WebClient(token ?? undefined, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...options });

/** The Slack error code of a rejected call, failing the test if the call succeeded. */
async function platformError(call: Promise<unknown>): Promise<{ code: string; error: string }> {
  const error = await call.then(
    () => expect.fail('expected the call to fail'),
    (e: { code: string; data: { error: string } }) => e,
  );
  return { code: error.code, error: error.data.error };
}

describe('fake Slack through the real WebClient', () => {
  it('auth.test identifies the bot', async () => {
    const result = await client().auth.test();
    expect(result).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'B0001', team_id: 'T0001', url: 'https://countersign-test.slack.com/' });
    // x-oauth-scopes is surfaced by WebClient as response_metadata.scopes.
    expect(result.response_metadata?.scopes).toContain('chat:write');
  });

  it('posts into a thread, and conversations.replies returns it oldest first with its metadata', async () => {
    fake.seedMessage({ channel: 'C1001', user: 'U1001', text: '<@UBOT> how do I reset my VPN password?', ts: QUESTION_TS });
    const web = client();
    const metadata = { event_type: 'reply_delivered', event_payload: { review_id: 'rev_0001' } };
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Open the VPN portal.' } }];
    const posted = await web.chat.postMessage({ channel: 'C1001', thread_ts: QUESTION_TS, text: 'Open the VPN portal.', blocks, metadata });
    expect(posted).toMatchObject({ ok: true, channel: 'C1001', ts: '1700000000.000100' });
    expect(posted.message).toMatchObject({ user: 'UBOT', bot_id: 'B0001', thread_ts: QUESTION_TS, text: 'Open the VPN portal.' });
    const second = await web.chat.postMessage({ channel: 'C1001', thread_ts: QUESTION_TS, text: 'Anything else?' });
    expect(second.ts).toBe('1700000000.000200');

    const replies = await web.conversations.replies({ channel: 'C1001', ts: QUESTION_TS, include_all_metadata: true });
    expect(replies.messages?.map((m) => m.text)).toEqual(['<@UBOT> how do I reset my VPN password?', 'Open the VPN portal.', 'Anything else?']);
    expect(replies.messages?.[0]).toMatchObject({ user: 'U1001', reply_count: 2, reply_users: ['UBOT'], latest_reply: '1700000000.000200' });
    expect(replies.messages?.[1]).toMatchObject({ parent_user_id: 'U1001', metadata, blocks });
    expect(replies.has_more).toBe(false);

    // Without include_all_metadata Slack leaves metadata out.
    const plain = await web.conversations.replies({ channel: 'C1001', ts: QUESTION_TS });
    expect(plain.messages?.[1]).not.toHaveProperty('metadata');

    // On the wire: form-encoded, nested values as JSON text, booleans as strings.
    const [call] = fake.callsTo('chat.postMessage');
    expect(call).toMatchObject({ contentType: 'form', authorized: true, status: 200 });
    expect(call?.body).toMatchObject({ channel: 'C1001', thread_ts: QUESTION_TS, blocks, metadata });
    expect(fake.callsTo('conversations.replies')[0]?.body.include_all_metadata).toBe('true');
  });

  it('pages through conversations.replies with Slack-shaped cursors', async () => {
    fake.seedMessage({ channel: 'C1001', user: 'U1001', text: 'question', ts: QUESTION_TS });
    const web = client();
    for (const text of ['one', 'two', 'three']) await web.chat.postMessage({ channel: 'C1001', thread_ts: QUESTION_TS, text });
    const first = await web.conversations.replies({ channel: 'C1001', ts: QUESTION_TS, limit: 3 });
    expect(first.messages?.map((m) => m.text)).toEqual(['question', 'one', 'two']);
    expect(first.has_more).toBe(true);
    expect(atob(first.response_metadata?.next_cursor ?? '')).toBe('next_ts:1700000000.000300');
    const rest = await web.conversations.replies({ channel: 'C1001', ts: QUESTION_TS, limit: 3, cursor: first.response_metadata?.next_cursor });
    expect(rest.messages?.map((m) => m.text)).toEqual(['three']);
    expect((await platformError(web.conversations.replies({ channel: 'C1001', ts: 'not-a-ts' }))).error).toBe('thread_not_found');
  });

  it('a thread whose parent was never seeded lists the replies the fake knows; history lists top-level messages newest first', async () => {
    const web = client();
    const metadata = { event_type: 'countersign_delivery', event_payload: { key: 'reply:1' } };
    await web.chat.postMessage({ channel: 'C1001', thread_ts: QUESTION_TS, text: 'threaded answer', metadata });
    const replies = await web.conversations.replies({ channel: 'C1001', ts: QUESTION_TS, include_all_metadata: true });
    expect(replies.messages).toEqual([expect.objectContaining({ text: 'threaded answer', thread_ts: QUESTION_TS, metadata })]);

    await web.chat.postMessage({ channel: 'C1001', text: 'first top-level', metadata });
    await web.chat.postMessage({ channel: 'C1001', text: 'second top-level' });
    const history = await web.conversations.history({ channel: 'C1001', include_all_metadata: true });
    expect(history.messages?.map((m) => m.text)).toEqual(['second top-level', 'first top-level']);
    expect(history.messages?.[1]?.metadata).toEqual(metadata);
    expect((await web.conversations.history({ channel: 'C1001' })).messages?.[1]).not.toHaveProperty('metadata');
  });

  it('chat.update edits the bot message in place and refuses what it cannot edit', async () => {
    const web = client();
    const card = await web.chat.postMessage({ channel: 'C9001', text: 'Review requested' });
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved by <@U2001>' } }];
    const updated = await web.chat.update({ channel: 'C9001', ts: card.ts!, text: 'Approved', blocks });
    expect(updated).toMatchObject({ ok: true, channel: 'C9001', ts: card.ts, text: 'Approved' });
    expect(updated.message).toMatchObject({ text: 'Approved', blocks, edited: { user: 'UBOT' } });
    expect(fake.messages('C9001')).toHaveLength(1);
    expect(fake.messages('C9001')[0]).toMatchObject({ ts: card.ts, text: 'Approved', blocks });

    expect(await platformError(web.chat.update({ channel: 'C9001', ts: '1700000099.000100', text: 'x' }))).toEqual({
      code: ErrorCode.PlatformError,
      error: 'message_not_found',
    });
    fake.seedMessage({ channel: 'C1001', user: 'U1001', text: 'not yours', ts: QUESTION_TS });
    expect((await platformError(web.chat.update({ channel: 'C1001', ts: QUESTION_TS, text: 'x' }))).error).toBe('cant_update_message');
  });

  it('tracks reactions and answers already_reacted / no_reaction like Slack', async () => {
    const web = client();
    await web.reactions.add({ channel: 'C1001', timestamp: QUESTION_TS, name: 'eyes' });
    expect(fake.reactions).toEqual([{ channel: 'C1001', ts: QUESTION_TS, name: 'eyes', users: ['UBOT'] }]);
    expect((await platformError(web.reactions.add({ channel: 'C1001', timestamp: QUESTION_TS, name: 'eyes' }))).error).toBe('already_reacted');

    await web.reactions.remove({ channel: 'C1001', timestamp: QUESTION_TS, name: 'eyes' });
    expect(fake.reactions).toEqual([]);
    expect((await platformError(web.reactions.remove({ channel: 'C1001', timestamp: QUESTION_TS, name: 'eyes' }))).error).toBe('no_reaction');
  });

  it('conversations.members answers from the declared channels, with cursor pagination', async () => {
    const web = client();
    const page = await web.conversations.members({ channel: 'C9001', limit: 2 });
    expect(page.members).toEqual(['UBOT', 'U2001']);
    expect(atob(page.response_metadata?.next_cursor ?? '')).toBe('user:U2002');

    const all: string[] = [];
    for await (const result of web.paginate('conversations.members', { channel: 'C9001', limit: 2 })) {
      all.push(...((result as { members?: string[] }).members ?? []));
    }
    expect(all).toEqual(['UBOT', 'U2001', 'U2002', 'U2003']);

    fake.setChannels({ C9001: { members: ['UBOT', 'U2009'] } });
    expect((await web.conversations.members({ channel: 'C9001' })).members).toEqual(['UBOT', 'U2009']);
    expect((await platformError(web.conversations.members({ channel: 'C0000' }))).error).toBe('channel_not_found');
  });

  it('views.open returns the opened modal with an id and records the trigger', async () => {
    const web = client();
    const view = {
      type: 'modal' as const,
      callback_id: 'review_edit_modal',
      private_metadata: 'rev_0001',
      title: { type: 'plain_text' as const, text: 'Edit reply' },
      blocks: [{ type: 'input' as const, block_id: 'answer', label: { type: 'plain_text' as const, text: 'Reply' }, element: { type: 'plain_text_input' as const, action_id: 'text' } }],
    };
    const opened = await web.views.open({ trigger_id: '1700000060123.1001.d8c1bb837935619ccad0f624c448ffb3', view });
    expect(opened.view).toMatchObject({ id: 'V0001', type: 'modal', callback_id: 'review_edit_modal', private_metadata: 'rev_0001', app_id: 'A0001', state: { values: {} } });
    expect(fake.views).toEqual([{ trigger_id: '1700000060123.1001.d8c1bb837935619ccad0f624c448ffb3', view: opened.view }]);
    // Slack explains argument errors in response_metadata.messages; WebClient logs them.
    const logged: unknown[] = [];
    const logger = { debug() {}, info() {}, warn() {}, error: (...m: unknown[]) => logged.push(...m), setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
    const quiet = client(TOKEN, { logger });
    expect((await platformError(quiet.apiCall('views.open', { view }))).error).toBe('invalid_arguments');
    expect(logged).toEqual(['missing required field: trigger_id']);
  });

  it('answers postEphemeral, getPermalink and users.info', async () => {
    const web = client();
    const ephemeral = await web.chat.postEphemeral({ channel: 'C1001', user: 'U1001', text: 'Only you can see this' });
    expect(ephemeral.message_ts).toBe('1700000000.000100');
    expect(fake.messages()).toEqual([]); // ephemeral messages are not channel history
    expect((await platformError(web.chat.postEphemeral({ channel: 'C9001', user: 'U1001', text: 'x' }))).error).toBe('user_not_in_channel');

    const link = await web.chat.getPermalink({ channel: 'C1001', message_ts: QUESTION_TS });
    expect(link.permalink).toBe('https://countersign-test.slack.com/archives/C1001/p1699990000000100');
    const user = await web.users.info({ user: 'U1001' });
    expect(user.user).toMatchObject({ id: 'U1001', is_bot: false, team_id: 'T0001' });
    expect((await web.users.info({ user: 'UBOT' })).user?.is_bot).toBe(true);
  });

  it('a scripted 429 with Retry-After is waited out and retried by WebClient', async () => {
    fake.script('chat.postMessage', { fault: 'rate-limited', retryAfterSeconds: 1 });
    // minTimeout 0: the only wait is the one Retry-After asks for.
    const web = client(TOKEN, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (seconds: number) => rateLimited.push(seconds));

    const started = Date.now();
    const posted = await web.chat.postMessage({ channel: 'C1001', text: 'after the wait' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(posted.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.callsTo('chat.postMessage')[0]?.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.messages('C1001').map((m) => m.text)).toEqual(['after the wait']);
  });

  it('channel_not_found surfaces as a platform error and is never retried', async () => {
    fake.script('chat.postMessage', { fault: 'error', error: 'channel_not_found' });
    const web = client(TOKEN, { retryConfig: { retries: 3, minTimeout: 0, maxTimeout: 0 } });
    const error = await web.chat.postMessage({ channel: 'C0000', text: 'hello' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'channel_not_found' } });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    // Organically too: a declared channel the bot is not in.
    expect((await platformError(web.chat.postMessage({ channel: 'C5555', text: 'hello' }))).error).toBe('not_in_channel');
  });

  it('a wrong token is invalid_auth, a missing one not_authed; a per-call token also travels in the body', async () => {
    expect(await platformError(client('xoxb-wrong').auth.test())).toEqual({ code: ErrorCode.PlatformError, error: 'invalid_auth' });
    expect((await platformError(client(null).auth.test())).error).toBe('not_authed');
    expect(fake.calls.map((c) => c.authorized)).toEqual([false, false]);

    // Bolt calls auth.test({ token }): WebClient then sends the token as a
    // header AND as a form field. The recording masks it.
    await client(null).auth.test({ token: TOKEN });
    expect(fake.calls[2]).toMatchObject({ authorized: true, body: { token: '***' } });
  });
});

describe("Slack's documented request-signing example", () => {
  it('HMAC-SHA256 of v0:timestamp:body with the signing secret gives the documented signature', () => {
    const example = JSON.parse(readFileSync(new URL('../../fixtures/slack/signature-example.json', import.meta.url), 'utf8'));
    const digest = createHmac('sha256', example.signingSecret).update(`v0:${example.timestamp}:${example.body}`).digest('hex');
    expect(`v0=${digest}`).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(example.signature).toBe(`v0=${digest}`);
  });
});
