import type { RolloutStage } from '../../domain/answer/types';

/** The `/countersign status` text: each channel's rollout stage and the review figures, from D1. */
export async function slackStatus(db: D1Database, channels: { id: string; stage: RolloutStage }[]): Promise<string> {
  const [reviews, week, failed] = await db.batch<{ status: string; n: number }>([
    db.prepare("SELECT status, count(*) AS n FROM reviews WHERE status = 'pending' GROUP BY status"),
    db.prepare("SELECT status, count(*) AS n FROM reviews WHERE decided_at >= datetime('now', '-7 days') GROUP BY status"),
    db.prepare("SELECT 'failed' AS status, count(*) AS n FROM inbound_events WHERE status = 'failed'"),
  ]);
  const count = (rows: { status: string; n: number }[] | undefined, status: string) => rows?.find((row) => row.status === status)?.n ?? 0;
  const lastWeek = week?.results ?? [];
  return [
    `*Rollout stages:* ${channels.map((channel) => `${channel.id === 'slack' ? 'Slack (employees)' : `web chat \`${channel.id}\``}: \`${channel.stage}\``).join(' · ')}`,
    `*Pending reviews:* ${count(reviews?.results, 'pending')}`,
    `*Decided in the last 7 days:* ${count(lastWeek, 'approved')} approved, ${count(lastWeek, 'edited')} edited, ${count(lastWeek, 'rejected')} rejected`,
    `*Questions that could not be answered* (Slack errors, kept for staff): ${count(failed?.results, 'failed')}`,
  ].join('\n');
}
