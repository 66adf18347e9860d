import { describe, expect, it } from 'vitest';
import { adminFetch } from './admin-client';
import { signedIn } from './console-client';
import { eventually, slackMessages } from './fake-slack-control';
import { reviewWithActions, ticket, ticketTitles } from './review-fixtures';

const apiDecide = (id: string, body: Record<string, unknown>) =>
  adminFetch(`/admin/api/reviews/${id}/decision`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const delivered = (threadTs: string, reviewId: string) =>
  eventually(async () => (await slackMessages('C1001')).find((message) => message.thread_ts === threadTs && message.metadata?.event_payload.key === `review:${reviewId}`));

describe('Edit runs only the actions staff tick (console)', () => {
  it('shows each action with its parameters, unticked; says the rule and the count on Approve', async () => {
    const { reviewId } = await reviewWithActions('open two tickets please', [ticket('Shown A'), ticket('Shown B')]);
    const admin = await signedIn('admin');
    const page = await (await admin.fetch(`/admin/reviews/${reviewId}`)).text();
    expect(page).toContain('Approve and run 2 actions');
    expect(page).toContain('Editing runs only the actions you tick (none unless you do), once.');
    expect(page).not.toContain('Approving runs them once; rejecting runs none.');
    for (const index of [0, 1]) expect(page).toContain(`<input type="checkbox" name="action-${index}" value="run">`);
    expect(page).toContain('{&quot;title&quot;:&quot;Shown B&quot;,&quot;description&quot;:&quot;About Shown B&quot;}');
  });

  it('an edit with nothing ticked runs no action; the edit is delivered', async () => {
    const { reviewId, threadTs } = await reviewWithActions('please open a ticket', [ticket('Untick A')]);
    const reviewer = await signedIn('reviewer');
    const token = await reviewer.csrf(`/admin/reviews/${reviewId}`);
    const response = await reviewer.fetch(`/admin/reviews/${reviewId}/decision`, { form: { _csrf: token, decision: 'edit', text: 'We will not open a ticket.' } });
    expect(response.headers.get('location')).toBe(`/admin/reviews/${reviewId}?outcome=decided`);
    // An edit is the reviewer's words: marked as from the support team.
    expect((await delivered(threadTs, reviewId)).text).toBe('_From the support team:_\nWe will not open a ticket.');
    expect(await ticketTitles('Untick')).toEqual([]);
    const page = await (await reviewer.fetch(`/admin/reviews/${reviewId}`)).text();
    expect(page).toContain('Actions run: none');
  });

  it('an edit runs exactly the ticked actions, once however often it is posted', async () => {
    const { reviewId, threadTs } = await reviewWithActions('open tickets A and B', [ticket('Tick A'), ticket('Tick B')]);
    const reviewer = await signedIn('reviewer');
    const token = await reviewer.csrf(`/admin/reviews/${reviewId}`);
    const form = { _csrf: token, decision: 'edit', text: 'Only B is opened.', 'action-1': 'run' };
    await Promise.all([1, 2].map(() => reviewer.fetch(`/admin/reviews/${reviewId}/decision`, { form })));
    expect(await ticketTitles('Tick')).toEqual(['Tick B']);
    expect((await delivered(threadTs, reviewId)).text).toMatch(/^_From the support team:_\nOnly B is opened\.\n\nTicket T-\d+/);
  });
});

describe('the review API', () => {
  it('runs the chosen actions on edit, all on approve, and refuses a partial approve without deciding', async () => {
    const edit = await reviewWithActions('api edit', [ticket('Api edit A'), ticket('Api edit B')]);
    const edited = await apiDecide(edit.reviewId, { decision: 'edit', actor: 'api@example.com', text: 'A only.', actions: [0] });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as { actionResults: { ok: boolean }[] }).actionResults).toEqual([expect.objectContaining({ ok: true })]);
    expect(await ticketTitles('Api edit')).toEqual(['Api edit A']);

    const approve = await reviewWithActions('api approve', [ticket('Api approve A'), ticket('Api approve B')]);
    const partial = await apiDecide(approve.reviewId, { decision: 'approve', actor: 'api@example.com', actions: [1] });
    expect(partial.status).toBe(400);
    expect(await partial.json()).toMatchObject({ error: { code: 'invalid_actions', field: 'actions' } });
    const outOfRange = await apiDecide(approve.reviewId, { decision: 'edit', actor: 'api@example.com', text: 'x', actions: [5] });
    expect(outOfRange.status).toBe(400);
    expect(await ticketTitles('Api approve')).toEqual([]);
    expect((await apiDecide(approve.reviewId, { decision: 'approve', actor: 'api@example.com' })).status).toBe(200);
    expect(await ticketTitles('Api approve')).toEqual(['Api approve A', 'Api approve B']);
  });
});
