import { describe, expect, it } from 'vitest';
import { chatOpen } from './post-outcome';
import { REQUEUE_AFTER_MS, requeueDelay, requeuePlan } from './requeue-schedule';

describe('requeuePlan', () => {
  it('queues again only the questions whose delay has passed, and checks next at the soonest upcoming one', () => {
    const now = 10_000_000;
    const plan = requeuePlan(
      [
        { id: 'lost', enqueuedAt: now - REQUEUE_AFTER_MS, attempts: 0 },
        { id: 'fresh', enqueuedAt: now - 1000, attempts: 0 },
        { id: 'twice', enqueuedAt: now - 2 * REQUEUE_AFTER_MS, attempts: 2 },
      ],
      now,
    );
    expect(plan.due).toEqual([{ id: 'lost', attempts: 0 }]);
    // 'fresh' is due 59 s from now, sooner than the re-queued 'lost' (2 min) or 'twice' (2 more min).
    expect(plan.next).toBe(now - 1000 + REQUEUE_AFTER_MS);
  });

  it('doubles the delay per attempt up to an hour, and plans nothing when nothing waits', () => {
    expect([0, 1, 2, 10].map(requeueDelay)).toEqual([60_000, 120_000, 240_000, 3_600_000]);
    expect(requeuePlan([], 5)).toEqual({ due: [], next: null });
  });
});

describe('chatOpen', () => {
  it('takes customer messages from supervised on, and staff previews at every stage', () => {
    expect(chatOpen('internal', false)).toBe(false);
    expect(chatOpen('internal', true)).toBe(true);
    expect(chatOpen('supervised', false)).toBe(true);
    expect(chatOpen('autonomous', false)).toBe(true);
  });
});
