import type { ScoredDecision } from './reliability';
import { type RateInterval, wilsonInterval } from './wilson';

/** Send threshold used when no threshold meets the target: a probability never reaches it, so every reply is reviewed. */
export const NO_SAFE_THRESHOLD = 1.01;

export interface TargetThreshold {
  /** Lowest threshold that meets the target; NO_SAFE_THRESHOLD when none does. */
  threshold: number;
  met: boolean;
  /** The decisions at or above the threshold and how many staff approved unedited. */
  approvalAbove: RateInterval;
}

/**
 * The lowest send threshold at which the lower bound of the 95% Wilson
 * interval on the approval of the decisions scoring at or above it meets
 * `target`. Candidates are the predictions themselves (between two of them
 * nothing changes), scanned upwards so the gate sends as much as the
 * evidence allows and no more.
 */
export function thresholdForTarget(decisions: readonly ScoredDecision[], target: number): TargetThreshold {
  if (!(target > 0 && target < 1)) throw new RangeError('target must be in (0, 1)');
  const sorted = [...decisions].sort((a, b) => b.predicted - a.predicted);
  // Walking from the top down, the set at or above each candidate grows one prediction value at a time.
  const candidates: { threshold: number; interval: RateInterval }[] = [];
  let approved = 0;
  for (let index = 0; index < sorted.length; index++) {
    const decision = sorted[index]!;
    if (decision.approved) approved++;
    const next = sorted[index + 1];
    if (next && next.predicted === decision.predicted) continue;
    candidates.push({ threshold: decision.predicted, interval: wilsonInterval(approved, index + 1) });
  }
  for (let index = candidates.length - 1; index >= 0; index--) {
    const candidate = candidates[index]!;
    if (candidate.interval.low >= target) return { threshold: candidate.threshold, met: true, approvalAbove: candidate.interval };
  }
  return { threshold: NO_SAFE_THRESHOLD, met: false, approvalAbove: wilsonInterval(0, 0) };
}
