import type { TrainingExampleRow, TrainingExamples } from '../../application/console-read-models';
import type { Passage } from '../../domain/answer/types';

interface Row {
  passages: string;
  review_id: string;
  source: TrainingExampleRow['source'];
  question: string;
  draft_answer: string;
  final_answer: string;
  created_at: string;
  audience: TrainingExampleRow['audience'];
  citations: string;
}

/** Staff-reviewed replies joined with their drafts (audience, citations, what retrieval returned). */
export class D1TrainingExamples implements TrainingExamples {
  constructor(private readonly db: D1Database) {}

  async list(filter: { since?: string; audience?: 'employee' | 'customer'; channel?: 'slack' | 'web'; limit: number }): Promise<TrainingExampleRow[]> {
    const { results } = await this.db
      .prepare(
        `SELECT t.review_id, t.source, t.question, t.draft_answer, t.final_answer, t.created_at, d.audience, d.citations, d.passages
         FROM training_examples t JOIN drafts d ON d.id = t.draft_id LEFT JOIN reviews r ON r.id = t.review_id
         WHERE (?1 IS NULL OR t.created_at >= ?1) AND (?2 IS NULL OR d.audience = ?2)
           AND (?4 IS NULL OR json_extract(r.destination, '$.kind') = ?4)
         ORDER BY t.created_at LIMIT ?3`,
      )
      .bind(filter.since ?? null, filter.audience ?? null, filter.limit, filter.channel ?? null)
      .all<Row>();
    return results.map((row) => ({
      reviewId: row.review_id,
      source: row.source,
      question: row.question,
      draftAnswer: row.draft_answer,
      finalAnswer: row.final_answer,
      createdAt: row.created_at,
      audience: row.audience,
      citations: JSON.parse(row.citations) as Passage[],
      retrieved: JSON.parse(row.passages) as TrainingExampleRow['retrieved'],
    }));
  }
}
