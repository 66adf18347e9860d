import type { ReviewFilter, ReviewList, ReviewListItem } from '../../application/console-read-models';
import type { Destination, Review, ReviewStatus } from '../../domain/review/types';

interface Row {
  id: string;
  draft_id: string;
  kind: Review['kind'];
  status: ReviewStatus;
  channel: string;
  question: string | null;
  answer: string | null;
  confidence: number | null;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  final_text: string | null;
  reject_reason: string | null;
  destination: string;
}

/**
 * Reviews with their draft's question, reply and confidence. Pending ones
 * oldest first (the queue: who has waited longest), decided ones newest
 * first (the history). Bounded by `limit` and the status/channel indexes.
 */
export class D1ReviewList implements ReviewList {
  constructor(private readonly db: D1Database) {}

  list(filter: ReviewFilter): Promise<ReviewListItem[]> {
    return listReviews(this.db, filter);
  }
}

async function listReviews(db: D1Database, filter: ReviewFilter): Promise<ReviewListItem[]> {
  const statuses = filter.status === 'decided' ? ['approved', 'edited', 'rejected', 'expired'] : [filter.status];
  const where = [`r.status IN (${statuses.map(() => '?').join(', ')})`];
  const binds: (string | number)[] = [...statuses];
  if (filter.channel) {
    where.push('r.channel = ?');
    binds.push(filter.channel);
  }
  if (filter.from) {
    where.push('r.created_at >= ?');
    binds.push(`${filter.from}T00:00:00.000Z`);
  }
  if (filter.to) {
    where.push('r.created_at < ?');
    binds.push(new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString());
  }
  const order = filter.status === 'pending' ? 'r.created_at ASC' : 'COALESCE(r.decided_at, r.created_at) DESC';
  const { results } = await db
    .prepare(
      `SELECT r.id, r.draft_id, r.kind, r.status, r.channel, r.created_at, r.decided_at, r.decided_by, r.final_text, r.reject_reason, r.destination,
              d.question, d.answer, d.confidence
       FROM reviews r LEFT JOIN drafts d ON d.id = r.draft_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .bind(...binds, filter.limit, filter.offset ?? 0)
    .all<Row>();
  return results.map(toItem);
}

function toItem(row: Row): ReviewListItem {
  return {
    id: row.id,
    draftId: row.draft_id,
    kind: row.kind,
    status: row.status,
    channel: row.channel,
    question: row.question ?? '',
    draft: row.answer ?? '',
    confidence: row.confidence ?? 0,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    finalText: row.final_text,
    rejectReason: row.reject_reason,
    destination: JSON.parse(row.destination) as Destination,
  };
}
