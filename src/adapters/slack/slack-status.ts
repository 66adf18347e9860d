import type { StatusCounts } from '../d1/d1-slack-status';
import type { RolloutStage } from '../../domain/answer/types';

/** The `/countersign status` text: each channel's rollout stage and the review figures. */
export function slackStatus(counts: StatusCounts, channels: { id: string; stage: RolloutStage }[]): string {
  return [
    `*Rollout stages:* ${channels.map((channel) => `${channel.id === 'slack' ? 'Slack (employees)' : `web chat \`${channel.id}\``}: \`${channel.stage}\``).join(' · ')}`,
    `*Pending reviews:* ${counts.pending}`,
    `*Decided in the last 7 days:* ${counts.lastWeek.approved} approved, ${counts.lastWeek.edited} edited, ${counts.lastWeek.rejected} rejected`,
    `*Questions that could not be answered* (Slack errors, kept for staff): ${counts.failed}`,
  ].join('\n');
}
