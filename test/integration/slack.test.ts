import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { putDocument } from './admin-client';
import { eventually, scriptSlack, slackCalls, slackMessages } from './fake-slack-control';
import { buttonClick, eventEnvelope, mention, slackPost, viewSubmission } from './slack-requests';

beforeAll(async () => {
  await putDocument({ id: 'office.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.' });
});

const threadReplies = async (channel: string, threadTs: string) => (await slackMessages(channel)).filter((message) => message.thread_ts === threadTs);
const reviewIdOf = (card: { blocks?: unknown[] }) => JSON.stringify(card.blocks).match(/"action_id":"review_approve"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"review_approve"/)?.slice(1).find(Boolean);

describe('Slack intake', () => {
  it('answers url_verification, and only when signed', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'abc123' });
    const response = await slackPost('/slack/events', body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'abc123' });
    expect((await SELF.fetch('https://countersign.test/slack/events', { method: 'POST', body })).status).toBe(401);
  });

  it('refuses forged, stale and replayed requests with 401 and records nothing', async () => {
    const envelope = eventEnvelope(mention('employee parking garage'), 'EvForged1');
    const body = JSON.stringify(envelope);
    const forged = await slackPost('/slack/events', body, { secret: 'not-the-secret' });
    const stale = await slackPost('/slack/events', body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const tampered = await slackPost('/slack/events', body, { headers: { 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000) + 1) } });
    for (const response of [forged, stale, tampered]) expect(response.status).toBe(401);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM inbound_events WHERE key = 'slack:EvForged1'").first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('answers a mention in its thread, with sources and feedback buttons, once however often Slack retries', async () => {
    const event = mention('employee parking in the garage?');
    const envelope = eventEnvelope(event);
    const body = JSON.stringify(envelope);
    const first = await Promise.all([slackPost('/slack/events', body), slackPost('/slack/events', body)]);
    const retries = [
      await slackPost('/slack/events', body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }),
      await slackPost('/slack/events', body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' } }),
    ];
    for (const response of [...first, ...retries]) expect(response.status).toBe(200);

    const [reply] = await eventually(async () => {
      const replies = await threadReplies('C1001', event.ts);
      return replies.length > 0 ? replies : null;
    });
    expect(reply?.metadata).toEqual({ event_type: 'countersign_delivery', event_payload: { key: `reply:slack:${envelope.event_id}` } });
    const blocks = JSON.stringify(reply?.blocks);
    expect(blocks).toContain('Employees park in the garage on level -1.');
    expect(blocks).toContain('Office › Employee parking'.replace('›', '›'));
    expect(blocks).toContain('feedback_helpful');
    // Let any straggling duplicate finish, then count again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await threadReplies('C1001', event.ts)).toHaveLength(1);
    const reactions = (await slackCalls()).filter((call) => call.method.startsWith('reactions.') && call.body.timestamp === event.ts);
    expect(reactions.map((call) => call.method)).toEqual(['reactions.add', 'reactions.remove']);
  });
});

describe('Slack intake limits', () => {
  it('refuses an event that would not fit in a queue message, counting it as the queue stores it', async () => {
    // 70,000 characters: 70 KB as Latin-1, but 140 KB once one emoji makes the whole string two bytes a character.
    const ascii = await slackPost('/slack/events', JSON.stringify(eventEnvelope(mention(`parking ${'x'.repeat(70_000)}`))));
    expect(ascii.status).toBe(200);
    const wide = await slackPost('/slack/events', JSON.stringify(eventEnvelope(mention(`parking 🚗 ${'x'.repeat(70_000)}`))));
    expect(wide.status).toBe(413);
  });
});

describe('staff review in Slack', () => {
  async function askForAction(text: string) {
    const event = mention(text);
    expect((await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)))).status).toBe(200);
    // The review card is the message with the buttons (other staff-channel messages may quote the question too).
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes(text.slice(0, 20)) && reviewIdOf(message)));
    const reviewId = reviewIdOf(card);
    expect(reviewId).toBeTruthy();
    return { event, card, reviewId: reviewId! };
  }

  it('tells the asker a teammate is checking, posts a card, refuses non-staff, and delivers once on approval', async () => {
    const { event, reviewId } = await askForAction('please open a ticket for my broken garage badge');
    const holding = await threadReplies('C1001', event.ts);
    expect(holding.map((message) => message.text)).toEqual([expect.stringContaining('a teammate is checking')]);

    const refused = await slackPost('/slack/interactions', buttonClick('review_approve', reviewId, 'U1001'), { contentType: 'application/x-www-form-urlencoded' });
    expect(refused.status).toBe(200);
    await eventually(async () => (await slackCalls('chat.postEphemeral')).find((call) => call.body.user === 'U1001'));
    expect((await env.DB.prepare('SELECT status FROM reviews WHERE id = ?').bind(reviewId).first<{ status: string }>())?.status).toBe('pending');

    const clicks = await Promise.all([1, 2, 3].map(() => slackPost('/slack/interactions', buttonClick('review_approve', reviewId, 'U2001'), { contentType: 'application/x-www-form-urlencoded' })));
    for (const click of clicks) expect(click.status).toBe(200);
    const delivered = await eventually(async () => (await threadReplies('C1001', event.ts)).filter((message) => message.metadata?.event_payload.key === `review:${reviewId}`).at(0));
    expect(delivered).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await threadReplies('C1001', event.ts)).filter((message) => message.metadata?.event_payload.key === `review:${reviewId}`)).toHaveLength(1);
    const review = await env.DB.prepare('SELECT status, decided_by FROM reviews WHERE id = ?').bind(reviewId).first<{ status: string; decided_by: string }>();
    expect(review).toEqual({ status: 'approved', decided_by: 'U2001' });
    await eventually(async () => (await slackCalls('chat.update')).find((call) => JSON.stringify(call.body).includes('Approved')));
  });

  it('opens the edit modal for staff and delivers the edited text', async () => {
    const { event, reviewId } = await askForAction('please book a parking space for my visitor');
    await slackPost('/slack/interactions', buttonClick('review_edit', reviewId, 'U2001'), { contentType: 'application/x-www-form-urlencoded' });
    const opened = await eventually(async () => (await slackCalls('views.open')).find((call) => JSON.stringify(call.body).includes(reviewId)));
    expect(JSON.stringify(opened.body)).toContain('review_edit_modal');

    const submit = await slackPost('/slack/interactions', viewSubmission('review_edit_modal', reviewId, 'U2001', { answer: 'Book visitor spaces at reception.' }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(submit.status).toBe(200);
    const delivered = await eventually(async () => (await threadReplies('C1001', event.ts)).find((message) => message.metadata?.event_payload.key === `review:${reviewId}`));
    expect(delivered.text).toContain('Book visitor spaces at reception.');
    const example = await env.DB.prepare('SELECT source, final_answer FROM training_examples WHERE review_id = ?').bind(reviewId).first();
    expect(example).toEqual({ source: 'edited', final_answer: 'Book visitor spaces at reception.' });
  });

  it('refuses an empty edit inside the modal', async () => {
    const { reviewId } = await askForAction('please order a parking permit for me');
    const response = await slackPost('/slack/interactions', viewSubmission('review_edit_modal', reviewId, 'U2001', { answer: '   ' }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(await response.json()).toMatchObject({ response_action: 'errors', errors: { answer: expect.any(String) } });
  });
});

describe('the slash command', () => {
  it('answers help and status privately', async () => {
    const form = (text: string, user = 'U1001') =>
      new URLSearchParams({ token: 't', team_id: 'T0001', channel_id: 'C1001', user_id: user, command: '/countersign', text, trigger_id: '1.2.3', response_url: 'https://hooks.slack.com/commands/1' }).toString();
    const post = (body: string) => slackPost('/slack/commands', body, { contentType: 'application/x-www-form-urlencoded' });
    expect(await (await post(form('help'))).json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Mention me') });
    expect(await (await post(form('status', 'U2001'))).json()).toMatchObject({ text: expect.stringContaining('Pending reviews') });
    expect(await (await post(form('status', 'U1001'))).json()).toMatchObject({ text: 'Only Countersign staff can see the review status.' });
  });
});

describe('conversations', () => {
  it('answers a direct message and a follow-up in an answered thread without a new mention, and ignores chatter', async () => {
    const dm = { type: 'message', channel: 'D1001', channel_type: 'im', user: 'U1001', text: 'employee parking garage?', ts: `${1700000100}.000001` };
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(dm)));
    await eventually(async () => (await threadReplies('D1001', dm.ts)).at(0));

    const root = mention('employee parking garage level?');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(root)));
    await eventually(async () => (await threadReplies('C1001', root.ts)).at(0));
    const followUp = { type: 'message', channel: 'C1001', channel_type: 'channel', user: 'U1001', text: 'which level is the employee parking on?', ts: `${1700000200}.000002`, thread_ts: root.ts };
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(followUp)));
    const replyKeys = async () =>
      (await threadReplies('C1001', root.ts)).map((message) => String(message.metadata?.event_payload.key)).filter((key) => key.startsWith('reply:'));
    await eventually(async () => (await replyKeys()).length >= 2);
    expect(await replyKeys()).toHaveLength(2);

    const chatter = { type: 'message', channel: 'C1001', channel_type: 'channel', user: 'U1001', text: 'lunch anyone?', ts: `${1700000300}.000003` };
    const botEcho = { type: 'message', channel: 'D1001', channel_type: 'im', user: 'UBOT', bot_id: 'B0BOT', text: 'hello', ts: `${1700000300}.000004` };
    const chatterEnvelope = eventEnvelope(chatter);
    const echoEnvelope = eventEnvelope(botEcho);
    await slackPost('/slack/events', JSON.stringify(chatterEnvelope));
    await slackPost('/slack/events', JSON.stringify(echoEnvelope));
    // The bot's own DM is dropped at intake too (it carries a bot_id).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { results } = await env.DB.prepare('SELECT status FROM inbound_events WHERE key IN (?, ?)')
      .bind(`slack:${chatterEnvelope.event_id}`, `slack:${echoEnvelope.event_id}`)
      .all<{ status: string }>();
    expect(results).toEqual([]);
    expect(await threadReplies('C1001', chatter.ts)).toEqual([]);
    const stored = await env.DB.prepare('SELECT key FROM inbound_events WHERE key = ?').bind(`slack:${chatterEnvelope.event_id}`).first();
    expect(stored).toBeNull();
  });

  it('records helpful / not helpful clicks against the draft, one vote per person', async () => {
    // Feedback counts only on an answer delivered in the conversation clicked in (C1001 here).
    const draftId = (await env.DB.prepare("SELECT draft_id AS id FROM slack_answers WHERE channel = 'C1001' LIMIT 1").first<{ id: string }>())!.id;
    await slackPost('/slack/interactions', buttonClick('feedback_helpful', draftId, 'U1001', 'C1001'), { contentType: 'application/x-www-form-urlencoded' });
    await slackPost('/slack/interactions', buttonClick('feedback_unhelpful', draftId, 'U1001', 'C1001'), { contentType: 'application/x-www-form-urlencoded' });
    const votes = await eventually(async () => {
      const { results } = await env.DB.prepare('SELECT helpful FROM feedback WHERE draft_id = ? AND user_id = ?').bind(draftId, 'U1001').all<{ helpful: number }>();
      return results.length === 1 && results[0]!.helpful === 0 ? results : null;
    });
    expect(votes).toEqual([{ helpful: 0 }]);
  });
});

describe('Slack failures', () => {
  it('retries a rate-limited reply after Retry-After and posts it once', async () => {
    await scriptSlack('chat.postMessage', { fault: 'rate-limited', retryAfterSeconds: 1 });
    const event = mention('employee parking garage please?');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
    await eventually(async () => (await threadReplies('C1001', event.ts)).at(0), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await threadReplies('C1001', event.ts)).toHaveLength(1);
    const attempts = (await slackCalls('chat.postMessage')).filter((call) => call.body.thread_ts === event.ts);
    expect(attempts.length).toBe(2);
  });

  it('keeps the question and tells staff when Slack refuses the reply for good', async () => {
    await scriptSlack('chat.postMessage', { fault: 'error', error: 'not_in_channel' });
    const event = mention('employee parking garage level minus one?', 'U1001', 'C1001');
    const envelope = eventEnvelope(event);
    await slackPost('/slack/events', JSON.stringify(envelope));
    const row = await eventually(async () => {
      const found = await env.DB.prepare('SELECT status, error, payload FROM inbound_events WHERE key = ?').bind(`slack:${envelope.event_id}`).first<{ status: string; error: string; payload: string }>();
      return found?.status === 'failed' ? found : null;
    });
    expect(row.error).toBe('not_in_channel');
    expect(JSON.parse(row.payload).event.text).toContain('employee parking garage level minus one?');
    await eventually(async () => (await slackMessages('C9001')).find((message) => message.text?.includes('not_in_channel')));
  });

  it('rejects with a reason and sends the staff member reply', async () => {
    const event = mention('please cancel the employee garage booking for me');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('cancel the employee garage')));
    const reviewId = reviewIdOf(card)!;
    await slackPost('/slack/interactions', viewSubmission('review_reject_modal', reviewId, 'U2001', { reason: 'We do not cancel bookings by chat', reply: 'Please cancel it in the booking tool.' }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    const delivered = await eventually(async () => (await threadReplies('C1001', event.ts)).find((message) => message.metadata?.event_payload.key === `review:${reviewId}`));
    expect(delivered.text).toContain('Please cancel it in the booking tool.');
    expect(await env.DB.prepare('SELECT status, reject_reason FROM reviews WHERE id = ?').bind(reviewId).first()).toEqual({
      status: 'rejected',
      reject_reason: 'We do not cancel bookings by chat',
    });
  });
});

describe('dead letters', () => {
  it('marks a question that exhausted its retries as failed, keeps it, and tells staff', async () => {
    const { createExecutionContext, createMessageBatch, getQueueResult } = await import('cloudflare:test');
    const worker = (await import('../../src/index')).default;
    const envelope = eventEnvelope(mention('employee parking garage, after many failures?'));
    const batch = createMessageBatch('countersign-work-dlq', [
      { id: 'dead-1', timestamp: new Date(), attempts: 1, body: { type: 'slack-event', key: `slack:${envelope.event_id}`, payload: JSON.stringify(envelope) } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(['dead-1']);
    const row = await env.DB.prepare('SELECT status, error FROM inbound_events WHERE key = ?').bind(`slack:${envelope.event_id}`).first();
    expect(row).toEqual({ status: 'failed', error: 'retries_exhausted' });
    await eventually(async () => (await slackMessages('C9001')).find((message) => message.text?.includes('retries_exhausted')));
  });
});

describe('group DMs', () => {
  it('answers a follow-up in a group-DM thread the bot answered', async () => {
    const root = mention('employee parking garage for the team?', 'U1001', 'G5001');
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(root)));
    await eventually(async () => (await threadReplies('G5001', root.ts)).at(0));
    const followUp = { type: 'message', channel: 'G5001', channel_type: 'mpim', user: 'U1001', text: 'and on which level is employee parking?', ts: `${1700000400}.000005`, thread_ts: root.ts };
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(followUp)));
    await eventually(async () => (await threadReplies('G5001', root.ts)).filter((message) => String(message.metadata?.event_payload.key).startsWith('reply:')).length >= 2);
  });
});
