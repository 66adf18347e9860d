import type { AskerAudience } from '../../domain/answer/types';
import type { ReuseScope, VerifiedAnswer, VerifiedAnswerStatus, VerifiedAnswerStore } from '../../domain/answer/verified-answers';
import type { ChannelKind } from '../../domain/rollout/types';

interface VerifiedRow {
  id: string;
  audience: AskerAudience;
  channel_kind: ChannelKind | null;
  question: string;
  answer: string;
  cited_chunk_ids: string;
  approved_at: string;
  approved_by: string | null;
  review_id: string | null;
  status: VerifiedAnswerStatus;
  reuse_count: number;
  last_used_at: string | null;
  retired_at: string | null;
  retired_by: string | null;
}

/** A verified answer as the console and the admin API list it: with who retired it, and the sources it rests on. */
export interface ListedVerifiedAnswer extends VerifiedAnswer {
  retiredAt: string | null;
  retiredBy: string | null;
  /** The cited passages as staff saw them when approving (titles and links), from the draft. */
  sources: { chunkId: string; title: string; url: string | null; current: boolean }[];
}

export class D1VerifiedAnswerStore implements VerifiedAnswerStore {
  constructor(private readonly db: D1Database) {}

  async reusable(scope: ReuseScope, limit: number): Promise<VerifiedAnswer[]> {
    // The verified_answers_reusable index (status, audience, channel_kind, approved_at) serves this.
    const { results } = await this.db
      .prepare("SELECT * FROM verified_answers WHERE status = 'active' AND audience = ? AND channel_kind = ? ORDER BY approved_at DESC LIMIT ?")
      .bind(scope.audience, scope.channelKind, limit)
      .all<VerifiedRow>();
    return results.map(fromRow);
  }

  async save(answer: VerifiedAnswer): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO verified_answers (id, audience, channel_kind, question, answer, cited_chunk_ids, approved_at, approved_by, review_id, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .bind(answer.id, answer.audience, answer.channelKind, answer.question, answer.answer, JSON.stringify(answer.citedChunkIds), answer.approvedAt, answer.approvedBy, answer.reviewId, answer.status)
      .run();
  }

  async recordUse(id: string, at: string): Promise<void> {
    await this.db.prepare('UPDATE verified_answers SET reuse_count = reuse_count + 1, last_used_at = max(COALESCE(last_used_at, ?1), ?1) WHERE id = ?2').bind(at, id).run();
  }

  async get(id: string): Promise<VerifiedAnswer | null> {
    const row = await this.db.prepare('SELECT * FROM verified_answers WHERE id = ?').bind(id).first<VerifiedRow>();
    return row ? fromRow(row) : null;
  }

  /** Newest first, optionally one status; with the cited sources from the approving draft. */
  async list(filter: { status?: VerifiedAnswerStatus; limit: number }): Promise<ListedVerifiedAnswer[]> {
    const { results } = await this.db
      .prepare(
        `SELECT v.*, d.citations AS draft_citations,
                (SELECT json_group_array(c.id) FROM chunks c WHERE c.id IN (SELECT value FROM json_each(v.cited_chunk_ids))) AS current_chunks
         FROM verified_answers v LEFT JOIN drafts d ON d.id = v.id
         WHERE (?1 IS NULL OR v.status = ?1) ORDER BY v.approved_at DESC LIMIT ?2`,
      )
      .bind(filter.status ?? null, filter.limit)
      .all<VerifiedRow & { draft_citations: string | null; current_chunks: string }>();
    return results.map((row) => {
      const cited = row.draft_citations ? (JSON.parse(row.draft_citations) as { chunkId: string; title: string; url: string | null }[]) : [];
      const current = new Set(JSON.parse(row.current_chunks) as string[]);
      const byChunk = new Map(cited.map((citation) => [citation.chunkId, citation]));
      const answer = fromRow(row);
      return {
        ...answer,
        retiredAt: row.retired_at,
        retiredBy: row.retired_by,
        sources: answer.citedChunkIds.map((chunkId) => ({
          chunkId,
          title: byChunk.get(chunkId)?.title ?? chunkId,
          url: byChunk.get(chunkId)?.url ?? null,
          current: current.has(chunkId),
        })),
      };
    });
  }

  /** Stops an answer's reuse. False when there is no such answer or it was retired already (nothing changed). */
  async retire(id: string, by: string, at: string): Promise<boolean> {
    const result = await this.db
      .prepare("UPDATE verified_answers SET status = 'retired', retired_by = ?, retired_at = ? WHERE id = ? AND status != 'retired'")
      .bind(by, at, id)
      .run();
    return result.meta.changes === 1;
  }

  /**
   * Lets an answer stored before reuse was a choice be reused, once an admin
   * has read it: only from 'unconfirmed', and only with a known channel kind.
   */
  async confirm(id: string, by: string): Promise<boolean> {
    const result = await this.db
      .prepare("UPDATE verified_answers SET status = 'active', approved_by = COALESCE(approved_by, ?) WHERE id = ? AND status = 'unconfirmed' AND channel_kind IS NOT NULL")
      .bind(by, id)
      .run();
    return result.meta.changes === 1;
  }
}

function fromRow(row: VerifiedRow): VerifiedAnswer {
  return {
    id: row.id,
    audience: row.audience,
    channelKind: row.channel_kind,
    question: row.question,
    answer: row.answer,
    citedChunkIds: JSON.parse(row.cited_chunk_ids) as string[],
    approvedAt: row.approved_at,
    approvedBy: row.approved_by,
    reviewId: row.review_id,
    status: row.status,
    reuseCount: row.reuse_count,
    lastUsedAt: row.last_used_at,
  };
}
