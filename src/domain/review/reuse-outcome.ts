import { type ReuseRefusal, type VerifiedAnswer, verifiedAnswerFrom } from '../answer/verified-answers';
import type { Draft } from '../answer/types';
import type { Review } from './types';

/** What a decision did about reuse: nothing asked, kept as a verified answer, or refused (and why, for staff). */
export type ReuseOutcome = { status: 'not_requested' } | { status: 'stored'; answer: VerifiedAnswer } | ({ status: 'refused' } & ReuseRefusal);

export const NOT_REQUESTED: ReuseOutcome = { status: 'not_requested' };

/**
 * The reuse outcome of a decided review, a pure function of what was
 * recorded: the same on a retried completion, and on the console page that
 * shows it afterwards. Scoped to the review's channel kind (its destination).
 */
export function reuseOutcome(review: Review, draft: Draft): ReuseOutcome {
  if (!review.reuseRequested || review.finalText === null || (review.status !== 'approved' && review.status !== 'edited')) return NOT_REQUESTED;
  const result = verifiedAnswerFrom(draft, {
    text: review.finalText,
    at: new Date(review.decidedAt ?? review.createdAt),
    by: review.decidedBy,
    reviewId: review.id,
    channelKind: review.destination.kind,
  });
  return result.ok ? { status: 'stored', answer: result.answer } : { status: 'refused', ...result.refusal };
}

/** One line for staff: what happened to their reuse choice (null when they did not ask for reuse). */
export function reuseMessage(outcome: ReuseOutcome): string | null {
  if (outcome.status === 'not_requested') return null;
  if (outcome.status === 'stored') return 'Kept for reuse: similar questions from the same audience on this kind of channel get this reply (the policy still decides whether it is reviewed).';
  return outcome.message;
}
