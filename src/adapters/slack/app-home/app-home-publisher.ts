import type { WebClient } from '@slack/web-api';
import type { D1AppHomeFacts } from '../../d1/d1-app-home-facts';
import type { D1AssistantThreads } from '../../d1/d1-assistant-threads';
import { classifySlackError } from '../slack-errors';
import { appHomeView, type HomeChannel, type HomeReview } from './app-home-view';

export interface AppHomeDependencies {
  client: WebClient;
  staff: { isStaff(userId: string): Promise<boolean> };
  /** Whether the user is a full member of this workspace (not a guest or a Slack Connect user). */
  isMember(userId: string): Promise<boolean>;
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
    // An outsider sees what customers may read: no internal document, not even its folder.
    const reader = staff || (await this.deps.isMember(userId).catch(() => false)) ? 'internal' : 'public';
    await this.publishView(userId, staff, await this.view(staff, reader));
  }

  /**
   * After a decision: the staff Homes that were open lately show the new
   * queue. The view is built once (it is the same for every staff member);
   * each viewer's staff membership is checked again, so someone who left the
   * staff channel is not sent it. Best effort.
   */
  async refreshStaff(): Promise<void> {
    const viewers = await this.deps.threads.recentStaffViewers(REFRESHED_HOMES);
    if (viewers.length === 0) return;
    const view = await this.view(true);
    await Promise.all(
      viewers.map(async (userId) => {
        if (!(await this.deps.staff.isStaff(userId).catch(() => false))) return;
        await this.publishView(userId, true, view).catch((error: unknown) => this.deps.log('slack-home-refresh-failed', { code: classifySlackError(error).code }));
      }),
    );
  }

  private async view(staff: boolean, reader: 'internal' | 'public' = 'internal') {
    const [knowledge, staffFacts, botUserId] = await Promise.all([this.deps.facts.knowledge(LISTED_SOURCES, reader), staff ? this.staffFacts() : null, this.deps.botUserId()]);
    return appHomeView({ staff: staffFacts, knowledge, botUserId, command: this.deps.command, now: this.deps.now() });
  }

  private async publishView(userId: string, staff: boolean, view: ReturnType<typeof appHomeView>): Promise<void> {
    await this.deps.client.views.publish({ user_id: userId, view });
    await this.deps.threads.rememberHomeViewer(userId, staff);
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
