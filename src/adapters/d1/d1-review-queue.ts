/** One pending review as the live queue shows it. */
export interface QueueRow {
  id: string;
  kind: 'review' | 'handoff' | 'sample';
  channel: string;
  /** The asker's question, at most QUESTION_CHARS characters. */
  question: string;
  /** The start of the draft reply (as stored: light Markdown), at most DRAFT_CHARS characters. */
  draft: string;
  confidence: number;
  createdAt: string;
  /** Asked in a staff preview session (web chat with WEB_PREVIEW_KEY), not by a customer. */
  preview: boolean;
}

const QUESTION_CHARS = 300;
const DRAFT_CHARS = 400;

interface Row {
  id: string;
  kind: QueueRow['kind'];
  channel: string;
  created_at: string;
  question: string | null;
  draft: string | null;
  confidence: number | null;
  preview: number | null;
}

/**
 * The pending reviews, oldest first (who has waited longest), with only the
 * start of each question and draft: the queue page and its live stream read
 * this every few seconds, so it stays small and bounded by `limit`.
 */
export async function pendingQueue(db: D1Database, options: { channel?: string; limit: number }): Promise<QueueRow[]> {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.kind, r.channel, r.created_at,
              substr(d.question, 1, ${QUESTION_CHARS}) AS question, substr(d.answer, 1, ${DRAFT_CHARS}) AS draft, d.confidence, d.preview
       FROM reviews r LEFT JOIN drafts d ON d.id = r.draft_id
       WHERE r.status = 'pending' AND (?1 IS NULL OR r.channel = ?1)
       ORDER BY r.created_at ASC LIMIT ?2`,
    )
    .bind(options.channel ?? null, options.limit)
    .all<Row>();
  return results.map((row) => ({
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    question: row.question ?? '',
    draft: row.draft ?? '',
    confidence: row.confidence ?? 0,
    createdAt: row.created_at,
    preview: row.preview === 1,
  }));
}
