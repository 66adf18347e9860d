import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from '../integration/admin-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, scriptSlack, slackMessages } from '../integration/fake-slack-control';
import { eventEnvelope, mention, slackPost } from '../integration/slack-requests';
import { deliveryKey, modelAnswer, sleep, threadReplies } from './support';

// Issue 12 item 6: a draft decided `send` before the Slack channel stepped down
// must not go out unreviewed when its question is redelivered after the step-down.

const setSlackStage = async (stage: string) => {
  const response = await adminFetch('/admin/channels/slack/stage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stage, actor: 'ops@example.com', reason: 'test', override: true }),
  });
  expect(response.status).toBe(200);
};

beforeAll(async () => {
  await resetFake();
  await resetSlack();
  await putDocument({ id: 'faults/lockers.md', audience: 'internal', format: 'markdown', content: '# Office\n## Lockers\nLockers are on the second floor next to the kitchen.' });
});

describe('the Slack stage on a redelivered question', () => {
  it('holds a draft decided under autonomous for review once the channel stepped down to supervised', async () => {
    await setSlackStage('autonomous');
    const event = mention('are the lockers on the second floor by the kitchen?');
    const envelope = eventEnvelope(event);
    const key = `slack:${envelope.event_id}`;
    await scriptChat(modelAnswer('Lockers are on the second floor next to the kitchen [P1].'));
    // Every post of the first attempt fails: the draft is saved and attached, the question goes back to the queue.
    await scriptSlack('chat.postMessage', { fault: 'status', status: 500 }, { fault: 'status', status: 502 }, { fault: 'status', status: 503 });
    expect((await slackPost('/slack/events', JSON.stringify(envelope))).status).toBe(200);
    const attached = await eventually(async () => {
      const row = await env.DB.prepare('SELECT status, draft_id FROM inbound_events WHERE key = ?').bind(key).first<{ status: string; draft_id: string | null }>();
      return row?.status === 'queued' && row.draft_id ? row : null;
    }, 20_000);
    const draft = await env.DB.prepare('SELECT decision FROM drafts WHERE id = ?').bind(attached.draft_id).first<{ decision: string }>();
    expect(draft?.decision).toBe('send');

    await setSlackStage('supervised');
    // The queue redelivers after its backoff (10 s): the stored draft is reused, but reviewed.
    const holding = await eventually(async () => (await threadReplies('C1001', event.ts)).find((message) => deliveryKey(message) === `holding:${key}`), 30_000);
    expect(holding.text).toContain('a teammate is checking');
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes('are the lockers on the second floor')), 10_000);
    expect(card).toBeTruthy();
    await sleep(500);
    expect((await threadReplies('C1001', event.ts)).map(deliveryKey)).toEqual([`holding:${key}`]);
    const review = await env.DB.prepare('SELECT kind, status FROM reviews WHERE draft_id = ?').bind(attached.draft_id).first();
    expect(review).toEqual({ kind: 'review', status: 'pending' });
  });
});
