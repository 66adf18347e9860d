import { D1ActionLedger } from './adapters/d1/d1-action-ledger';
import { D1ReviewRepository } from './adapters/d1/d1-review-repository';
import { D1TrainingSink } from './adapters/d1/d1-training-sink';
import { RoutingReplyChannel, WebReplyChannel } from './adapters/web/web-reply-channel';
import type { Services } from './composition';
import { ReviewService } from './domain/review/review-service';
import type { ReplyChannel } from './domain/review/types';

/**
 * The one review service, whichever front end decides (Slack buttons, the
 * web console): replies go back where each question came from, a Slack
 * thread or a web chat conversation.
 */
export async function buildReviewService(env: Env, services: Services, slackReply: ReplyChannel | null): Promise<ReviewService> {
  return new ReviewService({
    reviews: new D1ReviewRepository(env.DB),
    drafts: services.drafts,
    reply: buildReplyChannel(env, slackReply),
    training: new D1TrainingSink(env.DB),
    verified: services.verified,
    tools: await services.actionTools(),
    ledger: new D1ActionLedger(env.DB),
    now: () => new Date(),
  });
}

/** Replies to where a question came from: web chat always, Slack threads when Slack is configured. */
export function buildReplyChannel(env: Env, slackReply: ReplyChannel | null): ReplyChannel {
  return new RoutingReplyChannel({ web: new WebReplyChannel(env.CONVERSATIONS), ...(slackReply ? { slack: slackReply } : {}) });
}
