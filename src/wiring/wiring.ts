import { RoutingReplyChannel } from '../adapters/web/routing-reply-channel';
import { WebReplyChannel } from '../adapters/web/web-reply-channel';
import { type WebQuestionJob, WebQuestionSource } from '../adapters/web/web-question-source';
import { SlackReviewNotifier } from '../adapters/slack/slack-review-notifier';
import { answerQuestion, type AnswerPorts } from '../application/answer-question';
import { bestEffortNotifier } from '../application/best-effort-notifier';
import { giveUpOnQuestion } from '../application/give-up-on-question';
import type { AnsweringDependencies } from '../application/ports';
import { type AppConfig, readConfig } from '../config';
import type { AnswerEngine } from '../domain/answer/answer-engine';
import type { AskerAudience } from '../domain/answer/types';
import type { KnowledgeBase } from '../domain/knowledge/knowledge-base';
import type { SearchDependencies } from '../domain/knowledge/search-knowledge';
import { ReviewService } from '../domain/review/review-service';
import type { ToolRegistry } from '../domain/tools/registry';
import { log } from '../log';
import { type AnswerEngines, buildAnswerEngines } from './answer-engines';
import { Repositories } from './repositories';
import { buildSlackWiring, type SlackWiring } from './slack-wiring';

/**
 * The one wiring: turns Env bindings into repositories, adapters and
 * services, each built once, on first use. Routes, the queue consumer, the
 * cron, the Durable Object, tests and benchmarks all get them from here.
 */
export class Wiring extends Repositories {
  /** The checked configuration (throws a config error on first use when a setting is wrong). */
  get config(): AppConfig {
    return this.once('config', () => readConfig(this.env));
  }

  private get engines(): AnswerEngines {
    return this.once('engines', () => buildAnswerEngines(this.env, this.config, this));
  }

  get knowledge(): KnowledgeBase { return this.engines.knowledge; }
  get search(): SearchDependencies { return this.engines.search; }
  actionTools(): Promise<ToolRegistry> { return this.engines.actionTools(); }
  engineFor(audience: AskerAudience, channel?: string): Promise<AnswerEngine> { return this.engines.engineFor(audience, channel); }

  /**
   * The Slack wiring, or null when the Slack secrets are not set. Throws
   * SlackConfigError when its settings are wrong.
   */
  get slack(): SlackWiring | null {
    return this.once('slack', () => {
      const config = this.slackConfig;
      return config ? buildSlackWiring(this.env, config, this) : null;
    });
  }

  /** The Slack wiring, or null when Slack is off or misconfigured (for callers that work without it). */
  slackOrNull(): SlackWiring | null {
    try {
      return this.slack;
    } catch {
      return null;
    }
  }

  get webReply(): WebReplyChannel {
    return this.once('webReply', () => new WebReplyChannel(this.env.CONVERSATIONS));
  }

  /** Replies go back where each question came from, a Slack thread or a web chat conversation (approvals and expiry alike, so a `review:<id>` key means one delivery). */
  get replies(): RoutingReplyChannel {
    return this.once('replies', () => {
      const slack = this.slackOrNull();
      return new RoutingReplyChannel({ web: this.webReply, ...(slack ? { slack: slack.reply } : {}) });
    });
  }

  /** The one review service, whichever front end decides (Slack buttons, the web console, the API). */
  async reviewService(): Promise<ReviewService> {
    const tools = await this.actionTools();
    return this.once('reviewService', () =>
      new ReviewService({
        reviews: this.reviews,
        drafts: this.drafts,
        reply: this.replies,
        training: this.training,
        verified: this.verified,
        tools,
        ledger: this.actionLedger,
        now: () => new Date(),
      }),
    );
  }

  /** What answering needs besides its ports: the stores, the engines, the sample rate. */
  get answering(): AnsweringDependencies {
    return this.once('answering', () => ({
      drafts: this.drafts,
      reviews: this.reviews,
      engine: (audience, channel) => this.engineFor(audience, channel ?? undefined),
      // One SAMPLE_RATE for every channel (it lives with the web chat settings).
      sampleRate: this.config.web.sampleRate,
      newId: () => crypto.randomUUID(),
      now: () => new Date(),
      log,
    }));
  }

  /** Answers one stored web chat message (the queue consumer calls this). */
  answerWebMessage(job: WebQuestionJob): Promise<void> {
    return answerQuestion(this.webPorts(job), this.answering);
  }

  /** The web chat question kept failing: the customer gets a holding reply and staff a handoff review. */
  giveUpOnWebMessage(job: WebQuestionJob): Promise<void> {
    return giveUpOnQuestion(this.webPorts(job), this.answering);
  }

  private webPorts(job: WebQuestionJob): AnswerPorts {
    const slack = this.slackOrNull();
    return {
      source: new WebQuestionSource(job, { conversations: this.env.CONVERSATIONS, channels: this.channels, log }),
      reply: this.webReply,
      // A Slack card when Slack is on; never at the answer's expense (the console shows the review either way).
      staff: bestEffortNotifier(slack ? new SlackReviewNotifier({ client: slack.client, reply: slack.reply, reviews: this.reviews, staffChannel: slack.config.staffChannel }) : null, log),
    };
  }
}

// Env is fixed for an isolate's life, so the wiring is built once per Env rather than on every request or queue message.
const wirings = new WeakMap<object, Wiring>();

/** The wiring for this Env, built on first use. */
export function wiringFor(env: Env): Wiring {
  let wiring = wirings.get(env);
  if (!wiring) {
    wiring = new Wiring(env);
    wirings.set(env, wiring);
  }
  return wiring;
}
