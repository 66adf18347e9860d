import type { DeadlineNotifier, WaitingReview } from '../../domain/review/deadlines';
import type { Review } from '../../domain/review/types';
import type { StepDown } from '../../domain/rollout/step-down';
import { escapeAndTruncate, escapeMrkdwn, slackLink } from './blocks/mrkdwn';
import { formatDuration, mention } from './blocks/review-card';
import { type ReviewActionDependencies, updateCard } from './review-actions';
import type { SlackReplyChannel } from './slack-reply-channel';

/** What the safety nets say in the staff channel. Templates receive escaped mrkdwn or mentions we built. */
export const ALERT_STRINGS = {
  reminder: (count: number) => `⏰ ${count === 1 ? '1 question is' : `${count} questions are`} still waiting for a staff decision:`,
  kind: (kind: WaitingReview['kind']) => (kind === 'handoff' ? 'Handoff' : 'Review'),
  waiting: (duration: string) => `waiting ${duration}`,
  webChat: (channel: string) => `web chat (${channel})`,
  openCard: 'Open the card',
  more: (count: number) => `…and ${count} more (see the review console).`,
  expiresAfter: (duration: string) => `Reviews left undecided for ${duration} expire: the asker then gets a holding message and the review closes.`,
  steppedDown: (channel: string) => `⚠️ The *${channel}* channel is back to *supervised*: every reply waits for a teammate's review again.`,
  signOff: 'An admin can move it up again once the figures recover (the audit log has them).',
} as const;

/** Reviews listed by name in one reminder; the rest are counted. */
export const MAX_LISTED = 10;
const QUESTION_LENGTH = 120;

export interface StaffAlertDependencies extends Pick<ReviewActionDependencies, 'client' | 'drafts'> {
  reply: SlackReplyChannel;
  staffChannel: string;
  /** A user group (id S...) to mention, or null. */
  group: string | null;
  expireAfterMinutes: number | null;
}

/**
 * The safety nets' voice in the staff channel: one batched reminder per run,
 * the expired state on review cards, and the step-down alert. Every post is
 * keyed, so a retried run posts once.
 */
export class SlackStaffAlerts implements DeadlineNotifier {
  constructor(private readonly deps: StaffAlertDependencies) {}

  async remind(reviews: readonly WaitingReview[], key: string, now: Date): Promise<void> {
    const listed = reviews.slice(0, MAX_LISTED);
    const links = await Promise.all(listed.map((review) => this.cardLink(review)));
    const text = reminderText({ reviews, links, now, group: this.deps.group, expireAfterMinutes: this.deps.expireAfterMinutes });
    await this.deps.reply.post(key, { channel: this.deps.staffChannel, text });
  }

  async expired(review: Review): Promise<void> {
    if (review.card) await updateCard(this.deps, { review, actionResults: [] });
  }

  async steppedDown(stepDown: StepDown): Promise<void> {
    const text = stepDownText(stepDown, this.deps.group);
    await this.deps.reply.post(`step-down:${stepDown.channel.id}:${stepDown.at}`, { channel: this.deps.staffChannel, text });
  }

  /** The card's permalink, so staff can go straight to it; a reminder without links is still worth sending. */
  private async cardLink(review: WaitingReview): Promise<string | null> {
    if (!review.card) return null;
    const response = await this.deps.client.chat.getPermalink({ channel: review.card.channel, message_ts: review.card.ts }).catch(() => null);
    return response?.permalink ?? null;
  }
}

export function reminderText(input: { reviews: readonly WaitingReview[]; links: readonly (string | null)[]; now: Date; group: string | null; expireAfterMinutes: number | null }): string {
  const lines = [`${groupMention(input.group)}${ALERT_STRINGS.reminder(input.reviews.length)}`];
  for (const [index, review] of input.reviews.slice(0, MAX_LISTED).entries()) {
    const where = review.destination.kind === 'slack' ? mention(review.destination.channel, '#') : ALERT_STRINGS.webChat(escapeAndTruncate(review.channel, 64));
    const question = escapeAndTruncate(review.question.replace(/\s+/g, ' ').trim(), QUESTION_LENGTH);
    const parts = [`*${ALERT_STRINGS.kind(review.kind)}*`, ALERT_STRINGS.waiting(formatDuration(input.now.getTime() - Date.parse(review.createdAt))), where, `“${question}”`];
    const link = input.links[index] ? slackLink(input.links[index]!, ALERT_STRINGS.openCard) : null;
    if (link) parts.push(link);
    lines.push(`• ${parts.join(' · ')}`);
  }
  if (input.reviews.length > MAX_LISTED) lines.push(ALERT_STRINGS.more(input.reviews.length - MAX_LISTED));
  if (input.expireAfterMinutes !== null) lines.push(ALERT_STRINGS.expiresAfter(formatDuration(input.expireAfterMinutes * 60_000)));
  return lines.join('\n');
}

export function stepDownText(stepDown: StepDown, group: string | null): string {
  return [`${groupMention(group)}${ALERT_STRINGS.steppedDown(escapeAndTruncate(stepDown.channel.id, 64))}`, escapeMrkdwn(stepDown.verdict.reason), ALERT_STRINGS.signOff].join('\n');
}

/** Slack's special mention syntax for a user group: it notifies the group's members. */
function groupMention(group: string | null): string {
  return group ? `<!subteam^${group}> ` : '';
}
