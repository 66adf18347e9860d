import type { WebClient } from '@slack/web-api';
import type { D1AppHomeFacts } from '../../d1/d1-app-home-facts';
import type { D1AssistantThreads } from '../../d1/d1-assistant-threads';
import { classifySlackError } from '../slack-errors';
import { appHomeView, type HomeChannel, type HomeReview } from './app-home-view';

export interface AppHomeDependencies {
  client: WebClient;
  staff: { isStaff(userId: string): Promise<boolean> };
  facts: D1AppHomeFacts;
  threads: D1AssistantThreads;
  /** Each rollout channel with its stage and readiness summary. */
  channels(): Promise<HomeChannel[]>;
  botUserId(): Promise<string | null>;
  command: string;
  now(): Date;
  log(event: string, fields: Record<string, unknown>): void;
}

/** Reviews listed by name on a staff Home; the rest are counted. */
const LISTED_REVIEWS = 10;
const LISTED_SOURCES = 10;
/** Staff Homes refreshed after a decision: the most recent viewers. */
const REFRESHED_HOMES = 20;

/**
 * Publishes the App Home: staff get the review queue and the rollout, and
 * everyone what the bot knows and how to ask. A user who is not staff (or
 * whose membership Slack cannot confirm right now) sees only the latter.
 */
export class AppHomePublisher {
  constructor(private readonly deps: AppHomeDependencies) {}

  async publish(userId: string): Promise<void> {
    const staff = await this.deps.staff.isStaff(userId).catch(() => false);
    const [knowledge, staffFacts, botUserId] = await Promise.all([this.deps.facts.knowledge(LISTED_SOURCES), staff ? this.staffFacts() : null, this.deps.botUserId()]);
    const view = appHomeView({ staff: staffFacts, knowledge, botUserId, command: this.deps.command, now: this.deps.now() });
    await this.deps.client.views.publish({ user_id: userId, view });
    await this.deps.threads.rememberHomeViewer(userId, staff);
  }

  /** After a decision: the staff Homes that were open lately show the new queue. Best effort, one by one. */
  async refreshStaff(): Promise<void> {
    const viewers = await this.deps.threads.recentStaffViewers(REFRESHED_HOMES);
    for (const userId of viewers) {
      await this.publish(userId).catch((error: unknown) => this.deps.log('slack-home-refresh-failed', { code: classifySlackError(error).code }));
    }
  }

  private async staffFacts() {
    const [pending, channels, lastStepDown] = await Promise.all([this.deps.facts.pendingReviews(LISTED_REVIEWS), this.deps.channels(), this.deps.facts.lastStepDown()]);
    const oldest: HomeReview[] = await Promise.all(pending.oldest.map(async (review) => ({ ...review, cardLink: await this.cardLink(review.card) })));
    return { pending: { count: pending.count, oldest }, channels, lastStepDown };
  }

  /** The card's permalink, so staff jump straight to it; none when Slack cannot give one. */
  private async cardLink(card: HomeReview['card']): Promise<string | null> {
    if (!card) return null;
    const response = await this.deps.client.chat.getPermalink({ channel: card.channel, message_ts: card.ts }).catch(() => null);
    return response?.permalink ?? null;
  }
}
