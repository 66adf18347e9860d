import { D1ChannelRepository } from './adapters/d1/d1-channels';
import { D1ReviewRepository } from './adapters/d1/d1-review-repository';
import { postReviewCard } from './adapters/slack/post-review-card';
import { createReview, processWebMessage, type WebMessageDependencies } from './adapters/web/process-web-message';
import { WEB_STRINGS } from './adapters/web/strings';
import { WebReplyChannel } from './adapters/web/web-reply-channel';
import type { Services } from './composition';
import type { AppConfig } from './config';
import { failureDraft } from './domain/answer/failure-draft';
import { log } from './platform/log';
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
    engine: () => services.engineFor('customer'),
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
    async giveUp(job) {
      const stub = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(job.conversationId));
      const question = await stub.question(job.messageId);
      if (!question || question.answered) return;
      log('web-question-failed', job);
      const destination = { kind: 'web' as const, ...job };
      const draft = failureDraft(
        { text: question.question.text, audience: 'customer', history: [], stage: 'supervised' },
        'Answering failed after every retry: a teammate must reply.',
        crypto.randomUUID(),
        new Date(),
      );
      await services.drafts.save(draft, question.meta.channel);
      const winner = await stub.attachDraft(job.messageId, draft.id);
      const attached = (await services.drafts.get(winner)) ?? draft;
      // Another attempt drafted an answer meanwhile: finish it the normal way (one reply, one review at most).
      if (attached.id !== draft.id) return processWebMessage(job, deps);
      await reply.post(destination, { kind: 'holding', text: WEB_STRINGS.holding.failed, sources: [], draftId: null }, `holding:${job.messageId}`);
      const review = await createReview(question, attached, 'handoff', destination, deps);
      if (deps.notifyStaff && !review.card) await deps.notifyStaff(review, attached).catch(() => {});
    },
  };
}
