import { editSize } from './edit-size';
import { mean, percentile, ratio } from './stats';
import type { Ratio, ReviewFact } from './types';

export interface DecisionFigures {
  /** Reviews in the set, whatever their state. */
  total: number;
  pending: number;
  approved: number;
  edited: number;
  rejected: number;
  /** Nobody decided before the deadline. */
  expired: number;
  /** Judged by a person: approved + edited + rejected. */
  reviewed: number;
  /** Reached an end state: reviewed + expired. The denominator of every rate below. */
  closed: number;
  rates: {
    approvedWithoutEdits: Ratio;
    edited: Ratio;
    rejected: Ratio;
    expired: Ratio;
  };
  /** Rejected reviews whose draft proposed a write action. */
  rejectedActions: number;
  /** How much edited replies changed (see `editSize`): 0 unchanged … 1 all words replaced. */
  editSize: { measured: number; mean: number | null; p50: number | null; p90: number | null };
}

/**
 * Counts and rates of staff decisions. Rates are over closed reviews
 * (decided or expired): an expired review counts as not approved, because
 * nobody vouched for the draft, so letting reviews lapse cannot make a
 * channel look better. Pending reviews are in no rate.
 */
export function decisionFigures(reviews: readonly ReviewFact[]): DecisionFigures {
  const count = (status: ReviewFact['status']) => reviews.filter((review) => review.status === status).length;
  const approved = count('approved');
  const edited = count('edited');
  const rejected = count('rejected');
  const expired = count('expired');
  const reviewed = approved + edited + rejected;
  const closed = reviewed + expired;
  const sizes = reviews
    .filter((review) => review.status === 'edited' && review.draftAnswer !== null && review.finalText !== null)
    .map((review) => editSize(review.draftAnswer!, review.finalText!));
  return {
    total: reviews.length,
    pending: count('pending'),
    approved,
    edited,
    rejected,
    expired,
    reviewed,
    closed,
    rates: {
      approvedWithoutEdits: ratio(approved, closed),
      edited: ratio(edited, closed),
      rejected: ratio(rejected, closed),
      expired: ratio(expired, closed),
    },
    rejectedActions: reviews.filter((review) => review.status === 'rejected' && review.proposedActions > 0).length,
    editSize: { measured: sizes.length, mean: mean(sizes), p50: percentile(sizes, 50), p90: percentile(sizes, 90) },
  };
}
