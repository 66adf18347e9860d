/** A reply a staff member sent from the console, as the audit log recorded it. */
export interface StaffReplyRecord {
  at: string;
  actor: string;
  text: string;
}

/**
 * Replies staff sent into a conversation from the console, oldest first. The
 * audit entry is the record (one per delivered reply): Slack threads keep no
 * copy of outbound messages here, so this is how the thread page shows them.
 */
export async function staffRepliesIn(db: D1Database, subject: string, limit = 100): Promise<StaffReplyRecord[]> {
  const { results } = await db
    .prepare("SELECT at, actor, json_extract(details, '$.text') AS text FROM audit_log WHERE action = 'conversation-replied' AND subject = ? ORDER BY at LIMIT ?")
    .bind(subject, limit)
    .all<{ at: string; actor: string; text: string | null }>();
  return results.map((row) => ({ at: row.at, actor: row.actor, text: row.text ?? '' }));
}
