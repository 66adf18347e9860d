import type { WebChatLimits } from '../../domain/webchat/messages';

export type RateCheck = { ok: true } | { ok: false; retryAfter: number; message: string };

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute windows counted in D1: one upsert per key, so a burst
 * from many isolates (or many conversations from one IP) is counted in one
 * place. Each check counts the attempt, refused or not, so hammering does not
 * reopen the window early.
 */
export async function hit(db: D1Database, key: string, limit: number, nowMs: number): Promise<RateCheck> {
  const windowStart = Math.floor(nowMs / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
       RETURNING count`,
    )
    .bind(key, windowStart)
    .first<{ count: number }>();
  if ((row?.count ?? 0) <= limit) return { ok: true };
  const retryAfter = Math.max(1, windowStart + WINDOW_SECONDS - Math.floor(nowMs / 1000));
  return { ok: false, retryAfter, message: `Too many messages. Try again in ${retryAfter} seconds.` };
}

/** A customer message: limited per conversation and per IP address. */
export async function checkMessageRate(db: D1Database, who: { conversationId: string; ip: string }, limits: WebChatLimits, nowMs: number): Promise<RateCheck> {
  const session = await hit(db, `session:${who.conversationId}`, limits.perSessionPerMinute, nowMs);
  if (!session.ok) return session;
  return hit(db, `ip:${who.ip}`, limits.perIpPerMinute, nowMs);
}

/** Windows older than this are dead weight; the nightly job deletes them. */
export async function pruneRateLimits(db: D1Database, nowMs: number): Promise<void> {
  await db.prepare('DELETE FROM rate_limits WHERE window_start < ?').bind(Math.floor(nowMs / 1000) - 3600).run();
}
