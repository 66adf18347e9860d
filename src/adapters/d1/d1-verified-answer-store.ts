import type { VerifiedAnswer, VerifiedAnswerStore } from '../../domain/answer/verified-answers';
import type { AskerAudience } from '../../domain/answer/types';

interface VerifiedRow {
  id: string;
  audience: AskerAudience;
  question: string;
  answer: string;
  cited_chunk_ids: string;
  approved_at: string;
}

export class D1VerifiedAnswerStore implements VerifiedAnswerStore {
  constructor(private readonly db: D1Database) {}

  async recent(audience: AskerAudience, limit: number): Promise<VerifiedAnswer[]> {
    const { results } = await this.db
      .prepare('SELECT * FROM verified_answers WHERE audience = ? ORDER BY approved_at DESC LIMIT ?')
      .bind(audience, limit)
      .all<VerifiedRow>();
    return results.map((row) => ({
      id: row.id,
      audience: row.audience,
      question: row.question,
      answer: row.answer,
      citedChunkIds: JSON.parse(row.cited_chunk_ids) as string[],
      approvedAt: row.approved_at,
    }));
  }

  async save(answer: VerifiedAnswer): Promise<void> {
    await this.db
      .prepare('INSERT OR REPLACE INTO verified_answers (id, audience, question, answer, cited_chunk_ids, approved_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(answer.id, answer.audience, answer.question, answer.answer, JSON.stringify(answer.citedChunkIds), answer.approvedAt)
      .run();
  }
}
