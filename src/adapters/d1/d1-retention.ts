import { log } from '../../log';

/**
 * Nightly clean-up (the Worker's cron trigger): Slack events that were
 * answered, ignored or given up on are deleted after INBOUND_RETENTION_DAYS
 * (0 keeps them forever), with the bookkeeping that only served them. Drafts,
 * reviews and training examples stay: they are the product's record and its
 * training data, and the question text lives on in the draft.
 */
export async function pruneInbound(db: D1Database, retentionDays: number, now = new Date()): Promise<{ events: number; deliveries: number }> {
  if (retentionDays <= 0) return { events: 0, deliveries: 0 };
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const [events, , deliveries] = await db.batch([
    db.prepare("DELETE FROM inbound_events WHERE status IN ('done', 'ignored', 'failed') AND updated_at < ?").bind(cutoff),
    db.prepare('DELETE FROM slack_messages WHERE event_key NOT IN (SELECT key FROM inbound_events)'),
    db.prepare("DELETE FROM deliveries WHERE status = 'sent' AND updated_at < ?").bind(cutoff),
  ]);
  const counts = { events: events?.meta.changes ?? 0, deliveries: deliveries?.meta.changes ?? 0 };
  log('retention-pruned', { ...counts, retentionDays });
  return counts;
}
