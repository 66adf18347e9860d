import type { CalibrationModel, FeatureVector } from '../calibration/logistic';
import prior from './confidence-prior.json';

/**
 * The calibration every channel starts from: fitted by `npm run calibrate`
 * (scripts/calibrate.ts) on the development question sets in bench/questions
 * only, with the thresholds that meet each target share of approvable sent
 * replies on those sets (out-of-fold: each set scored by a model fitted on
 * the other). Model-mode features cannot be fitted offline; their weights are
 * set by hand (listed in `handSet`) until a channel's own decisions refit them.
 */
export interface ConfidencePrior {
  model: CalibrationModel;
  /** Lowest threshold meeting each target on the development sets, targets ascending. */
  thresholds: Array<{ target: number; threshold: number }>;
  handSet: string[];
  /** Mean feature values on the development sets: the "typical draft" reasons are relative to. */
  reference: FeatureVector;
}

export const CONFIDENCE_PRIOR: ConfidencePrior = prior;

/** The default share of sent replies staff would approve. */
export const DEFAULT_TARGET = 0.95;

/**
 * The prior's send threshold for a target share of approvable sent replies:
 * that of the smallest calibrated target at or above it (never a laxer one);
 * above every calibrated target, nothing is sent unreviewed (threshold 1).
 */
export function priorThresholdFor(target: number, calibrated: ConfidencePrior = CONFIDENCE_PRIOR): number {
  const entry = calibrated.thresholds.find((row) => row.target >= target - 1e-9);
  return entry ? entry.threshold : 1;
}
