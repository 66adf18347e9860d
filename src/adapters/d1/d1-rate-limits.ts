import type { WebChatLimits } from '../../domain/webchat/messages';
import { ipKey } from '../web/ip-key';

export type RateCheck = { ok: true } | { ok: false; retryAfter: number; message: string };

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute windows counted in D1: one upsert per key, so a burst
 * from many isolates (or many conversations from one IP) is counted in one
 * place. Each check counts the attempt, refused or not, so hammering does not
 * reopen the window early.
 */
export async function hit(db: D1Database, key: string, limit: number, nowMs: number): Promise<RateCheck> {
  const windowStart = windowOf(nowMs);
  const row = await upsert(db, key, windowStart).first<{ count: number }>();
  return (row?.count ?? 0) <= limit ? { ok: true } : refused(windowStart, nowMs);
}

function windowOf(nowMs: number): number {
  return Math.floor(nowMs / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
}

function upsert(db: D1Database, key: string, windowStart: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1
       RETURNING count`,
    )
    .bind(key, windowStart);
}

function refused(windowStart: number, nowMs: number): RateCheck {
  const retryAfter = Math.max(1, windowStart + WINDOW_SECONDS - Math.floor(nowMs / 1000));
  return { ok: false, retryAfter, message: `Too many messages. Try again in ${retryAfter} seconds.` };
}

/** A customer message: limited per conversation and per IP address (both counted in one round trip). */
export async function checkMessageRate(db: D1Database, who: { conversationId: string; ip: string }, limits: WebChatLimits, nowMs: number): Promise<RateCheck> {
  const windowStart = windowOf(nowMs);
  const [session, ip] = await db.batch<{ count: number }>([upsert(db, `session:${who.conversationId}`, windowStart), upsert(db, `ip:${ipKey(who.ip)}`, windowStart)]);
  if ((session?.results[0]?.count ?? 0) > limits.perSessionPerMinute) return refused(windowStart, nowMs);
  if ((ip?.results[0]?.count ?? 0) > limits.perIpPerMinute) return refused(windowStart, nowMs);
  return { ok: true };
}

/** Windows older than this are dead weight; the nightly job deletes them. */
export async function pruneRateLimits(db: D1Database, nowMs: number): Promise<void> {
  await db.prepare('DELETE FROM rate_limits WHERE window_start < ?').bind(Math.floor(nowMs / 1000) - 3600).run();
}
