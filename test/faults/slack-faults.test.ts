import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { putDocument } from '../integration/admin-client';
import { recordedRequests, resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, scriptSlack, slackCalls } from '../integration/fake-slack-control';
import { eventEnvelope, mention, slackPost } from '../integration/slack-requests';
import { count, deliveryKey, inboundStatus, modelAnswer, postsWithKey, prng, sleep, threadReplies } from './support';

/** The queue's first redelivery waits 10 s (work-queue.ts: 2^attempts × 5 s); duplicates that found the event busy come back then. */
const QUEUE_RETRY_SETTLE_MS = 12_000;

beforeAll(async () => {
  await putDocument({ id: 'faults/office.md', audience: 'internal', format: 'markdown', content: '# Office\n## Employee parking\nEmployees park in the garage on level -1.\n## Lockers\nLockers are on the second floor next to the kitchen.' });
});
beforeEach(async () => {
  await resetFake();
  await resetSlack();
});

const modelCallsAbout = async (text: string) =>
  (await recordedRequests()).filter((request) => request.path === '/v1/chat/completions' && JSON.stringify(request.body.messages).includes(text)).length;

describe('Slack retry storm', () => {
  it('answers each event once when every event arrives 4 times, some at once, with retry headers', async () => {
    const random = prng(8001);
    const events = Array.from({ length: 12 }, (_, index) => {
      const event = mention(`storm question ${index}: where is employee parking?`);
      return { event, envelope: eventEnvelope(event, `EvStorm${index}x${Date.now()}`) };
    });
    const started = Date.now();
    // Delivery 0 and 1 together (a duplicate from Slack's edge), then retries 1 and 2
    // with Slack's headers, each at a random moment while the first may still be running.
    const statuses = await Promise.all(
      events.flatMap(({ envelope }) => {
        const body = JSON.stringify(envelope);
        return [0, 1, 2, 3].map(async (delivery) => {
          const retry = Math.max(0, delivery - 1);
          await sleep(delivery < 2 ? 0 : random.int(400));
          const headers: Record<string, string> = retry > 0 ? { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } : {};
          return (await slackPost('/slack/events', body, { headers })).status;
        });
      }),
    );
    expect(statuses).toEqual(Array(48).fill(200));

    for (const { event } of events) await eventually(async () => (await threadReplies('C1001', event.ts)).length > 0, 20_000);
    // Redeliveries that found an event busy come back after the queue's backoff: wait them out, then count.
    await sleep(Math.max(0, QUEUE_RETRY_SETTLE_MS - (Date.now() - started)));
    for (const { event, envelope } of events) {
      const replies = await threadReplies('C1001', event.ts);
      expect(replies.map(deliveryKey), event.text).toHaveLength(1);
      expect(['done']).toContain(await inboundStatus(`slack:${envelope.event_id}`));
      // A review, if any, is one review with one card.
      const reviews = await count("SELECT count(*) AS n FROM reviews WHERE json_extract(destination, '$.threadTs') = ?", event.ts);
      expect(reviews).toBeLessThanOrEqual(1);
      expect(await postsWithKey(`card:${(await env.DB.prepare("SELECT id FROM reviews WHERE json_extract(destination, '$.threadTs') = ?").bind(event.ts).first<{ id: string }>())?.id}`)).toBe(reviews);
      expect(await modelCallsAbout(`storm question ${event.text.match(/storm question (\d+)/)![1]}:`)).toBe(1);
    }
  });
});

describe('a crash between drafting and delivery', () => {
  it('delivers the stored draft once on the queue retry, without drafting again', async () => {
    const event = mention('are the lockers next to the kitchen?');
    const envelope = eventEnvelope(event);
    await scriptChat(modelAnswer('Lockers are on the second floor next to the kitchen [P1].'));
    // Every attempt of WebClient's own retries fails: the consumer throws after the draft was saved.
    await scriptSlack('chat.postMessage', { fault: 'status', status: 500 }, { fault: 'status', status: 502 }, { fault: 'status', status: 503 });
    expect((await slackPost('/slack/events', JSON.stringify(envelope))).status).toBe(200);

    const [reply] = await eventually(async () => {
      const replies = await threadReplies('C1001', event.ts);
      return replies.length > 0 ? replies : null;
    }, 30_000);
    expect(deliveryKey(reply!)).toBe(`reply:slack:${envelope.event_id}`);
    expect(reply!.text).toContain('second floor');
    await sleep(1000);
    expect(await threadReplies('C1001', event.ts)).toHaveLength(1);
    const posts = (await slackCalls('chat.postMessage')).filter((call) => call.body.thread_ts === event.ts);
    // The fake records the status it answered with (not part of the shared SlackCall type).
    expect(posts.map((call) => (call as { status?: number }).status)).toEqual([500, 502, 503, 200]);
    // The draft was saved before the crash and reused: one model call, one draft.
    expect(await modelCallsAbout('are the lockers next to the kitchen?')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM drafts WHERE question = ?', 'are the lockers next to the kitchen?')).toBe(1);
    expect(await env.DB.prepare('SELECT status, attempts FROM inbound_events WHERE key = ?').bind(`slack:${envelope.event_id}`).first()).toEqual({ status: 'done', attempts: 2 });
  });

  it('posts once when Slack posted the reply but the answer was lost', async () => {
    const event = mention('are the lockers on the second floor?');
    const envelope = eventEnvelope(event);
    await scriptChat(modelAnswer('Lockers are on the second floor next to the kitchen [P1].'));
    await scriptSlack('chat.postMessage', { fault: 'lost-response', status: 504 });
    expect((await slackPost('/slack/events', JSON.stringify(envelope))).status).toBe(200);
    await eventually(async () => (await inboundStatus(`slack:${envelope.event_id}`)) === 'done', 30_000);
    await sleep(500);
    expect((await threadReplies('C1001', event.ts)).map(deliveryKey)).toEqual([`reply:slack:${envelope.event_id}`]);
  });
});
