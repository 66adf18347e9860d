import type { Destination, Review, ReviewCard, ReviewRepository, ReviewStatus } from '../../domain/review/types';

interface ReviewRow {
  id: string;
  draft_id: string;
  kind: Review['kind'];
  destination: string;
  asker: string | null;
  status: ReviewStatus;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  final_text: string | null;
  reject_reason: string | null;
  card: string | null;
  channel: string;
}

export class D1ReviewRepository implements ReviewRepository {
  constructor(private readonly db: D1Database) {}

  async createForDraft(review: Review): Promise<Review> {
    await this.db
      .prepare(
        `INSERT INTO reviews (id, draft_id, kind, channel, destination, asker, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)
         ON CONFLICT (draft_id) DO NOTHING`,
      )
      .bind(review.id, review.draftId, review.kind, review.channel, JSON.stringify(review.destination), review.askerId, review.createdAt)
      .run();
    const row = await this.db.prepare('SELECT * FROM reviews WHERE draft_id = ?').bind(review.draftId).first<ReviewRow>();
    return fromRow(row!);
  }

  async get(id: string): Promise<Review | null> {
    const row = await this.db.prepare('SELECT * FROM reviews WHERE id = ?').bind(id).first<ReviewRow>();
    return row ? fromRow(row) : null;
  }

  async decide(
    id: string,
    status: Exclude<ReviewStatus, 'pending' | 'expired'>,
    decision: { by: string; at: string; finalText: string; rejectReason: string | null },
  ): Promise<boolean> {
    // The guard on status makes this the single point where a decision happens:
    // concurrent clicks race here, and exactly one UPDATE changes a row.
    const result = await this.db
      .prepare(
        `UPDATE reviews SET status = ?, decided_by = ?, decided_at = ?, final_text = ?, reject_reason = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .bind(status, decision.by, decision.at, decision.finalText, decision.rejectReason, id)
      .run();
    return result.meta.changes === 1;
  }

  async setCard(id: string, card: ReviewCard): Promise<void> {
    await this.db.prepare('UPDATE reviews SET card = ? WHERE id = ?').bind(JSON.stringify(card), id).run();
  }
}

function fromRow(row: ReviewRow): Review {
  return {
    id: row.id,
    draftId: row.draft_id,
    kind: row.kind,
    channel: row.channel,
    destination: JSON.parse(row.destination) as Destination,
    askerId: row.asker,
    status: row.status,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    finalText: row.final_text,
    rejectReason: row.reject_reason,
    card: row.card ? (JSON.parse(row.card) as ReviewCard) : null,
  };
}
