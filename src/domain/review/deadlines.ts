import type { ReplyChannel, Review } from './types';

/** What the asker receives when nobody decided in time. The review is closed: no teammate reply follows. */
export const EXPIRED_HOLDING_REPLY =
  "Sorry, we couldn't get to your question in time. Please ask again, or reach out to the team another way if it's urgent.";

/** Reviews shown in one reminder run at most, and expired in one run at most; the rest wait for the next run. */
export const DEADLINE_BATCH = 100;
/** How long a run keeps retrying the holding message of a review it expired (after that, only the log knows). */
const REDELIVER_FOR_MS = 86_400_000;

/** A review someone is waiting on (kind review or handoff), with the start of the question for staff. */
export type WaitingReview = Review & { question: string };

/**
 * The queries the deadlines need. Only kinds review and handoff have an
 * asker waiting: a sampled reply already went out, so it is never reminded
 * of nor expired.
 */
export interface ReviewDeadlineStore {
  /** Pending reviews created before `createdBefore` that staff were not yet reminded of, oldest first. */
  awaitingReminder(createdBefore: string, limit: number): Promise<WaitingReview[]>;
  /** Records that staff were reminded, so each review is reminded of once. */
  markReminded(ids: readonly string[], at: string): Promise<void>;
  /**
   * Pending reviews created before `createdBefore`, then expired ones whose
   * holding message is not recorded as sent and that expired after
   * `expiredSince` (a run that stopped half way), oldest first.
   */
  dueForExpiry(createdBefore: string, expiredSince: string, limit: number): Promise<WaitingReview[]>;
  /**
   * The one atomic step of an expiry: pending → expired, guarded like a
   * decision, so an approval racing the deadline and the expiry cannot both
   * win. True for the one caller that made the transition.
   */
  expire(id: string, at: string): Promise<boolean>;
  /** Records the holding message as sent (the review's final text). */
  markExpiryDelivered(id: string, text: string): Promise<void>;
}

/** Tells staff; each method is best effort from the deadlines' point of view. */
export interface DeadlineNotifier {
  /** One message listing the overdue reviews; `key` makes a retried run post it once. */
  remind(reviews: readonly WaitingReview[], key: string, now: Date): Promise<void>;
  /** Shows the review as expired where staff see it (its card). */
  expired(review: Review): Promise<void>;
}

export interface DeadlineConfig {
  /** Minutes a review may wait before staff are reminded; null: no reminders. */
  remindAfterMinutes: number | null;
  /** Minutes after which the asker gets the holding message and the review closes; null: never. */
  expireAfterMinutes: number | null;
}

export interface DeadlineDependencies {
  store: ReviewDeadlineStore;
  /** Delivers to where the question came from (the same channel approvals use). */
  reply: ReplyChannel;
  /** Null: nowhere to remind staff (no Slack); reviews still expire. */
  notifier: DeadlineNotifier | null;
  config: DeadlineConfig;
  log(event: string, fields: Record<string, unknown>): void;
}

export interface DeadlineReport {
  expired: number;
  reminded: number;
  /** Reviews whose expiry could not be completed this run (retried next run). */
  failed: number;
}

/**
 * One run of the review deadlines (the scheduled handler calls it every few
 * minutes). Expiry comes first, so a review past both deadlines is closed,
 * not reminded of. `now` is the run's scheduled time: a retried run computes
 * the same cut-offs and the same reminder key.
 */
export async function runReviewDeadlines(deps: DeadlineDependencies, now: Date): Promise<DeadlineReport> {
  const { expired, failed } = await expireOverdue(deps, now);
  const reminded = await remindStaff(deps, now);
  return { expired, reminded, failed };
}

async function expireOverdue(deps: DeadlineDependencies, now: Date): Promise<{ expired: number; failed: number }> {
  const minutes = deps.config.expireAfterMinutes;
  if (minutes === null) return { expired: 0, failed: 0 };
  const at = now.toISOString();
  const due = await deps.store.dueForExpiry(minutesBefore(now, minutes), new Date(now.getTime() - REDELIVER_FOR_MS).toISOString(), DEADLINE_BATCH);
  let expired = 0;
  let failed = 0;
  for (const review of due) {
    try {
      // Lost the race: staff decided (their reply goes out), or another run
      // expired it (that run delivers, or the next run picks it up again).
      if (review.status === 'pending' && !(await deps.store.expire(review.id, at))) continue;
      // The same key an approval delivers under: whichever transition won, the asker gets one reply.
      await deps.reply.deliver(review.destination, { text: EXPIRED_HOLDING_REPLY, draft: null, author: 'bot' }, `review:${review.id}`);
      await deps.store.markExpiryDelivered(review.id, EXPIRED_HOLDING_REPLY);
      expired++;
      deps.log('review-expired', { reviewId: review.id, channel: review.channel });
    } catch (error) {
      failed++;
      deps.log('review-expiry-failed', { reviewId: review.id, error: (error as Error).name });
      continue;
    }
    const closed: Review = { ...review, status: 'expired', decidedAt: review.decidedAt ?? at, finalText: EXPIRED_HOLDING_REPLY };
    await deps.notifier?.expired(closed).catch((error: unknown) => deps.log('review-expiry-card-failed', { reviewId: review.id, error: (error as Error).name }));
  }
  return { expired, failed };
}

async function remindStaff(deps: DeadlineDependencies, now: Date): Promise<number> {
  const minutes = deps.config.remindAfterMinutes;
  if (minutes === null || !deps.notifier) return 0;
  const waiting = await deps.store.awaitingReminder(minutesBefore(now, minutes), DEADLINE_BATCH);
  if (waiting.length === 0) return 0;
  // Posted before the reviews are marked: a run that fails in between is
  // retried with the same key, which finds the message already posted.
  await deps.notifier.remind(waiting, `remind:${now.toISOString().slice(0, 16)}`, now);
  await deps.store.markReminded(waiting.map((review) => review.id), now.toISOString());
  deps.log('reviews-reminded', { count: waiting.length });
  return waiting.length;
}

function minutesBefore(now: Date, minutes: number): string {
  return new Date(now.getTime() - minutes * 60_000).toISOString();
}
