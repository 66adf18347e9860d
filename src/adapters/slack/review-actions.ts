import type { WebClient } from '@slack/web-api';
import type { Draft } from '../../domain/answer/types';
import { reuseBlocker } from '../../domain/answer/verified-answers';
import { type ReuseOutcome, reuseMessage, reuseOutcome } from '../../domain/review/reuse-outcome';
import { type DecisionResult, ReviewError, type ReviewService } from '../../domain/review/review-service';
import type { Review, ReviewDecision, ReviewRepository } from '../../domain/review/types';
import type { D1DraftStore } from '../d1/d1-draft-store';
import { mention, reviewOutcomeCard } from './blocks/review-card';
import { classifySlackError } from './slack-errors';
import type { StaffDirectory } from './staff-directory';

export interface ReviewActionDependencies {
  client: WebClient;
  staff: StaffDirectory;
  reviews: ReviewRepository;
  drafts: D1DraftStore;
  service: () => Promise<ReviewService>;
}

export const NOT_STAFF = 'Only Countersign staff can decide reviews. Nothing was changed.';

/**
 * A staff decision from Slack: authorise, decide through the shared review
 * service (atomic, exactly-once delivery), then show the outcome on the card,
 * or tell the clicker privately that someone decided first.
 */
export async function decideFromSlack(
  deps: ReviewActionDependencies,
  request: { reviewId: string; decision: ReviewDecision; userId: string; text?: string; reason?: string; reuse?: boolean; actions?: number[]; followUp?: boolean; replyChannel?: string },
): Promise<DecisionResult | null> {
  let staff: boolean;
  try {
    staff = await deps.staff.isStaff(request.userId);
  } catch (error) {
    // Tell the clicker why nothing happened instead of failing silently.
    if (request.replyChannel) await ephemeral(deps, request.replyChannel, request.userId, `Could not check staff membership (Slack: ${classifySlackError(error).code}). Nothing was changed.`);
    return null;
  }
  if (!staff) {
    if (request.replyChannel) await ephemeral(deps, request.replyChannel, request.userId, NOT_STAFF);
    return null;
  }
  let result: DecisionResult;
  try {
    result = await (await deps.service()).decide({
      reviewId: request.reviewId,
      decision: request.decision,
      actor: request.userId,
      text: request.text,
      reason: request.reason,
      reuse: request.reuse,
      actions: request.actions,
      followUp: request.followUp,
    });
  } catch (error) {
    if (error instanceof ReviewError && request.replyChannel) {
      await ephemeral(deps, request.replyChannel, request.userId, error.message);
      return null;
    }
    if (!(error instanceof ReviewError)) await reportUnfinished(deps, request, error);
    throw error;
  }
  await updateCard(deps, result);
  // Asked for reuse and refused (personal data, actions): the decision stands, and the clicker is told why, privately.
  const where = request.replyChannel ?? result.review.card?.channel;
  if (result.decidedNow && result.reuse.status === 'refused' && where) await ephemeral(deps, where, request.userId, result.reuse.message);
  if (!result.decidedNow && request.replyChannel) {
    const closed =
      result.review.status === 'expired'
        ? 'This review expired before anyone decided: the asker got the holding message, and nothing more was sent.'
        : `This review was already ${result.review.status} by ${mention(result.review.decidedBy ?? 'someone', '@')}.`;
    await ephemeral(deps, request.replyChannel, request.userId, closed);
  }
  return result;
}

/** Shows a closed review's outcome on its card (decided by staff, or expired by the deadline). */
export async function updateCard(deps: Pick<ReviewActionDependencies, 'client' | 'drafts'>, result: Pick<DecisionResult, 'review' | 'actionResults'> & { reuse?: ReuseOutcome }): Promise<void> {
  const { review } = result;
  if (!review.card || review.status === 'pending') return;
  const draft = await deps.drafts.get(review.draftId);
  if (!draft) return;
  const card = reviewOutcomeCard({
    ...cardInput(review, draft),
    outcome: review.status,
    actorUserId: review.decidedBy ?? 'unknown',
    decidedAt: review.decidedAt ?? new Date().toISOString(),
    durationMs: Date.parse(review.decidedAt ?? review.createdAt) - Date.parse(review.createdAt),
    finalText: review.status === 'approved' ? null : review.finalText,
    actionResults: result.actionResults.map((outcome) => (outcome.ok ? outcome.result : `Failed: ${outcome.error}`)),
    reuseNote: reuseMessage(result.reuse ?? reuseOutcome(review, draft)),
  });
  await deps.client.chat.update({ channel: review.card.channel, ts: review.card.ts, text: card.text, blocks: card.blocks as never });
}

/** What a review card shows, for the first card and for its outcome update alike. */
export function cardInput(review: Review, draft: Draft, permalink = review.card?.permalink ?? null) {
  const destination = review.destination.kind === 'slack' ? review.destination : null;
  return {
    reviewId: review.id,
    question: draft.question,
    askerUserId: review.askerId ?? 'unknown',
    channelId: destination?.channel ?? 'web',
    ...(destination?.outsider ? { outsider: destination.outsider } : {}),
    permalink,
    answer: draft.answer,
    citations: draft.citations,
    confidence: draft.confidence,
    reasons: draft.reasons,
    decision: review.kind,
    proposedActions: draft.proposedActions,
    createdAt: review.createdAt,
    reusable: reuseBlocker(draft) === null,
  };
}


/**
 * A decision whose work failed part way (Slack refused the reply, or an outage
 * outlasted the retries) must not vanish into a log: staff are told in the
 * card's thread, and the clicker privately. A decision that was recorded
 * stands, and clicking Approve again completes it (delivering once). Best effort.
 */
async function reportUnfinished(deps: ReviewActionDependencies, request: { reviewId: string; userId: string; replyChannel?: string }, error: unknown): Promise<void> {
  const code = classifySlackError(error).code;
  const review = await deps.reviews.get(request.reviewId).catch(() => null);
  const text =
    review && review.status !== 'pending'
      ? `The reply for this review could not be delivered (Slack: \`${code}\`). The decision (${review.status}) is kept: click Approve on the card again to retry the delivery.`
      : `The decision could not be saved (\`${code}\`). Nothing was sent; try again.`;
  if (review?.card) await deps.client.chat.postMessage({ channel: review.card.channel, thread_ts: review.card.ts, text }).catch(() => {});
  if (request.replyChannel) await ephemeral(deps, request.replyChannel, request.userId, text);
}

/** A private note to the clicker; best effort (Slack refuses it if they left the channel). */
async function ephemeral(deps: ReviewActionDependencies, channel: string, user: string, text: string): Promise<void> {
  await deps.client.chat.postEphemeral({ channel, user, text }).catch(() => {});
}
