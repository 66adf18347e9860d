import type { WebClient } from '@slack/web-api';
import type { StaffNotifier } from '../../application/ports';
import type { Draft } from '../../domain/answer/types';
import type { Review, ReviewRepository } from '../../domain/review/types';
import { postReviewCard } from './post-review-card';
import type { SlackReplyChannel } from './slack-reply-channel';

/**
 * Staff hear of a review through its card in the staff channel. A question
 * asked in Slack gets a link to its message on the card; one asked elsewhere
 * (web chat) has none.
 */
export class SlackReviewNotifier implements StaffNotifier {
  constructor(
    private readonly deps: { client: WebClient; reply: SlackReplyChannel; reviews: ReviewRepository; staffChannel: string },
    private readonly questionMessage: () => { channel: string; ts: string } | null = () => null,
  ) {}

  async reviewRequested(review: Review, draft: Draft): Promise<void> {
    if (review.card) return;
    await postReviewCard(this.deps, review, draft, await this.permalink());
  }

  private async permalink(): Promise<string | null> {
    const message = this.questionMessage();
    if (!message) return null;
    return this.deps.client.chat
      .getPermalink({ channel: message.channel, message_ts: message.ts })
      .then((response) => response.permalink ?? null)
      .catch(() => null);
  }
}
