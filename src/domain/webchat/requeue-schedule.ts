/**
 * A question still 'queued' this long after it was queued is queued again (its
 * queue message may be lost), with a growing delay, until it is answered: the
 * queue's own dead-letter path gives up on it, never this schedule.
 */
export const REQUEUE_AFTER_MS = 60_000;
const MAX_REQUEUE_DELAY_MS = 60 * 60_000;

export function requeueDelay(attempts: number): number {
  return Math.min(MAX_REQUEUE_DELAY_MS, REQUEUE_AFTER_MS * 2 ** attempts);
}

/** Which waiting questions are due to be queued again now, and when the next check is (null: none waiting). */
export function requeuePlan(waiting: { id: string; enqueuedAt: number; attempts: number }[], now: number): { due: { id: string; attempts: number }[]; next: number | null } {
  const due: { id: string; attempts: number }[] = [];
  let next: number | null = null;
  for (const row of waiting) {
    const at = row.enqueuedAt + requeueDelay(row.attempts);
    if (at <= now) due.push({ id: row.id, attempts: row.attempts });
    const upcoming = at <= now ? now + requeueDelay(row.attempts + 1) : at;
    next = next === null ? upcoming : Math.min(next, upcoming);
  }
  return { due, next };
}
