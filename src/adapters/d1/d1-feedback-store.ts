/** Helpful / not helpful votes, one per person per draft (a second vote replaces the first). */
export class D1FeedbackStore {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(draftId: string, userId: string, helpful: boolean): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO feedback (draft_id, user_id, helpful, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (draft_id, user_id) DO UPDATE SET helpful = excluded.helpful, created_at = excluded.created_at`,
      )
      .bind(draftId, userId, helpful ? 1 : 0, this.now().toISOString())
      .run();
  }
}
