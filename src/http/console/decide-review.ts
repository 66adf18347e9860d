import { updateCard } from '../../adapters/slack/review-actions';
import { type ReuseOutcome, reuseMessage } from '../../domain/review/reuse-outcome';
import type { DecisionRequest, DecisionResult } from '../../domain/review/review-service';
import { log } from '../../log';
import type { SlackWiring } from '../../wiring/slack-wiring';
import { type Wiring, wiringFor } from '../../wiring/wiring';

/** A decision from the web; `actor` is the console session's actor, or the API caller's. */
export type DecideRequest = DecisionRequest;

/** What the console and the API say about the reuse choice (no stored answer in it, only what happened and why). */
export function reuseSummary(outcome: ReuseOutcome): { status: ReuseOutcome['status']; message: string | null; found?: string[] } {
  return { status: outcome.status, message: reuseMessage(outcome), ...(outcome.status === 'refused' && outcome.reason === 'personal_data' ? { found: outcome.found } : {}) };
}

/**
 * A decision from the web (console form or JSON API) through the one review
 * service the Slack buttons use: atomic, delivered exactly once. The Slack
 * card, if the review has one, then shows the outcome as it would after a
 * click in Slack. Throws ReviewError for an unknown review or a bad text.
 */
/**
 * Whether the reply went out. The review service holds a reply back while an
 * approved action is still running elsewhere or failed transiently (so the
 * asker never hears a spurious failure); deciding again completes it.
 */
export function replyDelivered(result: DecisionResult): boolean {
  return !result.actionResults.some((outcome) => !outcome.ok && outcome.retryable);
}

export async function decideReview(deps: { wiring: Wiring; slack: SlackWiring | null }, request: DecideRequest): Promise<DecisionResult> {
  const service = await deps.wiring.reviewService();
  const result = await service.decide(request);
  if (result.review.card && deps.slack) {
    // The decision stands and is delivered whatever Slack says; a failed card update is only logged.
    await updateCard({ client: deps.slack.client, drafts: deps.wiring.drafts }, result).catch((error: unknown) => {
      log('review-card-update-failed', { reviewId: result.review.id, error: error instanceof Error ? error.name : 'unknown' });
    });
  }
  // Staff who keep the App Home open see the queue as it is now.
  if (deps.slack && result.decidedNow) await deps.slack.refreshHomes();
  return result;
}

/** True when a decision failed after it was recorded (the delivery, not the decision, failed): logged for staff. */
export async function decidedButUndelivered(env: Env, id: string, error: unknown): Promise<boolean> {
  const review = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await wiringFor(env).reviews.get(id).catch(() => null) : null;
  if (!review || review.status === 'pending') return false;
  log('review-delivery-failed', { reviewId: id, error: error instanceof Error ? error.name : 'unknown' });
  return true;
}

