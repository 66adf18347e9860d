/**
 * Outbound messages claimed by key before they are posted. `claim` answers
 * `post` to exactly one caller; `sent` when the message already went out;
 * `unknown` when an earlier attempt claimed it and never recorded the
 * outcome (it may have posted before crashing), which the channel adapter
 * resolves by looking for the message itself.
 */
export type DeliveryClaim = { state: 'post' } | { state: 'sent'; ref: string | null } | { state: 'in-progress' } | { state: 'unknown' };

/** An unrecorded claim older than this is presumed to have crashed. */
const STALE_MS = 60_000;

export class D1DeliveryLedger {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(key: string): Promise<DeliveryClaim> {
    const now = this.now().toISOString();
    const inserted = await this.db
      .prepare("INSERT INTO deliveries (key, status, created_at, updated_at) VALUES (?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING RETURNING key")
      .bind(key, now, now)
      .first<{ key: string }>();
    if (inserted) return { state: 'post' };
    const row = await this.db.prepare('SELECT status, message_ref, updated_at FROM deliveries WHERE key = ?').bind(key).first<{
      status: string;
      message_ref: string | null;
      updated_at: string;
    }>();
    if (!row) return { state: 'in-progress' };
    if (row.status === 'sent') return { state: 'sent', ref: row.message_ref };
    const stale = this.now().getTime() - Date.parse(row.updated_at) > STALE_MS;
    if (row.status === 'failed' || stale) {
      // Take the claim over (one winner): bump attempts only if nobody else just did.
      const taken = await this.db
        .prepare("UPDATE deliveries SET status = 'pending', attempts = attempts + 1, updated_at = ? WHERE key = ? AND updated_at = ? AND status <> 'sent'")
        .bind(now, key, row.updated_at)
        .run();
      if (taken.meta.changes === 1) return { state: 'unknown' };
    }
    return { state: 'in-progress' };
  }

  async markSent(key: string, ref: string | null): Promise<void> {
    await this.db.prepare("UPDATE deliveries SET status = 'sent', message_ref = ?, error = NULL, updated_at = ? WHERE key = ?").bind(ref, this.now().toISOString(), key).run();
  }

  async markFailed(key: string, error: string): Promise<void> {
    await this.db.prepare("UPDATE deliveries SET status = 'failed', error = ?, updated_at = ? WHERE key = ? AND status <> 'sent'").bind(error, this.now().toISOString(), key).run();
  }
}
