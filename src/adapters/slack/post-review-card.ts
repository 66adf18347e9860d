import type { Draft } from '../../domain/answer/types';
import type { Review, ReviewRepository } from '../../domain/review/types';
import { reviewCard } from './blocks/review-card';
import { cardInput } from './review-actions';
import type { SlackReplyChannel } from './slack-reply-channel';

/** Posts a review's card in the staff channel, once (keyed by the review), and remembers where. */
export async function postReviewCard(
  deps: { reply: SlackReplyChannel; reviews: ReviewRepository; staffChannel: string },
  review: Review,
  draft: Draft,
  permalink: string | null,
): Promise<void> {
  if (review.card) return;
  const card = reviewCard(cardInput(review, draft, permalink));
  const ts = await deps.reply.post(`card:${review.id}`, { channel: deps.staffChannel, text: card.text, blocks: card.blocks });
  if (ts) await deps.reviews.setCard(review.id, { channel: deps.staffChannel, ts, permalink });
}
