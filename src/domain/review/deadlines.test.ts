import { describe, expect, it } from 'vitest';
import { EXPIRED_HOLDING_REPLY, type DeadlineNotifier, type ReviewDeadlineStore, runReviewDeadlines, type WaitingReview } from './deadlines';
import type { Destination, OutboundReply, ReplyChannel, Review } from './types';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

function review(id: string, createdMinutesAgo: number, overrides: Partial<WaitingReview> = {}): WaitingReview {
  return {
    id,
    draftId: `draft-${id}`,
    kind: 'review',
    channel: 'web',
    destination: { kind: 'web', conversationId: `conversation-${id}`, messageId: `message-${id}` },
    askerId: null,
    status: 'pending',
    createdAt: minutesAgo(createdMinutesAgo),
    decidedAt: null,
    decidedBy: null,
    finalText: null,
    rejectReason: null,
    runActions: null,
    reuseRequested: false,
    card: null,
    question: `question ${id}`,
    ...overrides,
  };
}

/** Rows and guarded transitions as D1 holds them (`UPDATE ... WHERE status = 'pending'`). */
class MemoryDeadlines implements ReviewDeadlineStore {
  readonly rows = new Map<string, WaitingReview & { remindedAt: string | null }>();
  add(...reviews: WaitingReview[]) {
    for (const row of reviews) this.rows.set(row.id, { ...row, remindedAt: null });
  }
  private waiting() {
    // Copies, as rows read from D1 are: a later change does not alter what was listed.
    return [...this.rows.values()].filter((row) => row.kind !== 'sample').sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((row) => ({ ...row }));
  }
  async awaitingReminder(createdBefore: string, limit: number) {
    return this.waiting().filter((row) => row.status === 'pending' && row.createdAt < createdBefore && row.remindedAt === null).slice(0, limit);
  }
  async markReminded(ids: readonly string[], at: string) {
    for (const id of ids) this.rows.get(id)!.remindedAt ??= at;
  }
  async dueForExpiry(createdBefore: string, expiredSince: string, limit: number) {
    return this.waiting()
      .filter((row) => (row.status === 'pending' && row.createdAt < createdBefore) || (row.status === 'expired' && row.finalText === null && row.decidedAt! >= expiredSince))
      .slice(0, limit);
  }
  async expire(id: string, at: string) {
    const row = this.rows.get(id)!;
    if (row.status !== 'pending') return false;
    Object.assign(row, { status: 'expired', decidedAt: at });
    return true;
  }
  async markExpiryDelivered(id: string, text: string) {
    const row = this.rows.get(id)!;
    if (row.status === 'expired') row.finalText ??= text;
  }
}

/** Delivers once per key, like the real channels; can be told to fail. */
class RecordingReply implements ReplyChannel {
  readonly delivered: { destination: Destination; reply: OutboundReply; key: string }[] = [];
  failNext = 0;
  async deliver(destination: Destination, reply: OutboundReply, key: string) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('slack is down');
    }
    if (this.delivered.some((entry) => entry.key === key)) return { delivered: false };
    this.delivered.push({ destination, reply, key });
    return { delivered: true };
  }
}

class RecordingNotifier implements DeadlineNotifier {
  readonly reminders: { ids: string[]; key: string }[] = [];
  readonly expiredCards: Review[] = [];
  async remind(reviews: readonly WaitingReview[], key: string) {
    this.reminders.push({ ids: reviews.map((row) => row.id), key });
  }
  async expired(closed: Review) {
    this.expiredCards.push(closed);
  }
}

function setup(config = { remindAfterMinutes: 30 as number | null, expireAfterMinutes: 1440 as number | null }) {
  const store = new MemoryDeadlines();
  const reply = new RecordingReply();
  const notifier = new RecordingNotifier();
  const events: string[] = [];
  const deps = { store, reply, notifier: notifier as DeadlineNotifier | null, config, log: (event: string) => void events.push(event) };
  return { store, reply, notifier, deps, events };
}

describe('runReviewDeadlines', () => {
  it('expires a review past the deadline: the asker gets the holding message once, under the approval key', async () => {
    const { store, reply, notifier, deps } = setup();
    store.add(review('old', 1500), review('fresh', 10));

    expect(await runReviewDeadlines(deps, NOW)).toEqual({ expired: 1, reminded: 0, failed: 0 });
    expect(reply.delivered).toEqual([{ destination: review('old', 1500).destination, reply: { text: EXPIRED_HOLDING_REPLY, draft: null, author: 'bot' }, key: 'review:old' }]);
    expect(store.rows.get('old')).toMatchObject({ status: 'expired', decidedAt: NOW.toISOString(), finalText: EXPIRED_HOLDING_REPLY });
    expect(store.rows.get('fresh')?.status).toBe('pending');
    expect(notifier.expiredCards.map((closed) => [closed.id, closed.status])).toEqual([['old', 'expired']]);

    await runReviewDeadlines(deps, new Date(NOW.getTime() + 5 * 60_000));
    expect(reply.delivered).toHaveLength(1);
  });

  it('sends nothing when staff decided first (the transition decides the race)', async () => {
    const { store, reply, notifier, deps } = setup();
    store.add(review('raced', 1500));
    const listed = store.dueForExpiry.bind(store);
    // Staff approve between the listing and the expiry's transition.
    store.dueForExpiry = async (...args) => {
      const rows = await listed(...args);
      Object.assign(store.rows.get('raced')!, { status: 'approved', decidedAt: NOW.toISOString(), finalText: 'Park on level -1.' });
      return rows;
    };
    expect(await runReviewDeadlines(deps, NOW)).toMatchObject({ expired: 0, failed: 0 });
    expect(reply.delivered).toEqual([]);
    expect(store.rows.get('raced')?.status).toBe('approved');
    expect(notifier.expiredCards).toEqual([]);
  });

  it('finishes an expiry whose holding message failed, on the next run', async () => {
    const { store, reply, deps, events } = setup();
    store.add(review('flaky', 1500));
    reply.failNext = 1;
    expect(await runReviewDeadlines(deps, NOW)).toMatchObject({ expired: 0, failed: 1 });
    expect(store.rows.get('flaky')).toMatchObject({ status: 'expired', finalText: null });
    expect(events).toContain('review-expiry-failed');

    expect(await runReviewDeadlines(deps, new Date(NOW.getTime() + 5 * 60_000))).toMatchObject({ expired: 1, failed: 0 });
    expect(reply.delivered.map((entry) => entry.key)).toEqual(['review:flaky']);
    expect(store.rows.get('flaky')?.finalText).toBe(EXPIRED_HOLDING_REPLY);
  });

  it('reminds staff once, in one message for all overdue reviews, keyed by the run minute', async () => {
    const { store, notifier, deps } = setup();
    store.add(review('a', 45), review('b', 90, { kind: 'handoff' }), review('new', 5), review('graded-later', 90, { kind: 'sample' }));

    expect(await runReviewDeadlines(deps, NOW)).toMatchObject({ reminded: 2 });
    expect(notifier.reminders).toEqual([{ ids: ['b', 'a'], key: 'remind:2026-11-26T12:00' }]);
    expect(store.rows.get('a')?.remindedAt).toBe(NOW.toISOString());

    await runReviewDeadlines(deps, new Date(NOW.getTime() + 5 * 60_000));
    expect(notifier.reminders).toHaveLength(1);
    await runReviewDeadlines(deps, new Date(NOW.getTime() + 30 * 60_000));
    expect(notifier.reminders.map((reminder) => reminder.ids)).toEqual([['b', 'a'], ['new']]);
  });

  it('expires rather than reminds a review past both deadlines, and never touches a sampled reply', async () => {
    const { store, reply, notifier, deps } = setup();
    store.add(review('ancient', 3000), review('sample', 3000, { kind: 'sample' }));
    await runReviewDeadlines(deps, NOW);
    expect(notifier.reminders).toEqual([]);
    expect(reply.delivered.map((entry) => entry.key)).toEqual(['review:ancient']);
    expect(store.rows.get('sample')?.status).toBe('pending');
  });

  it('does nothing that is switched off, and without a notifier leaves reviews unreminded', async () => {
    const off = setup({ remindAfterMinutes: null, expireAfterMinutes: null });
    off.store.add(review('old', 5000));
    expect(await runReviewDeadlines(off.deps, NOW)).toEqual({ expired: 0, reminded: 0, failed: 0 });
    expect(off.store.rows.get('old')).toMatchObject({ status: 'pending', remindedAt: null });

    const silent = setup();
    silent.deps.notifier = null;
    silent.store.add(review('waiting', 60));
    await runReviewDeadlines(silent.deps, NOW);
    expect(silent.store.rows.get('waiting')?.remindedAt).toBeNull();
  });
});
