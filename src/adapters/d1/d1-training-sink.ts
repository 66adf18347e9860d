import type { TrainingSink } from '../../domain/review/types';

/** Training examples in D1, one per review (a repeated record is ignored). */
export class D1TrainingSink implements TrainingSink {
  constructor(private readonly db: D1Database) {}

  async record(example: Parameters<TrainingSink['record']>[0]): Promise<void> {
    await this.db
      .prepare(
        `INSERT OR IGNORE INTO training_examples (review_id, draft_id, source, question, draft_answer, final_answer, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(example.reviewId, example.draftId, example.source, example.question, example.draftAnswer, example.finalAnswer, example.createdAt)
      .run();
  }
}
