/** Which drafts were delivered as answers into which Slack conversations (table slack_answers). */
export class D1SlackAnswers {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Idempotent: a redelivery of the same answer keeps the first record. */
  async remember(draftId: string, channel: string, ts: string | null): Promise<void> {
    await this.db
      .prepare('INSERT INTO slack_answers (draft_id, channel, ts, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .bind(draftId, channel, ts, this.now().toISOString())
      .run();
  }

  async wasDelivered(draftId: string, channel: string): Promise<boolean> {
    return (await this.db.prepare('SELECT 1 AS found FROM slack_answers WHERE draft_id = ? AND channel = ?').bind(draftId, channel).first()) !== null;
  }
}
