import { env } from 'cloudflare:test';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminFetch, putDocument } from '../integration/admin-client';
import { signedIn } from '../integration/console-client';
import { resetFake, scriptChat } from '../integration/fake-openai-control';
import { eventually, resetSlack, scriptSlack, slackCalls, slackMessages } from '../integration/fake-slack-control';
import { buttonClick, eventEnvelope, mention, slackPost, viewSubmission } from '../integration/slack-requests';
import { count, FORM, modelAnswer, postsWithKey, reviewIdOf, sleep, threadReplies } from './support';

const DRAFT = 'Badges are replaced at reception on the ground floor [P1].';

beforeAll(async () => {
  await putDocument({ id: 'faults/badges.md', audience: 'internal', format: 'markdown', content: '# Badges\n## Broken badges\nBadges are replaced at reception on the ground floor.' });
});
beforeEach(async () => {
  await resetFake();
  await resetSlack();
});

let asked = 0;
/** A question that asks for an action, so it always needs a review; returns its thread and review id. */
async function askForReview() {
  const marker = `case ${++asked}-${Date.now() % 100000}`;
  await scriptChat(modelAnswer(DRAFT));
  const event = mention(`please open a ticket for my broken badge (${marker})`);
  expect((await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)))).status).toBe(200);
  const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes(marker)), 15_000);
  const reviewId = reviewIdOf(card)!;
  expect(reviewId).toBeTruthy();
  return { event, reviewId, card };
}

const approve = (reviewId: string, user = 'U2001') => slackPost('/slack/interactions', buttonClick('review_approve', reviewId, user), FORM);
const reject = (reviewId: string, reply: string, user = 'U2001') =>
  slackPost('/slack/interactions', viewSubmission('review_reject_modal', reviewId, user, { reason: 'Not by chat', reply }), FORM);
const reviewRow = (id: string) => env.DB.prepare('SELECT status, decided_by, final_text FROM reviews WHERE id = ?').bind(id).first<{ status: string; decided_by: string; final_text: string }>();
const deliveries = async (threadTs: string, reviewId: string) =>
  (await threadReplies('C1001', threadTs)).filter((message) => message.metadata?.event_payload.key === `review:${reviewId}`);

describe('approval races', () => {
  it('decides and delivers once when five staff approvals arrive at once', async () => {
    const { event, reviewId } = await askForReview();
    const clicks = await Promise.all(Array.from({ length: 5 }, () => approve(reviewId)));
    expect(clicks.map((click) => click.status)).toEqual([200, 200, 200, 200, 200]);
    await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0);
    await sleep(1500);
    const delivered = await deliveries(event.ts, reviewId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.text).toContain('Badges are replaced at reception');
    expect(await reviewRow(reviewId)).toMatchObject({ status: 'approved', decided_by: 'U2001' });
    expect(await count('SELECT count(*) AS n FROM training_examples WHERE review_id = ?', reviewId)).toBe(1);
    // The four late clicks were told privately that it was already decided.
    await eventually(async () => (await slackCalls('chat.postEphemeral')).filter((call) => String(call.body.text).includes('already approved')).length === 4);
  });

  it('lets one of approve and reject win when they arrive together, and delivers only the winner', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { event, reviewId } = await askForReview();
      const staffReply = `Please visit reception (round ${round}).`;
      // Alternate who leaves first, so both orders of arrival are exercised.
      const requests = round % 2 === 0 ? [() => approve(reviewId), () => reject(reviewId, staffReply)] : [() => reject(reviewId, staffReply), () => approve(reviewId)];
      const responses = await Promise.all(requests.map((send) => send()));
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0);
      await sleep(800);
      const delivered = await deliveries(event.ts, reviewId);
      const review = (await reviewRow(reviewId))!;
      outcomes.push(review.status);
      expect(delivered).toHaveLength(1);
      expect(['approved', 'rejected']).toContain(review.status);
      // What was delivered is what won.
      expect(delivered[0]!.text).toContain(review.status === 'approved' ? 'Badges are replaced at reception' : staffReply);
      expect(delivered[0]!.text).not.toContain(review.status === 'approved' ? staffReply : 'Badges are replaced');
    }
    expect(outcomes).toHaveLength(3);
  });
});

describe('Slack Web API faults while delivering an approved reply', () => {
  it('waits out a 429 with Retry-After and delivers once', async () => {
    const { event, reviewId } = await askForReview();
    await scriptSlack('chat.postMessage', { fault: 'rate-limited', retryAfterSeconds: 1 });
    await approve(reviewId);
    await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0, 15_000);
    await sleep(500);
    expect(await deliveries(event.ts, reviewId)).toHaveLength(1);
  });

  it('retries a 5xx and delivers once, even when Slack posted before failing', async () => {
    const { event, reviewId } = await askForReview();
    await scriptSlack('chat.postMessage', { fault: 'status', status: 503 }, { fault: 'lost-response', status: 502 });
    await approve(reviewId);
    await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0, 15_000);
    await sleep(1000);
    expect(await deliveries(event.ts, reviewId)).toHaveLength(1);
    expect(await postsWithKey(`review:${reviewId}`)).toBe(1);
  });

  it('finds a card whose post went through but whose answer was lost, and shows the outcome on it', async () => {
    // The holding reply posts normally (a zero delay), then the card's answer is lost.
    await scriptSlack('chat.postMessage', { fault: 'delay', ms: 0 }, { fault: 'lost-response', status: 504 });
    const { event, reviewId, card } = await askForReview();
    expect((await slackMessages('C9001')).filter((message) => message.metadata?.event_payload.key === `card:${reviewId}`)).toHaveLength(1);
    const stored = await eventually(async () => (await env.DB.prepare('SELECT card FROM reviews WHERE id = ?').bind(reviewId).first<{ card: string | null }>())?.card);
    expect(stored).toContain(card.ts);
    await approve(reviewId);
    await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0, 15_000);
    await eventually(async () => (await slackCalls('chat.update')).find((call) => call.body.ts === card.ts && JSON.stringify(call.body).includes('Approved')));
  });

  for (const [name, faults, code] of [
    ['a 5xx outage', [{ fault: 'status', status: 500 }, { fault: 'status', status: 502 }, { fault: 'status', status: 503 }], 'http_'],
    ['invalid_auth', [{ fault: 'error', error: 'invalid_auth' }], 'invalid_auth'],
  ] as const) {
    it(`surfaces ${name} to staff on the card, and delivers once when Slack recovers and staff retry`, async () => {
      const { event, reviewId, card } = await askForReview();
      await scriptSlack('chat.postMessage', ...faults);
      await approve(reviewId);
      // Staff are told where they look: in the card's thread, naming the Slack error.
      const notice = await eventually(
        async () => (await slackMessages('C9001')).find((message) => message.thread_ts === card.ts && String(message.text).includes(code)),
        15_000,
      );
      expect(notice.text).toContain('could not be delivered');
      expect(await deliveries(event.ts, reviewId)).toHaveLength(0);
      // The decision stands, and nothing is lost: the delivery is still owed.
      expect((await reviewRow(reviewId))?.status).toBe('approved');

      // Slack is back; a staff member clicks Approve again.
      await approve(reviewId);
      await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0, 15_000);
      await sleep(800);
      expect(await deliveries(event.ts, reviewId)).toHaveLength(1);
      await eventually(async () => (await slackCalls('chat.update')).find((call) => call.body.ts === card.ts && JSON.stringify(call.body).includes('Approved')));
    });
  }
});

describe('an approval from the review API while Slack refuses the reply', () => {
  it('says the decision is recorded but undelivered (502), and delivers once on the retry', async () => {
    const { event, reviewId } = await askForReview();
    await scriptSlack('chat.postMessage', { fault: 'error', error: 'invalid_auth' });
    const decide = () =>
      adminFetch(`/admin/api/reviews/${reviewId}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ decision: 'approve', actor: 'ana@example.com' }),
      });
    const failed = await decide();
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: { code: 'delivery_failed' } });
    expect((await reviewRow(reviewId))?.status).toBe('approved');
    expect(await deliveries(event.ts, reviewId)).toHaveLength(0);

    const retried = await decide();
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ decidedNow: false, review: { status: 'approved' } });
    await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0, 15_000);
    expect(await deliveries(event.ts, reviewId)).toHaveLength(1);
  });
});

describe('an approval from the console while Slack refuses the reply', () => {
  it('shows the decision as recorded but undelivered, with a retry that delivers once', async () => {
    const { event, reviewId } = await askForReview();
    const staff = await signedIn('admin');
    await scriptSlack('chat.postMessage', { fault: 'error', error: 'invalid_auth' });
    const approveInConsole = async () =>
      staff.fetch(`/admin/reviews/${reviewId}/decision`, { form: { _csrf: await staff.csrf(`/admin/reviews/${reviewId}`), decision: 'approve' } });
    const failed = await approveInConsole();
    expect(failed.status).toBe(303);
    expect(failed.headers.get('location')).toBe(`/admin/reviews/${reviewId}?outcome=undelivered`);
    const page = await (await staff.fetch(`/admin/reviews/${reviewId}?outcome=undelivered`)).text();
    expect(page).toContain('could not be delivered yet');
    expect(page).toContain('Retry the delivery');
    expect(await deliveries(event.ts, reviewId)).toHaveLength(0);

    expect((await approveInConsole()).headers.get('location')).toBe(`/admin/reviews/${reviewId}?outcome=raced`);
    await eventually(async () => (await deliveries(event.ts, reviewId)).length > 0, 15_000);
    expect(await deliveries(event.ts, reviewId)).toHaveLength(1);
  });
});
