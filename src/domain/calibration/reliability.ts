import { wilsonInterval, type RateInterval } from './wilson';

/** A decision as the calibration sees it: what the model predicted and what staff did. */
export interface ScoredDecision {
  /** The model's P(approved unedited), in [0, 1]. */
  predicted: number;
  approved: boolean;
}

export interface ReliabilityBin {
  /** The bin covers predictions in [from, to); the last bin includes 1. */
  from: number;
  to: number;
  decisions: number;
  /** Mean prediction in the bin; null for an empty bin. */
  meanPredicted: number | null;
  /** Observed approval in the bin, with its Wilson interval. */
  observed: RateInterval;
}

/**
 * Predicted against observed approval in equal-width bins of the
 * prediction: a calibrated model has each bin's observed rate near its mean
 * prediction. Empty bins are kept so charts and tables line up.
 */
export function reliabilityBins(decisions: readonly ScoredDecision[], bins = 10): ReliabilityBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError('bins must be a positive whole number');
  const groups = Array.from({ length: bins }, () => ({ sum: 0, count: 0, approved: 0 }));
  for (const decision of decisions) {
    const index = Math.min(bins - 1, Math.max(0, Math.floor(decision.predicted * bins)));
    const group = groups[index]!;
    group.sum += decision.predicted;
    group.count += 1;
    if (decision.approved) group.approved += 1;
  }
  return groups.map((group, index) => ({
    from: round(index / bins),
    to: round((index + 1) / bins),
    decisions: group.count,
    meanPredicted: group.count > 0 ? group.sum / group.count : null,
    observed: wilsonInterval(group.approved, group.count),
  }));
}

const round = (value: number): number => Math.round(value * 1e9) / 1e9;
