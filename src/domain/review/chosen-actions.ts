import { ReviewError } from './review-error';
import type { Review, ReviewDecision } from './types';

/**
 * Which proposed actions a decision runs, by index into the draft's
 * proposed actions. Approve runs them all (its button says how many),
 * reject runs none, and an edit runs only those the staff member ticked:
 * an edited reply may say the opposite of what the model proposed doing.
 * Throws a ReviewError for a choice that cannot be honoured.
 */
export function chosenActions(request: { decision: ReviewDecision; actions?: number[] }, proposed: number): number[] {
  const all = Array.from({ length: proposed }, (_, index) => index);
  const chosen = request.actions;
  if (request.decision === 'approve') {
    if (chosen && !sameSet(chosen, all)) throw new ReviewError('invalid_actions', 'Approve runs every proposed action; to run only some (or none), edit the reply and tick the ones to run.');
    return all;
  }
  if (request.decision === 'reject') {
    if (chosen && chosen.length > 0) throw new ReviewError('invalid_actions', 'Rejecting runs no action; to run some, edit the reply instead.');
    return [];
  }
  const unique = [...new Set(chosen ?? [])].sort((a, b) => a - b);
  if (unique.some((index) => !Number.isInteger(index) || index < 0 || index >= proposed)) {
    throw new ReviewError('invalid_actions', `Choose actions by their number in the draft: 0 to ${proposed - 1}.`);
  }
  return unique;
}

/** The actions a recorded decision runs (reviews decided before choices were recorded: approve all, edit none). */
export function actionsToRun(review: Pick<Review, 'status' | 'runActions'>, proposed: number): number[] {
  if (review.status === 'rejected') return [];
  if (review.runActions) return review.runActions;
  return review.status === 'approved' ? Array.from({ length: proposed }, (_, index) => index) : [];
}

function sameSet(left: number[], right: number[]): boolean {
  const set = new Set(left);
  return set.size === right.length && right.every((index) => set.has(index));
}
