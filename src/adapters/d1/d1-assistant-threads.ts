/** An assistant conversation the app knows of (see migrations/0010_slack_assistant.sql). */
export interface AssistantThread {
  channel: string;
  /** The assistant thread's ts, or '' for a DM in the agent view. */
  threadTs: string;
  userId: string;
  /** The channel the employee was last looking at, if Slack said. */
  contextChannel: string | null;
  titled: boolean;
}

interface ThreadRow {
  channel: string;
  thread_ts: string;
  user_id: string;
  context_channel: string | null;
  titled: number;
}

/** Marks the DM of the agent view (one row per DM, not per thread). */
export const WHOLE_DM = '';

/**
 * Assistant threads and agent-view DMs in D1: which conversations are the
 * assistant pane's (so progress shows as a status there), what the employee
 * is looking at, and whether the title was set. Also who opened the App Home.
 */
export class D1AssistantThreads {
  constructor(
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records a conversation; true when it is new (a redelivered event finds it recorded). */
  async start(channel: string, threadTs: string, userId: string, contextChannel: string | null): Promise<boolean> {
    const at = this.now().toISOString();
    const result = await this.db
      .prepare(
        `INSERT INTO slack_assistant_threads (channel, thread_ts, user_id, context_channel, titled, created_at, updated_at)
         VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (channel, thread_ts) DO NOTHING`,
      )
      .bind(channel, threadTs, userId, contextChannel, at, at)
      .run();
    if (result.meta.changes === 0 && contextChannel) await this.setContext(channel, threadTs, contextChannel);
    return result.meta.changes === 1;
  }

  async get(channel: string, threadTs: string): Promise<AssistantThread | null> {
    const row = await this.db.prepare('SELECT * FROM slack_assistant_threads WHERE channel = ? AND thread_ts = ?').bind(channel, threadTs).first<ThreadRow>();
    return row ? fromRow(row) : null;
  }

  /** The conversation a DM message belongs to: its assistant thread, else the agent-view DM. */
  async forMessage(channel: string, threadTs: string | null): Promise<AssistantThread | null> {
    const { results } = await this.db
      .prepare('SELECT * FROM slack_assistant_threads WHERE channel = ? AND thread_ts IN (?, ?) ORDER BY thread_ts DESC')
      .bind(channel, threadTs ?? WHOLE_DM, WHOLE_DM)
      .all<ThreadRow>();
    return results[0] ? fromRow(results[0]) : null;
  }

  async setContext(channel: string, threadTs: string, contextChannel: string | null): Promise<void> {
    await this.db
      .prepare('UPDATE slack_assistant_threads SET context_channel = ?, updated_at = ? WHERE channel = ? AND thread_ts = ?')
      .bind(contextChannel, this.now().toISOString(), channel, threadTs)
      .run();
  }

  /** For a context change that names the user but not the DM: every agent-view DM of theirs. */
  async setUserContext(userId: string, contextChannel: string | null): Promise<void> {
    await this.db
      .prepare('UPDATE slack_assistant_threads SET context_channel = ?, updated_at = ? WHERE user_id = ? AND thread_ts = ?')
      .bind(contextChannel, this.now().toISOString(), userId, WHOLE_DM)
      .run();
  }

  /** Claims the title of an assistant thread: true once, for the first question. */
  async claimTitle(channel: string, threadTs: string): Promise<boolean> {
    const result = await this.db
      .prepare('UPDATE slack_assistant_threads SET titled = 1, updated_at = ? WHERE channel = ? AND thread_ts = ? AND titled = 0')
      .bind(this.now().toISOString(), channel, threadTs)
      .run();
    return result.meta.changes === 1;
  }

  async rememberHomeViewer(userId: string, staff: boolean): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO slack_home_viewers (user_id, staff, opened_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET staff = excluded.staff, opened_at = excluded.opened_at`,
      )
      .bind(userId, staff ? 1 : 0, this.now().toISOString())
      .run();
  }

  /** Staff who opened the App Home most recently, newest first. */
  async recentStaffViewers(limit: number): Promise<string[]> {
    const { results } = await this.db
      .prepare('SELECT user_id FROM slack_home_viewers WHERE staff = 1 ORDER BY opened_at DESC LIMIT ?')
      .bind(limit)
      .all<{ user_id: string }>();
    return results.map((row) => row.user_id);
  }
}

function fromRow(row: ThreadRow): AssistantThread {
  return { channel: row.channel, threadTs: row.thread_ts, userId: row.user_id, contextChannel: row.context_channel, titled: row.titled === 1 };
}
