import { type Context, Hono } from 'hono';
import type { Wiring } from '../../../wiring/wiring';
import { ReviewError } from '../../../domain/review/review-service';
import type { Review, ReviewDecision } from '../../../domain/review/types';
import { loadSession, requireRole } from '../auth';
import type { ConsoleEnv } from '../console-env';
import { checkForm, field, formOf } from '../csrf';
import { decidedButUndelivered, decideReview, replyDelivered } from '../decide-review';
import { messagePage, page } from '../layout';
import { reviewContext } from '../review-context';
import { type ReviewView, reviewDetail } from './review-view';

const DECISIONS: readonly ReviewDecision[] = ['approve', 'edit', 'reject'];
const REVIEW_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_REASON = 2000;

export const reviewRoutes = new Hono<ConsoleEnv>();

// The queue itself (GET /reviews and its live stream) is in review-queue.ts.
reviewRoutes.get('/reviews/:id', loadSession, requireRole('reviewer'), async (c) => {
  const view = await loadView(c.env, c.get('wiring'), c.req.param('id'));
  if (!view) return messagePage(c, 404, 'Not found', 'No such review.');
  return page(c, { title: 'Review', body: reviewDetail({ ...view, csrf: c.get('user')!.csrf, canFollowUp: canFollowUp(c, view.review), outcome: c.req.query('outcome') }) });
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
  const followUp = decision === 'reject' && field(form, 'followUp') === 'yes';
  // Reject is two deliberate steps in one form: a reason and a ticked confirmation (no script needed).
  // A review already decided is not refused for these: the click is told who decided first.
  const current = decision === 'reject' && REVIEW_ID.test(id) ? await c.get('wiring').reviews.get(id) : null;
  const refused = current?.status === 'pending' ? rejectRefusal({ reason, confirmed: field(form, 'confirm') === 'yes' }) : null;
  // Edit runs the ticked actions only; approve and reject leave the choice to their rule (all, none).
  const actions = decision === 'edit' ? tickedActions(form) : undefined;
  try {
    if (refused) throw new ReviewError('invalid_reason', refused);
    if (followUp && current && !canFollowUp(c, current)) throw new ReviewError('invalid_reason', 'Staff cannot reply in this conversation from the console, so the asker cannot be promised a reply.');
    const result = await decideReview(
      { wiring: c.get('wiring'), slack: c.get('slack') },
      { reviewId: id, decision, actor: c.get('user')!.actor, text: text || undefined, reason: reason || undefined, reuse, actions, followUp },
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
    const view = error.code !== 'not_found' ? await loadView(c.env, c.get('wiring'), id) : null;
    if (!view) return messagePage(c, 404, 'Not found', error.message);
    const typed = decision === 'reject' ? { reason, rejectText: text, followUp } : { text };
    return page(c, { title: 'Review', status: 400, body: reviewDetail({ ...view, csrf: c.get('user')!.csrf, canFollowUp: canFollowUp(c, view.review), error: error.message, typed }) });
  }
});

/** Why a reject form is refused before anything is decided, in words; null when it may go ahead. */
function rejectRefusal(form: { reason: string; confirmed: boolean }): string | null {
  const missing = [
    ...(form.reason.trim() ? [] : ['say why the draft is rejected (the reason is required)']),
    ...(form.confirmed ? [] : ['tick “I confirm” to reject']),
  ];
  return missing.length ? `Not rejected yet: ${missing.join(', and ')}. What you typed is kept below.` : null;
}

/** Whether staff can reply in the review's conversation from the console: web chat always, Slack threads when Slack is configured. */
function canFollowUp(c: Context<ConsoleEnv>, review: Review): boolean {
  return review.kind !== 'sample' && (review.destination.kind === 'web' || c.get('slack') !== null);
}

/** The edit form's ticked action boxes (action-0, action-1, ...), as indexes; the review service checks them. */
function tickedActions(form: Record<string, string | File>): number[] {
  return Object.keys(form).flatMap((name) => {
    const match = /^action-(\d{1,3})$/.exec(name);
    return match && field(form, name) === 'run' ? [Number(match[1])] : [];
  });
}

async function loadView(env: Env, wiring: Pick<Wiring, 'drafts' | 'reviews' | 'reads'>, id: string): Promise<Omit<ReviewView, 'csrf'> | null> {
  if (!REVIEW_ID.test(id)) return null;
  const review = await wiring.reviews.get(id);
  const draft = review ? await wiring.drafts.get(review.draftId) : null;
  if (!review || !draft) return null;
  return { review, draft, context: await reviewContext(env, wiring.reads.conversations, review), now: new Date() };
}
