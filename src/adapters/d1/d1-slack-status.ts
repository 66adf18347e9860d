/** The figures `/countersign status` shows: pending reviews, last week's decisions, unanswerable questions. */
export interface StatusCounts {
  pending: number;
  lastWeek: { approved: number; edited: number; rejected: number };
  failed: number;
}

/** One round trip for the three counts. */
export async function statusCounts(db: D1Database): Promise<StatusCounts> {
  const [reviews, week, failed] = await db.batch<{ status: string; n: number }>([
    db.prepare("SELECT status, count(*) AS n FROM reviews WHERE status = 'pending' GROUP BY status"),
    db.prepare("SELECT status, count(*) AS n FROM reviews WHERE decided_at >= datetime('now', '-7 days') GROUP BY status"),
    db.prepare("SELECT 'failed' AS status, count(*) AS n FROM inbound_events WHERE status = 'failed'"),
  ]);
  const count = (rows: { status: string; n: number }[] | undefined, status: string) => rows?.find((row) => row.status === status)?.n ?? 0;
  const lastWeek = week?.results ?? [];
  return {
    pending: count(reviews?.results, 'pending'),
    lastWeek: { approved: count(lastWeek, 'approved'), edited: count(lastWeek, 'edited'), rejected: count(lastWeek, 'rejected') },
    failed: count(failed?.results, 'failed'),
  };
}
