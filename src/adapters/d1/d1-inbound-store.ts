/** Inbound Slack events and the small bits of Slack state the bot keeps, in D1. */
export class SlackInboundStore {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records an event once; false when this event id was already recorded (a Slack retry). */
  async record(key: string, payload: string): Promise<boolean> {
    const now = this.now().toISOString();
    const result = await this.db
      .prepare(
        `INSERT INTO inbound_events (key, source, payload, status, received_at, updated_at) VALUES (?, 'slack', ?, 'queued', ?, ?)
         ON CONFLICT (key) DO NOTHING`,
      )
      .bind(key, payload, now, now)
      .run();
    return result.meta.changes === 1;
  }

  /**
   * Claims an event for processing. 'claimed' for exactly one worker;
   * 'busy' while another holds a fresh claim (the caller retries later, so a
   * crashed claim is taken over once stale); 'finished' when already handled.
   */
  async claimProcessing(key: string, staleAfterMs = 2 * 60_000): Promise<'claimed' | 'busy' | 'finished'> {
    const now = this.now();
    const staleBefore = new Date(now.getTime() - staleAfterMs).toISOString();
    const result = await this.db
      .prepare(
        `UPDATE inbound_events SET status = 'processing', attempts = attempts + 1, updated_at = ?
         WHERE key = ? AND (status = 'queued' OR (status = 'processing' AND updated_at < ?))`,
      )
      .bind(now.toISOString(), key, staleBefore)
      .run();
    if (result.meta.changes === 1) return 'claimed';
    const row = await this.db.prepare('SELECT status FROM inbound_events WHERE key = ?').bind(key).first<{ status: string }>();
    return row?.status === 'processing' ? 'busy' : 'finished';
  }

  async get(key: string): Promise<{ payload: string; status: string; draftId: string | null; attempts: number } | null> {
    const row = await this.db
      .prepare('SELECT payload, status, draft_id, attempts FROM inbound_events WHERE key = ?')
      .bind(key)
      .first<{ payload: string; status: string; draft_id: string | null; attempts: number }>();
    return row ? { payload: row.payload, status: row.status, draftId: row.draft_id, attempts: row.attempts } : null;
  }

  /** Gives a claim back after a retryable failure, so the queue's retry can take it at once. */
  async release(key: string): Promise<void> {
    await this.db.prepare("UPDATE inbound_events SET status = 'queued', updated_at = ? WHERE key = ? AND status = 'processing'").bind(this.now().toISOString(), key).run();
  }

  async setStatus(key: string, status: 'done' | 'ignored' | 'failed', error: string | null = null): Promise<void> {
    await this.db.prepare('UPDATE inbound_events SET status = ?, error = ?, updated_at = ? WHERE key = ?').bind(status, error, this.now().toISOString(), key).run();
  }

  /**
   * Links the one draft that answers this event, in place of `replacing` (a
   * draft no longer fit to answer it) or of none; returns the draft id that won.
   */
  async attachDraft(key: string, draftId: string, replacing: string | null = null): Promise<string> {
    await this.db.prepare('UPDATE inbound_events SET draft_id = ? WHERE key = ? AND draft_id IS ?').bind(draftId, key, replacing).run();
    const row = await this.db.prepare('SELECT draft_id FROM inbound_events WHERE key = ?').bind(key).first<{ draft_id: string }>();
    return row!.draft_id;
  }

  /** Claims a Slack message for one event (two events can carry the same message). */
  async claimMessage(channel: string, ts: string, eventKey: string): Promise<boolean> {
    await this.db.prepare('INSERT INTO slack_messages (channel, ts, event_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').bind(channel, ts, eventKey).run();
    const row = await this.db.prepare('SELECT event_key FROM slack_messages WHERE channel = ? AND ts = ?').bind(channel, ts).first<{ event_key: string }>();
    return row?.event_key === eventKey;
  }

  async rememberThread(channel: string, threadTs: string): Promise<void> {
    await this.db
      .prepare('INSERT INTO slack_threads (channel, thread_ts, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
      .bind(channel, threadTs, this.now().toISOString())
      .run();
  }

  async isAnsweredThread(channel: string, threadTs: string): Promise<boolean> {
    return (await this.db.prepare('SELECT 1 AS found FROM slack_threads WHERE channel = ? AND thread_ts = ?').bind(channel, threadTs).first()) !== null;
  }
}
