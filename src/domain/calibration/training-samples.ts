import type { FeatureVector, LabelledSample } from './logistic';

/** A staff decision the channel's model learns from, with the features its draft was scored on. */
export interface ChannelDecision {
  reviewId: string;
  decidedAt: string;
  /** `review`: held before sending; `sample`: a sent reply graded after the fact (post-hoc sampling). */
  kind: 'review' | 'sample';
  status: 'approved' | 'edited' | 'rejected';
  features: FeatureVector;
}

/**
 * The documented minimum before a channel gets its own model: this many
 * staff decisions, with at least MIN_EACH_OUTCOME approved unedited and as
 * many edited or rejected (a fit from one outcome only learns nothing but
 * the base rate, and a handful of one outcome is noise).
 */
export const MIN_DECISIONS = 30;
export const MIN_EACH_OUTCOME = 5;

/** Approved without edit = 1; edited or rejected = 0 (staff did not vouch for the draft as it was). */
export function toSample(decision: ChannelDecision): LabelledSample {
  return { features: decision.features, approved: decision.status === 'approved' };
}

export interface MinimumCheck {
  enough: boolean;
  decisions: number;
  approved: number;
  notApproved: number;
  /** Why not, in words, when not enough. */
  reason: string | null;
}

/** Whether the decisions meet the minimum for a refit. */
export function meetsMinimum(decisions: readonly ChannelDecision[]): MinimumCheck {
  const approved = decisions.filter((decision) => decision.status === 'approved').length;
  const notApproved = decisions.length - approved;
  const base = { decisions: decisions.length, approved, notApproved };
  if (decisions.length < MIN_DECISIONS) return { ...base, enough: false, reason: `${decisions.length} of the ${MIN_DECISIONS} staff decisions needed.` };
  if (approved < MIN_EACH_OUTCOME || notApproved < MIN_EACH_OUTCOME) {
    return { ...base, enough: false, reason: `Needs at least ${MIN_EACH_OUTCOME} approved unedited and ${MIN_EACH_OUTCOME} edited or rejected (has ${approved} and ${notApproved}).` };
  }
  return { ...base, enough: true, reason: null };
}
