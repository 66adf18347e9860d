import type { ReviewDeadlineStore, WaitingReview } from '../../domain/review/deadlines';
import type { Destination, Review, ReviewCard, ReviewDecisionRecord, ReviewRepository, ReviewStatus } from '../../domain/review/types';

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
  run_actions: string | null;
  reuse_requested: number;
}

/** Characters of the question a reminder shows. */
const QUESTION_EXCERPT = 300;
/** The reviews an asker waits on; the reviews_by_status index (status, created_at) serves these queries. */
const WAITING = `SELECT r.*, COALESCE(substr(d.question, 1, ${QUESTION_EXCERPT}), '') AS question
  FROM reviews r LEFT JOIN drafts d ON d.id = r.draft_id
  WHERE r.kind IN ('review', 'handoff')`;

export class D1ReviewRepository implements ReviewRepository, ReviewDeadlineStore {
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
    decision: ReviewDecisionRecord,
  ): Promise<boolean> {
    // The guard on status makes this the single point where a decision happens:
    // concurrent clicks race here, and exactly one UPDATE changes a row (with its choices).
    const result = await this.db
      .prepare(
        `UPDATE reviews SET status = ?, decided_by = ?, decided_at = ?, final_text = ?, reject_reason = ?, run_actions = ?, reuse_requested = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .bind(status, decision.by, decision.at, decision.finalText, decision.rejectReason, JSON.stringify(decision.runActions), decision.reuseRequested ? 1 : 0, id)
      .run();
    return result.meta.changes === 1;
  }

  async setCard(id: string, card: ReviewCard): Promise<void> {
    await this.db.prepare('UPDATE reviews SET card = ? WHERE id = ?').bind(JSON.stringify(card), id).run();
  }

  async awaitingReminder(createdBefore: string, limit: number): Promise<WaitingReview[]> {
    const { results } = await this.db
      .prepare(`${WAITING} AND r.status = 'pending' AND r.created_at < ?1 AND r.reminded_at IS NULL ORDER BY r.created_at LIMIT ?2`)
      .bind(createdBefore, limit)
      .all<ReviewRow & { question: string }>();
    return results.map(waitingFromRow);
  }

  async markReminded(ids: readonly string[], at: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .prepare('UPDATE reviews SET reminded_at = ?1 WHERE id IN (SELECT value FROM json_each(?2)) AND reminded_at IS NULL')
      .bind(at, JSON.stringify(ids))
      .run();
  }

  async dueForExpiry(createdBefore: string, expiredSince: string, limit: number): Promise<WaitingReview[]> {
    // Two queries rather than an OR, so each is served by the status index.
    const [pending, unsent] = await this.db.batch<ReviewRow & { question: string }>([
      this.db.prepare(`${WAITING} AND r.status = 'pending' AND r.created_at < ?1 ORDER BY r.created_at LIMIT ?2`).bind(createdBefore, limit),
      this.db
        .prepare(`${WAITING} AND r.status = 'expired' AND r.final_text IS NULL AND r.decided_at >= ?1 ORDER BY r.created_at LIMIT ?2`)
        .bind(expiredSince, limit),
    ]);
    // Half the batch at most for deliveries still owed, so a long Slack outage cannot stop new expiries.
    const owed = unsent!.results.slice(0, Math.ceil(limit / 2));
    return [...owed, ...pending!.results].slice(0, limit).map(waitingFromRow);
  }

  async expire(id: string, at: string): Promise<boolean> {
    // Guarded like decide(): an expiry and a staff decision race here, and one wins.
    const result = await this.db.prepare("UPDATE reviews SET status = 'expired', decided_at = ? WHERE id = ? AND status = 'pending'").bind(at, id).run();
    return result.meta.changes === 1;
  }

  async markExpiryDelivered(id: string, text: string): Promise<void> {
    await this.db.prepare("UPDATE reviews SET final_text = ? WHERE id = ? AND status = 'expired' AND final_text IS NULL").bind(text, id).run();
  }
}

function waitingFromRow(row: ReviewRow & { question: string }): WaitingReview {
  return { ...fromRow(row), question: row.question };
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
    runActions: row.run_actions === null ? null : (JSON.parse(row.run_actions) as number[]),
    reuseRequested: row.reuse_requested === 1,
    card: row.card ? (JSON.parse(row.card) as ReviewCard) : null,
  };
}
