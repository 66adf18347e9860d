import type { SlackUserCache, SlackUserFacts } from '../slack/asker-audience';

/** users.info facts cached in D1 (table slack_users), each fresh for a TTL. */
export class D1SlackUsers implements SlackUserCache {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The cached facts, or null when there are none younger than maxAgeMs. */
  async fresh(userId: string, maxAgeMs: number): Promise<SlackUserFacts | null> {
    const since = new Date(this.now().getTime() - maxAgeMs).toISOString();
    const row = await this.db
      .prepare('SELECT team_id, is_restricted, is_ultra_restricted FROM slack_users WHERE user_id = ? AND fetched_at > ?')
      .bind(userId, since)
      .first<{ team_id: string | null; is_restricted: number; is_ultra_restricted: number }>();
    return row ? { teamId: row.team_id, restricted: row.is_restricted === 1, ultraRestricted: row.is_ultra_restricted === 1 } : null;
  }

  async remember(userId: string, facts: SlackUserFacts): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO slack_users (user_id, team_id, is_restricted, is_ultra_restricted, fetched_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET team_id = excluded.team_id, is_restricted = excluded.is_restricted,
           is_ultra_restricted = excluded.is_ultra_restricted, fetched_at = excluded.fetched_at`,
      )
      .bind(userId, facts.teamId, facts.restricted ? 1 : 0, facts.ultraRestricted ? 1 : 0, this.now().toISOString())
      .run();
  }
}
