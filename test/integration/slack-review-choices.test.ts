import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { putDocument } from './admin-client';
import { eventually, slackCalls, slackMessages } from './fake-slack-control';
import { reviewWithActions, ticket, ticketTitles } from './review-fixtures';
import { buttonClick, eventEnvelope, mention, slackPost, viewSubmission } from './slack-requests';

const FORM = { contentType: 'application/x-www-form-urlencoded' };
const reviewIdOf = (card: { blocks?: unknown[] }) => JSON.stringify(card.blocks).match(/"action_id":"review_approve"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"review_approve"/)?.slice(1).find(Boolean);
const delivered = (threadTs: string, reviewId: string) =>
  eventually(async () => (await slackMessages('C1001')).find((message) => message.thread_ts === threadTs && message.metadata?.event_payload.key === `review:${reviewId}`));

beforeAll(async () => {
  await putDocument({ id: 'garage.md', audience: 'internal', format: 'markdown', content: '# Garage\n## Garage badges\nGarage badges are issued at the front desk on level 0.' });
});

/** A question that asks for an action, so it is reviewed (the Slack channel sends confident answers otherwise). */
async function reviewedQuestion(text: string) {
  const event = mention(text);
  expect((await slackPost('/slack/events', JSON.stringify(eventEnvelope(event)))).status).toBe(200);
  const card = await eventually(async () => (await slackMessages('C9001')).find((message) => JSON.stringify(message.blocks ?? '').includes(text.slice(0, 24)) && reviewIdOf(message)));
  return { event, card, reviewId: reviewIdOf(card)! };
}

describe('the Slack edit modal runs only the actions ticked', () => {
  it('lists each action unticked, and an edit runs exactly the ticked ones, once', async () => {
    const { reviewId, threadTs } = await reviewWithActions('open two garage tickets', [ticket('Slack A'), ticket('Slack B')]);
    await slackPost('/slack/interactions', buttonClick('review_edit', reviewId, 'U2001'), FORM);
    const opened = await eventually(async () => (await slackCalls('views.open')).find((call) => JSON.stringify(call.body).includes(reviewId)));
    const view = (typeof opened.body.view === 'string' ? JSON.parse(opened.body.view) : opened.body.view) as { blocks: { block_id: string; element: { type: string; options?: { value: string; text: { text: string } }[]; initial_options?: unknown } }[] };
    const actions = view.blocks.find((block) => block.block_id === 'actions')!;
    expect(actions.element.type).toBe('checkboxes');
    expect(actions.element.options!.map((option) => option.text.text)).toEqual(['create_ticket: Open a ticket: Slack A', 'create_ticket: Open a ticket: Slack B']);
    expect(actions.element.initial_options).toBeUndefined();

    const submission = viewSubmission('review_edit_modal', reviewId, 'U2001', { answer: 'Only B is opened.', actions: ['1'] });
    const responses = await Promise.all([1, 2].map(() => slackPost('/slack/interactions', submission, FORM)));
    for (const response of responses) expect(response.status).toBe(200);
    expect((await delivered(threadTs, reviewId)).text).toMatch(/^_From the support team:_\nOnly B is opened\.\n\nTicket T-\d+/);
    expect(await ticketTitles('Slack')).toEqual(['Slack B']);
  });

  it('an edit with nothing ticked runs no action', async () => {
    const { reviewId, threadTs } = await reviewWithActions('open a garage ticket', [ticket('Unticked Slack')]);
    await slackPost('/slack/interactions', viewSubmission('review_edit_modal', reviewId, 'U2001', { answer: 'No ticket needed.' }), FORM);
    // An edit is the reviewer's words: marked as from the support team.
    expect((await delivered(threadTs, reviewId)).text).toBe('_From the support team:_\nNo ticket needed.');
    expect(await ticketTitles('Unticked Slack')).toEqual([]);
  });
});

describe('reuse from Slack is a choice', () => {
  it('Approve keeps nothing for reuse; Approve and reuse keeps it, scoped to employees on Slack', async () => {
    const plain = await reviewedQuestion('please send me where garage badges are issued');
    expect(JSON.stringify(plain.card.blocks)).toContain('review_approve_reuse');
    await slackPost('/slack/interactions', buttonClick('review_approve', plain.reviewId, 'U2001'), FORM);
    await delivered(plain.event.ts, plain.reviewId);

    const reused = await reviewedQuestion('please send me the garage badge desk level');
    await slackPost('/slack/interactions', buttonClick('review_approve_reuse', reused.reviewId, 'U2001'), FORM);
    await delivered(reused.event.ts, reused.reviewId);
    const { results } = await env.DB.prepare('SELECT review_id, audience, channel_kind, status, approved_by FROM verified_answers').all();
    expect(results).toEqual([{ review_id: reused.reviewId, audience: 'employee', channel_kind: 'slack', status: 'active', approved_by: 'U2001' }]);
  });

  it('an edit with reuse ticked but personal data is sent, not kept, and the staff member is told privately and on the card', async () => {
    const { event, reviewId } = await reviewedQuestion('please send my garage badge details');
    const text = 'Ana, your badge 4111 1111 1111 1111 is ready; we emailed ana@example.com.';
    await slackPost('/slack/interactions', viewSubmission('review_edit_modal', reviewId, 'U2001', { answer: text, reuse: ['reuse'] }), FORM);
    expect((await delivered(event.ts, reviewId)).text).toBe(`_From the support team:_\n${text}`);
    const told = await eventually(async () => (await slackCalls('chat.postEphemeral')).find((call) => call.body.user === 'U2001' && String(call.body.text).includes('not kept for reuse')));
    expect(told.body.text).toContain('an email address, a card number');
    await eventually(async () => (await slackCalls('chat.update')).find((call) => JSON.stringify(call.body).includes('not kept for reuse')));
    expect((await env.DB.prepare('SELECT count(*) AS n FROM verified_answers WHERE review_id = ?').bind(reviewId).first<{ n: number }>())?.n).toBe(0);
  });
});
