import { Hono } from 'hono';
import { D1ReviewRepository } from '../../../adapters/d1/d1-review-repository';
import { ReviewError } from '../../../domain/review/review-service';
import type { ReviewDecision } from '../../../domain/review/types';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { decidedButUndelivered, decideReview, replyDelivered } from '../decide-review';
import { age, clip, html, percent } from '../html';
import { messagePage, page } from '../layout';
import { reviewContext } from '../review-context';
import { type ReviewView, reviewDetail } from './review-view';

const DECISIONS: readonly ReviewDecision[] = ['approve', 'edit', 'reject'];
const REVIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_REASON = 2000;

export const reviewRoutes = new Hono<ConsoleEnv>();

reviewRoutes.get('/reviews', loadSession, requireRole('reviewer'), async (c) => {
  const requested = c.req.query('channel')?.trim() ?? '';
  const channel = /^[A-Za-z0-9_-]{1,64}$/.test(requested) ? requested : undefined;
  const reviews = await c.get('services').reads.reviews.list({ status: 'pending', channel, limit: 200 });
  const now = new Date();
  return page(c, {
    title: 'Reviews',
    body: html`
      <p class="muted">Pending, oldest first: ${reviews.length}${reviews.length === 200 ? '+' : ''}. ${channel ? html`Channel <strong>${channel}</strong> · <a href="/admin/reviews">all channels</a>` : ''}</p>
      <div data-refresh="30">${reviews.length === 0
        ? html`<p class="empty">Nothing waits for a decision.</p>`
        : html`<table class="list">
            <thead><tr><th>Question</th><th>Kind</th><th>Channel</th><th>Waiting</th><th>Confidence</th></tr></thead>
            <tbody>${reviews.map(
              (review) => html`<tr>
                <td><a href="/admin/reviews/${encodeURIComponent(review.id)}">${clip(review.question, 160)}</a></td>
                <td>${review.kind}</td>
                <td><a href="/admin/reviews?channel=${encodeURIComponent(review.channel)}">${review.channel}</a></td>
                <td>${age(review.createdAt, now)}</td>
                <td>${percent(review.confidence)}</td>
              </tr>`,
            )}</tbody>
          </table>`}</div>`,
  });
});

reviewRoutes.get('/reviews/:id', loadSession, requireRole('reviewer'), async (c) => {
  const view = await loadView(c.env, c.get('services'), c.req.param('id'));
  if (!view) return messagePage(c, 404, 'Not found', 'No such review.');
  return page(c, { title: 'Review', body: reviewDetail({ ...view, csrf: c.get('user')!.csrf, outcome: c.req.query('outcome') }) });
});

reviewRoutes.post('/reviews/:id/decision', loadSession, requireRole('reviewer'), checkForm(), async (c) => {
  const id = c.req.param('id');
  const form = await formOf(c);
  const decision = field(form, 'decision') as ReviewDecision;
  if (!DECISIONS.includes(decision)) return messagePage(c, 400, 'Bad request', 'Unknown decision.');
  const text = field(form, 'text');
  const reason = field(form, 'reason');
  if (reason.length > MAX_REASON) return messagePage(c, 400, 'Bad request', `The reason is longer than ${MAX_REASON} characters.`);
  const reuse = field(form, 'reuse') === 'yes';
  // Edit runs the ticked actions only; approve and reject leave the choice to their rule (all, none).
  const actions = decision === 'edit' ? tickedActions(form) : undefined;
  try {
    const result = await decideReview(
      { env: c.env, services: c.get('services'), slack: c.get('slack') },
      { reviewId: id, decision, actor: c.get('user')!.actor, text: text || undefined, reason: reason || undefined, reuse, actions },
    );
    // Post/redirect/get: a reload shows the outcome instead of posting again.
    const outcome = !replyDelivered(result) ? 'undelivered' : result.decidedNow ? 'decided' : 'raced';
    return c.redirect(`/admin/reviews/${encodeURIComponent(id)}?outcome=${outcome}`, 303);
  } catch (error) {
    if (!(error instanceof ReviewError)) {
      // Recorded but not delivered (Slack refused or is down): say so, and offer the retry, which delivers once.
      if (await decidedButUndelivered(c.env, id, error)) return c.redirect(`/admin/reviews/${encodeURIComponent(id)}?outcome=undelivered`, 303);
      throw error;
    }
    const view = error.code !== 'not_found' ? await loadView(c.env, c.get('services'), id) : null;
    if (!view) return messagePage(c, 404, 'Not found', error.message);
    const typed = decision === 'reject' ? { reason, rejectText: text } : { text };
    return page(c, { title: 'Review', status: 400, body: reviewDetail({ ...view, csrf: c.get('user')!.csrf, error: error.message, typed }) });
  }
});

/** The edit form's ticked action boxes (action-0, action-1, ...), as indexes; the review service checks them. */
function tickedActions(form: Record<string, string | File>): number[] {
  return Object.keys(form).flatMap((name) => {
    const match = /^action-(\d{1,3})$/.exec(name);
    return match && field(form, name) === 'run' ? [Number(match[1])] : [];
  });
}

async function loadView(env: Env, services: Pick<ConsoleEnv['Variables']['services'], 'drafts' | 'reads'>, id: string): Promise<Omit<ReviewView, 'csrf'> | null> {
  if (!REVIEW_ID.test(id)) return null;
  const review = await new D1ReviewRepository(env.DB).get(id);
  const draft = review ? await services.drafts.get(review.draftId) : null;
  if (!review || !draft) return null;
  return { review, draft, context: await reviewContext(env, services.reads.conversations, review), now: new Date() };
}
