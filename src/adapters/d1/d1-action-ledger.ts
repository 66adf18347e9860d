import type { ActionLedger, ActionOutcome } from '../../domain/answer/run-approved-action';

/** A claim older than this is presumed abandoned (its Worker died) and may be taken over. */
const STALE_CLAIM_MS = 5 * 60_000;

export class D1ActionLedger implements ActionLedger {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(key: string, action: { draftId: string; tool: string; arguments: Record<string, unknown> }) {
    const now = this.now();
    const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
    // Insert, or take over an abandoned claim; RETURNING yields a row only to the one winner.
    const won = await this.db
      .prepare(
        `INSERT INTO action_runs (key, draft_id, tool, arguments, status, started_at) VALUES (?, ?, ?, ?, 'running', ?)
         ON CONFLICT (key) DO UPDATE SET started_at = excluded.started_at
           WHERE action_runs.status = 'running' AND action_runs.started_at < ?
         RETURNING key`,
      )
      .bind(key, action.draftId, action.tool, JSON.stringify(action.arguments), now.toISOString(), staleBefore)
      .first<{ key: string }>();
    if (won) return { state: 'claimed' as const };
    const row = await this.db.prepare('SELECT status, result FROM action_runs WHERE key = ?').bind(key).first<{ status: string; result: string | null }>();
    if (!row || row.status === 'running') return { state: 'running' as const };
    const outcome: ActionOutcome =
      row.status === 'succeeded' ? { ok: true, result: row.result ?? '' } : { ok: false, error: row.result ?? 'failed', retryable: false };
    return { state: 'done' as const, outcome };
  }

  async finish(key: string, outcome: ActionOutcome): Promise<void> {
    await this.db
      .prepare("UPDATE action_runs SET status = ?, result = ?, finished_at = ? WHERE key = ? AND status = 'running'")
      .bind(outcome.ok ? 'succeeded' : 'failed', outcome.ok ? outcome.result : outcome.error, this.now().toISOString(), key)
      .run();
  }

  async release(key: string): Promise<void> {
    await this.db.prepare("DELETE FROM action_runs WHERE key = ? AND status = 'running'").bind(key).run();
  }
}
