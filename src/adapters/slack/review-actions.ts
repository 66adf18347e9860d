import type { WebClient } from '@slack/web-api';
import type { Draft } from '../../domain/answer/types';
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
  request: { reviewId: string; decision: ReviewDecision; userId: string; text?: string; reason?: string; replyChannel?: string },
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
    result = await (await deps.service()).decide({ reviewId: request.reviewId, decision: request.decision, actor: request.userId, text: request.text, reason: request.reason });
  } catch (error) {
    if (error instanceof ReviewError && request.replyChannel) {
      await ephemeral(deps, request.replyChannel, request.userId, error.message);
      return null;
    }
    throw error;
  }
  await updateCard(deps, result);
  if (!result.decidedNow && request.replyChannel) {
    await ephemeral(deps, request.replyChannel, request.userId, `This review was already ${result.review.status} by ${mention(result.review.decidedBy ?? 'someone', '@')}.`);
  }
  return result;
}

async function updateCard(deps: ReviewActionDependencies, result: DecisionResult): Promise<void> {
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
    permalink,
    answer: draft.answer,
    citations: draft.citations,
    confidence: draft.confidence,
    reasons: draft.reasons,
    decision: review.kind,
    proposedActions: draft.proposedActions,
    createdAt: review.createdAt,
  };
}


/** A private note to the clicker; best effort (Slack refuses it if they left the channel). */
async function ephemeral(deps: ReviewActionDependencies, channel: string, user: string, text: string): Promise<void> {
  await deps.client.chat.postEphemeral({ channel, user, text }).catch(() => {});
}
