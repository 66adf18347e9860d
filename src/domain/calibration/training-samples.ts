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

/**
 * Approved without edit = 1; edited or rejected = 0 (staff did not vouch for the draft as it was).
 *
 * Weights undo the sampling: every draft below the send threshold is reviewed, but of the
 * replies sent unreviewed only a share (SAMPLE_RATE) is graded afterwards, so each graded one
 * stands for 1 / rate sent replies like it. Unweighted, the confident drafts the gate sends
 * would be under-represented by that factor and the refit would misjudge exactly the region
 * the threshold is chosen in. A rate outside (0, 1] (none configured) weighs 1.
 */
export function toSample(decision: ChannelDecision, sampleRate = 1): LabelledSample {
  const sample: LabelledSample = { features: decision.features, approved: decision.status === 'approved' };
  if (decision.kind === 'sample' && sampleRate > 0 && sampleRate < 1) sample.weight = 1 / sampleRate;
  return sample;
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
