import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { REJECTED_FOLLOW_UP_REPLY, REJECTED_HOLDING_REPLY } from '../../src/domain/review/review-service';
import { adminFetch, putDocument } from './admin-client';
import { type ConsoleClient, signedIn } from './console-client';
import { eventually, slackMessages } from './fake-slack-control';
import { eventEnvelope, mention, slackPost, viewSubmission } from './slack-requests';
import { history, openSession, send, type Session, setStage, settled } from './web-client';

const FORM = { contentType: 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  await putDocument({ id: 'help/delivery.md', audience: 'public', format: 'markdown', content: '# Delivery\n## Times\nParcels arrive within three working days of dispatch.' });
  await putDocument({ id: 'office-rooms.md', audience: 'internal', format: 'markdown', content: '# Rooms\n## Meeting rooms\nMeeting rooms on floor 2 are booked in the room tool.' });
  await setStage('supervised');
});

async function pendingWebReview(text: string): Promise<{ session: Session; reviewId: string }> {
  const session = await openSession();
  expect((await send(session, text)).status).toBe(202);
  expect((await settled(session)).awaiting).toBe('review');
  const { reviews } = (await (await adminFetch('/admin/api/reviews?status=pending&channel=web')).json()) as { reviews: { id: string; destination: { conversationId?: string } }[] };
  return { session, reviewId: reviews.find((review) => review.destination.conversationId === session.conversationId)!.id };
}

async function reject(client: ConsoleClient, id: string, form: Record<string, string>): Promise<Response> {
  return client.fetch(`/admin/reviews/${id}/decision`, { form: { _csrf: await client.csrf(`/admin/reviews/${id}`), decision: 'reject', ...form } });
}

const status = async (id: string) => (await env.DB.prepare('SELECT status FROM reviews WHERE id = ?').bind(id).first<{ status: string }>())?.status;
const assistantTexts = async (session: Session) => (await history(session)).messages.filter((message) => message.role === 'assistant' && message.kind !== 'holding').map((message) => message.text);

describe('the console reject form', () => {
  it('shows a required reason, a confirmation, and the two messages the asker may read', async () => {
    const { reviewId } = await pendingWebReview('When does my parcel arrive?');
    const admin = await signedIn('admin');
    const page = await (await admin.fetch(`/admin/reviews/${reviewId}`)).text();
    const form = /<form[^>]*class="stack reject-form"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
    expect(form).toMatch(/<input name="reason" maxlength="2000" required/);
    expect(form).toContain('<input type="checkbox" name="confirm" value="yes" required>');
    expect(form).toContain('name="followUp" value="no" checked');
    expect(form).toContain('name="followUp" value="yes"');
    expect(form).toContain(REJECTED_HOLDING_REPLY.replace(/'/g, '&#39;'));
    expect(form).toContain(REJECTED_FOLLOW_UP_REPLY.replace(/'/g, '&#39;'));
  });

  it('refuses a reject without a reason or without the confirmation, in words, keeping what was typed, and decides nothing', async () => {
    const { session, reviewId } = await pendingWebReview('Can my parcel arrive on Sunday?');
    const admin = await signedIn('admin');
    const bare = await reject(admin, reviewId, { reason: '', text: 'We <do not> deliver on Sundays.' });
    expect(bare.status).toBe(400);
    const bareBody = await bare.text();
    expect(bareBody).toContain('Not rejected yet: say why the draft is rejected (the reason is required), and tick “I confirm” to reject.');
    expect(bareBody).toContain('We &lt;do not&gt; deliver on Sundays.</textarea>');

    const unconfirmed = await reject(admin, reviewId, { reason: 'No Sunday rounds', followUp: 'yes' });
    expect(unconfirmed.status).toBe(400);
    const body = await unconfirmed.text();
    expect(body).toContain('Not rejected yet: tick “I confirm” to reject.');
    expect(body).toContain('name="reason" maxlength="2000" required value="No Sunday rounds"');
    expect(body).toContain('name="followUp" value="yes" checked');

    const reasonless = await reject(admin, reviewId, { reason: '   ', confirm: 'yes' });
    expect(reasonless.status).toBe(400);
    expect(await reasonless.text()).toContain('the reason is required');
    expect(await status(reviewId)).toBe('pending');
    expect(await assistantTexts(session)).toEqual([]);
  });

  it('tells the asker honestly that the question could not be answered, unless the reviewer says a teammate will reply', async () => {
    const admin = await signedIn('admin');
    const plain = await pendingWebReview('Do you deliver to the Moon?');
    expect((await reject(admin, plain.reviewId, { reason: 'Out of scope', followUp: 'no', confirm: 'yes' })).status).toBe(303);
    expect(await assistantTexts(plain.session)).toEqual([REJECTED_HOLDING_REPLY]);

    const promised = await pendingWebReview('My parcel arrived damaged, what now?');
    const done = await reject(admin, promised.reviewId, { reason: 'Needs a person', followUp: 'yes', confirm: 'yes' });
    expect(done.headers.get('location')).toBe(`/admin/reviews/${promised.reviewId}?outcome=decided`);
    expect(await assistantTexts(promised.session)).toEqual([REJECTED_FOLLOW_UP_REPLY]);
    // The reviewer is sent to keep the promise: the page links to the conversation's reply form.
    const page = await (await admin.fetch(done.headers.get('location')!)).text();
    expect(page).toContain(`The asker was told a member of the team will reply: <a href="/admin/conversations/web/${promised.session.conversationId}#reply">`);
  });

  it('refuses a reject without a reason through the API too', async () => {
    const { reviewId } = await pendingWebReview('Is delivery free?');
    const response = await adminFetch(`/admin/api/reviews/${reviewId}/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: 'reject', actor: 'ops@example.com' }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_reason' } });
    expect(await status(reviewId)).toBe('pending');
  });
});

describe('the Slack reject modal', () => {
  async function slackReview(text: string): Promise<{ ts: string; reviewId: string }> {
    const event = mention(text);
    await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)));
    const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes(text)));
    const reviewId = JSON.stringify(card.blocks).match(/"action_id":"review_approve"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"review_approve"/)?.slice(1).find(Boolean);
    return { ts: event.ts, reviewId: reviewId! };
  }
  const delivered = (ts: string, reviewId: string) =>
    eventually(async () => (await slackMessages('C1001')).find((message) => message.thread_ts === ts && message.metadata?.event_payload.key === `review:${reviewId}`));

  it('refuses a blank reason inside the modal and decides nothing', async () => {
    const { reviewId } = await slackReview('please cancel the meeting room booking on floor 2');
    const response = await slackPost('/slack/interactions', viewSubmission('review_reject_modal', reviewId, 'U2001', { reason: '  ', reply: '' }), FORM);
    expect(await response.json()).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('Say why') } });
    expect(await status(reviewId)).toBe('pending');
  });

  it('promises a reply in the thread only when the follow-up box is ticked', async () => {
    const unticked = await slackReview('please cancel my meeting room booking for friday');
    await slackPost('/slack/interactions', viewSubmission('review_reject_modal', unticked.reviewId, 'U2001', { reason: 'Not by chat', reply: '' }), FORM);
    expect((await delivered(unticked.ts, unticked.reviewId)).text).toBe(REJECTED_HOLDING_REPLY.replace(/&/g, '&amp;'));

    const ticked = await slackReview('please cancel the meeting room booking for monday');
    await slackPost('/slack/interactions', viewSubmission('review_reject_modal', ticked.reviewId, 'U2001', { reason: 'Facilities will', reply: '', follow_up: ['follow-up'] }), FORM);
    expect((await delivered(ticked.ts, ticked.reviewId)).text).toBe(REJECTED_FOLLOW_UP_REPLY);
  });
});
