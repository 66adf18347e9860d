import { D1ChannelRepository } from './adapters/d1/d1-channels';
import { D1ReviewRepository } from './adapters/d1/d1-review-repository';
import { postReviewCard } from './adapters/slack/post-review-card';
import { giveUpOnWebMessage, processWebMessage, type WebMessageDependencies } from './adapters/web/process-web-message';
import { WebReplyChannel } from './adapters/web/web-reply-channel';
import type { Services } from './composition';
import type { AppConfig } from './config';
import { log } from './log';
import type { SlackServices } from './slack-composition';

export interface WebChatServices {
  channels: D1ChannelRepository;
  reply: WebReplyChannel;
  /** Answers one stored customer message (the queue consumer calls this). */
  answer(job: { conversationId: string; messageId: string }): Promise<void>;
  /** The question kept failing: the customer gets a holding reply and staff a handoff review. */
  giveUp(job: { conversationId: string; messageId: string }): Promise<void>;
}

export function webChatServices(env: Env, config: AppConfig, services: Services, slack: SlackServices | null): WebChatServices {
  const channels = new D1ChannelRepository(env.DB);
  const reviews = new D1ReviewRepository(env.DB);
  const reply = new WebReplyChannel(env.CONVERSATIONS);
  const deps: WebMessageDependencies = {
    conversations: env.CONVERSATIONS,
    channels,
    drafts: services.drafts,
    reviews,
    reply,
    engine: (channel) => services.engineFor('customer', channel),
    sampleRate: config.web.sampleRate,
    notifyStaff: slack ? (review, draft) => postReviewCard({ reply: slack.reply, reviews, staffChannel: slack.config.staffChannel }, review, draft, null) : null,
    newId: () => crypto.randomUUID(),
    now: () => new Date(),
    log,
  };
  return {
    channels,
    reply,
    answer: (job) => processWebMessage(job, deps),
    giveUp: (job) => giveUpOnWebMessage(job, deps),
  };
}
